import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { RequestError, type NotificationType, type Preferences } from '@notifications/client';
import { useSession } from '../session/SessionContext';
import { notificationTypes, typeAppearance } from '../notificationTypes';

interface Draft {
  disabledTypes: NotificationType[];
  mutedConversations: string[];
  dnd: { enabled: boolean; start: string; end: string; timeZone: string };
  /** Kept as stored: a PUT replaces the whole document, and an omitted pause would end it. */
  pausedUntil: string | null;
}

type FieldErrors = Record<string, string[]>;

function toDraft(preferences: Preferences): Draft {
  return {
    disabledTypes: preferences.disabledTypes ?? [],
    mutedConversations: preferences.mutedConversations ?? [],
    dnd: {
      enabled: preferences.dnd?.enabled ?? false,
      start: preferences.dnd?.start ?? '22:00',
      end: preferences.dnd?.end ?? '07:00',
      timeZone: preferences.dnd?.timeZone ?? 'UTC',
    },
    pausedUntil: preferences.pausedUntil ?? null,
  };
}

/** The field errors of a refused save: the 400 problem's `errors` (RFC 9457 `errors`: field → messages). */
function fieldErrorsOf(error: unknown): { message: string; errors: FieldErrors } {
  if (error instanceof RequestError) {
    return { message: error.message, errors: error.problem?.errors ?? {} };
  }

  return { message: error instanceof Error ? error.message : 'The preferences could not be saved.', errors: {} };
}

function timeZones(): string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** The account's preferences on the service: disabled types, muted conversations, do-not-disturb. */
export function PreferencesView() {
  const { client } = useSession();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<{ message: string; errors: FieldErrors } | null>(null);
  const [newConversation, setNewConversation] = useState('');
  const zones = useMemo(timeZones, []);
  const ids = { muted: useId(), start: useId(), end: useId(), zone: useId() };

  useEffect(() => {
    let live = true;
    client.getPreferences().then(
      (preferences) => live && setDraft(toDraft(preferences)),
      (error: unknown) => live && setLoadError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [client]);

  if (loadError) return <p role="alert">Preferences could not be loaded: {loadError}</p>;
  if (!draft) return <p>Loading preferences…</p>;

  const update = (change: Partial<Draft>) => {
    setSaved(false);
    setDraft({ ...draft, ...change });
  };
  const updateDnd = (change: Partial<Draft['dnd']>) => update({ dnd: { ...draft.dnd, ...change } });
  const errorsFor = (...fields: string[]) =>
    Object.entries(failure?.errors ?? {})
      .filter(([field]) => fields.some((name) => field.toLowerCase() === name.toLowerCase() || field.toLowerCase().startsWith(`${name.toLowerCase()}[`) || field.toLowerCase().startsWith(`${name.toLowerCase()}.`)))
      .flatMap(([, messages]) => messages);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setFailure(null);
    setSaved(false);
    try {
      const stored = await client.setPreferences(draft);
      setDraft(toDraft(stored));
      setSaved(true);
    } catch (error) {
      setFailure(fieldErrorsOf(error));
    } finally {
      setSaving(false);
    }
  };

  const addMuted = () => {
    const value = newConversation.trim();
    if (value === '' || draft.mutedConversations.includes(value)) return;
    update({ mutedConversations: [...draft.mutedConversations, value] });
    setNewConversation('');
  };

  return (
    <form className="preferences" onSubmit={save} noValidate aria-labelledby="preferences-heading">
      <h2 id="preferences-heading">Preferences</h2>

      <fieldset>
        <legend>Notification types you receive</legend>
        {notificationTypes.map((type) => (
          <label key={type} className="checkbox">
            <input
              type="checkbox"
              checked={!draft.disabledTypes.includes(type)}
              onChange={(event) =>
                update({
                  disabledTypes: event.target.checked ? draft.disabledTypes.filter((disabled) => disabled !== type) : [...draft.disabledTypes, type],
                })
              }
            />
            <span aria-hidden="true">{typeAppearance[type].icon}</span> {typeAppearance[type].label}
          </label>
        ))}
        <FieldError messages={errorsFor('disabledTypes')} />
      </fieldset>

      <fieldset>
        <legend>Muted conversations</legend>
        <p className="hint">New messages, replies, reactions and joins in these conversations are not delivered; mentions still are.</p>
        <ul className="muted-list">
          {draft.mutedConversations.map((conversation) => (
            <li key={conversation}>
              <span>{conversation}</span>
              <button
                type="button"
                aria-label={`Unmute ${conversation}`}
                onClick={() => update({ mutedConversations: draft.mutedConversations.filter((muted) => muted !== conversation) })}
              >
                Unmute
              </button>
            </li>
          ))}
        </ul>
        <label htmlFor={ids.muted}>Conversation id</label>
        <input
          id={ids.muted}
          value={newConversation}
          onChange={(event) => setNewConversation(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              addMuted();
            }
          }}
        />
        <button type="button" onClick={addMuted}>
          Mute
        </button>
        <FieldError messages={errorsFor('mutedConversations')} />
      </fieldset>

      <fieldset>
        <legend>Do not disturb</legend>
        <p className="hint">Notifications still arrive during the window, silently (no toast); urgent ones are always announced.</p>
        <label className="checkbox">
          <input type="checkbox" checked={draft.dnd.enabled} onChange={(event) => updateDnd({ enabled: event.target.checked })} />
          Enabled
        </label>
        <label htmlFor={ids.start}>From (HH:mm)</label>
        <input id={ids.start} type="time" value={draft.dnd.start} onChange={(event) => updateDnd({ start: event.target.value })} />
        <FieldError messages={errorsFor('dnd.start', 'start')} />
        <label htmlFor={ids.end}>Until (HH:mm)</label>
        <input id={ids.end} type="time" value={draft.dnd.end} onChange={(event) => updateDnd({ end: event.target.value })} />
        <FieldError messages={errorsFor('dnd.end', 'end')} />
        <label htmlFor={ids.zone}>Time zone</label>
        <select id={ids.zone} value={draft.dnd.timeZone} onChange={(event) => updateDnd({ timeZone: event.target.value })}>
          {(zones.includes(draft.dnd.timeZone) ? zones : [draft.dnd.timeZone, ...zones]).map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
        <FieldError messages={errorsFor('dnd.timeZone', 'timeZone', 'dnd')} />
      </fieldset>

      {failure ? (
        <div role="alert" className="form-error">
          <p>{failure.message}</p>
          {Object.keys(failure.errors).length > 0 ? (
            <ul>
              {Object.entries(failure.errors).map(([field, messages]) => (
                <li key={field}>
                  <code>{field}</code>: {messages.join(' ')}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save preferences'}
        </button>
        {saved ? <span className="saved">Saved.</span> : null}
      </div>
    </form>
  );
}

function FieldError({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return <p className="field-error">{messages.join(' ')}</p>;
}
