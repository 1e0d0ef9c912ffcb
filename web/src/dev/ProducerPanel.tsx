import { useId, useState, type FormEvent } from 'react';
import type { NotificationType, Priority } from '@notifications/client';
import { apiBaseUrl } from '../config';
import { fetchDevToken } from '../session/devAuth';
import { useSession } from '../session/SessionContext';
import { notificationTypes, priorities, typeAppearance } from '../notificationTypes';

/** The producer a Development page uses; its token has role `service`. */
const producerId = 'web-dev-producer';
let serviceToken: Promise<string> | null = null;

/**
 * Development only: creates notifications for the signed-in user as a producer would
 * (`POST /api/notifications` with a `service` token), to watch the inbox react.
 */
export function ProducerPanel() {
  const { userId } = useSession();
  const [type, setType] = useState<NotificationType>('new_message');
  const [priority, setPriority] = useState<Priority | ''>('');
  const [title, setTitle] = useState('');
  const [content, setContent] = useState('');
  const [conversationId, setConversationId] = useState('');
  const [count, setCount] = useState(1);
  const [result, setResult] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ids = { type: useId(), priority: useId(), title: useId(), content: useId(), conversation: useId(), count: useId() };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    try {
      serviceToken ??= fetchDevToken(producerId, ['service']);
      const token = await serviceToken;
      const body = {
        userId,
        type,
        ...(priority ? { priority } : {}),
        ...(title ? { title } : {}),
        ...(content ? { content } : {}),
        ...(conversationId ? { conversationId } : {}),
        senderId: producerId,
        senderUsername: 'Dev producer',
      };
      const answers = await Promise.all(
        Array.from({ length: count }, () =>
          fetch(`${apiBaseUrl}/api/notifications`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
            body: JSON.stringify(body),
          }).then(async (response) => ((await response.json()) as { status?: string; title?: string }).status ?? `${response.status}`),
        ),
      );
      const tally = new Map<string, number>();
      for (const answer of answers) tally.set(answer, (tally.get(answer) ?? 0) + 1);
      setResult([...tally].map(([status, n]) => `${n} ${status}`).join(', '));
    } catch (error) {
      serviceToken = null;
      setResult(`Failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="producer">
      <summary>Development: create notifications for {userId}</summary>
      <form onSubmit={create} className="producer-form">
        <label htmlFor={ids.type}>Type</label>
        <select id={ids.type} value={type} onChange={(event) => setType(event.target.value as NotificationType)}>
          {notificationTypes.map((value) => (
            <option key={value} value={value}>
              {typeAppearance[value].icon} {typeAppearance[value].label}
            </option>
          ))}
        </select>
        <label htmlFor={ids.priority}>Priority</label>
        <select id={ids.priority} value={priority} onChange={(event) => setPriority(event.target.value as Priority | '')}>
          <option value="">The type's default</option>
          {priorities.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
        <label htmlFor={ids.title}>Title</label>
        <input id={ids.title} value={title} maxLength={200} placeholder="generated when empty" onChange={(event) => setTitle(event.target.value)} />
        <label htmlFor={ids.content}>Content</label>
        <input id={ids.content} value={content} onChange={(event) => setContent(event.target.value)} />
        <label htmlFor={ids.conversation}>Conversation id</label>
        <input id={ids.conversation} value={conversationId} onChange={(event) => setConversationId(event.target.value)} />
        <label htmlFor={ids.count}>How many</label>
        <input id={ids.count} type="number" min={1} max={50} value={count} onChange={(event) => setCount(Math.min(50, Math.max(1, Number(event.target.value) || 1)))} />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create'}
        </button>
        {result ? <output className="producer-result">{result}</output> : null}
      </form>
    </details>
  );
}
