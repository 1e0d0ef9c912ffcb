import { useEffect, useId, useState } from 'react';
import type { InboxFilter, NotificationType } from '@notifications/client';
import { useInbox, useSession } from '../session/SessionContext';
import { notificationTypes, typeAppearance } from '../notificationTypes';

/** Type, unread-only and conversation filters; each change asks the library for page 1 of that filter. */
export function Filters() {
  const { client } = useSession();
  const filter = useInbox((state) => state.filter);
  const [conversation, setConversation] = useState(filter.conversationId ?? '');
  const typeId = useId();
  const conversationId = useId();
  useEffect(() => setConversation(filter.conversationId ?? ''), [filter.conversationId]);

  const apply = (change: Partial<InboxFilter>) => {
    const next: InboxFilter = { ...filter, ...change };
    // An absent property means "no filter"; the library keeps absent and undefined apart from values.
    for (const key of Object.keys(next) as (keyof InboxFilter)[]) if (next[key] === undefined) delete next[key];
    void client.setFilter(next);
  };
  const applyConversation = () => {
    const value = conversation.trim();
    if (value !== (filter.conversationId ?? '')) apply({ conversationId: value === '' ? undefined : value });
  };

  return (
    <form
      className="filters"
      aria-label="Filters"
      onSubmit={(event) => {
        event.preventDefault();
        applyConversation();
      }}
    >
      <label htmlFor={typeId}>Type</label>
      <select
        id={typeId}
        value={filter.type ?? ''}
        onChange={(event) => apply({ type: event.target.value === '' ? undefined : (event.target.value as NotificationType) })}
      >
        <option value="">All types</option>
        {notificationTypes.map((type) => (
          <option key={type} value={type}>
            {typeAppearance[type].icon} {typeAppearance[type].label}
          </option>
        ))}
      </select>
      <label className="checkbox">
        <input type="checkbox" checked={filter.isRead === false} onChange={(event) => apply({ isRead: event.target.checked ? false : undefined })} />
        Unread only
      </label>
      <label htmlFor={conversationId}>Conversation</label>
      <input
        id={conversationId}
        type="search"
        placeholder="conversation id"
        value={conversation}
        onChange={(event) => setConversation(event.target.value)}
        onBlur={applyConversation}
      />
    </form>
  );
}
