import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { RequestError, type NotificationType, type Preferences } from '@notifications/client';
import { useStore } from 'zustand';
import { useSession } from '../session/SessionContext';
import { notificationTypes, typeAppearance } from '../notificationTypes';
import { useNow } from '../relativeTime';
import { pauseChoices } from '../time/choices';
import { formatInZone } from '../time/zonedTime';

interface Draft {
  disabledTypes: NotificationType[];
  mutedConversations: string[];
  dnd: { enabled: boolean; start: string; end: string; timeZone: string };
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

/**
 * The account's preferences on the service: a pause, disabled types, muted conversations,
 * do-not-disturb. The pause is saved at once (it is a switch, not a form field); the form keeps the
 * stored pause when it saves, since a PUT replaces the whole document.
 */
export function PreferencesView() {
  const session = useSession();
  const { client } = session;
  const stored = useStore(session.preferences);
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
      (preferences) => {
        if (!live) return;
        session.preferences.setState(preferences, true);
        setDraft(toDraft(preferences));
      },
      (error: unknown) => live && setLoadError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      live = false;
    };
  }, [client, session.preferences]);

  if (loadError) return <p role="alert">Preferences could not be loaded: {loadError}</p>;
  if (!draft || !stored) return <p>Loading preferences…</p>;

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
      const result = await client.setPreferences({ ...draft, pausedUntil: stored.pausedUntil });
      session.preferences.setState(result, true);
      setDraft(toDraft(result));
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

      <PauseControl stored={stored} />

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

/**
 * Pause every notification for a while (API.md v2 `pausedUntil`): still stored and counted, but
 * silent (no toast), urgent ones excepted; the pause ends by itself. Times are on the wall clock
 * of the do-not-disturb time zone, as stored.
 */
function PauseControl({ stored }: { stored: Preferences }) {
  const session = useSession();
  const now = useNow();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const zone = stored.dnd.timeZone;
  const until = stored.pausedUntil !== null && Date.parse(stored.pausedUntil) > now ? new Date(stored.pausedUntil) : null;

  const pause = async (pausedUntil: Date | null) => {
    setBusy(true);
    setError(null);
    try {
      // From what is stored, not the form's draft: unsaved edits stay unsaved.
      const current = session.preferences.getState() ?? stored;
      const result = await session.client.setPreferences({ ...current, pausedUntil: pausedUntil?.toISOString() ?? null });
      session.preferences.setState(result, true);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <fieldset className="pause">
      <legend>Pause notifications</legend>
      <p className="hint">While paused they still arrive, silently (no toast); urgent ones are always announced.</p>
      <p className="pause-state" role="status">
        {until ? `Paused until ${formatInZone(until, zone)} (${zone}).` : 'Not paused.'}
      </p>
      {until ? (
        <button type="button" disabled={busy} onClick={() => void pause(null)}>
          Resume notifications
        </button>
      ) : (
        pauseChoices(zone, new Date(now)).map((choice, index) => (
          // The time is taken when clicked ("1 hour" from then), not when the label was drawn.
          <button key={choice.label} type="button" disabled={busy} onClick={() => void pause(pauseChoices(zone, new Date())[index]!.until)}>
            Pause {choice.label.startsWith('Until') ? choice.label.toLowerCase() : `for ${choice.label}`}
          </button>
        ))
      )}
      {error ? (
        <p className="field-error" role="alert">
          The pause could not be saved: {error}
        </p>
      ) : null}
    </fieldset>
  );
}
