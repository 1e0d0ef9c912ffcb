import { useEffect, useId, useRef } from 'react';
import { useStore } from 'zustand';
import { useInbox, useSession } from '../session/SessionContext';
import { Filters } from './Filters';
import { NotificationList } from './NotificationList';
import { uiPreferences } from './uiPreferences';

interface Props {
  id: string;
  /** `returnFocus`: the popover was closed from inside (Escape, close button), so focus goes back to the bell. */
  onClose(returnFocus: boolean): void;
}

/** The bell's popover: a non-modal dialog that takes focus on open and gives it back on Escape. */
export function NotificationPopover({ id, onClose }: Props) {
  const { client } = useSession();
  const unread = useInbox((state) => state.counts?.unread ?? 0);
  const filter = useInbox((state) => state.filter);
  const markReadWhenViewed = useStore(uiPreferences, (state) => state.markReadWhenViewed);
  const setMarkReadWhenViewed = useStore(uiPreferences, (state) => state.setMarkReadWhenViewed);
  const headingId = useId();
  const dialog = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    // A press outside (the bell excepted: it toggles by itself) closes the popover and leaves focus where it went.
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (dialog.current?.contains(target)) return;
      if ((target as Element).closest?.('[data-bell]')) return;
      onClose(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [onClose]);

  return (
    <div
      id={id}
      ref={dialog}
      className="popover"
      role="dialog"
      aria-labelledby={headingId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose(true);
        }
      }}
    >
      <header className="popover-header">
        <h2 id={headingId} ref={heading} tabIndex={-1}>
          Notifications <span className="popover-count">({unread} unread)</span>
        </h2>
        <button
          type="button"
          onClick={() => void client.markAllRead({ type: filter.type, conversationId: filter.conversationId })}
          disabled={unread === 0}
        >
          Mark all read
        </button>
        <button type="button" className="popover-close" aria-label="Close notifications" onClick={() => onClose(true)}>
          ×
        </button>
      </header>
      <Filters />
      <label className="checkbox mark-when-viewed">
        <input type="checkbox" checked={markReadWhenViewed} onChange={(event) => setMarkReadWhenViewed(event.target.checked)} />
        Mark read when viewed (2 s in view)
      </label>
      <ListBody />
    </div>
  );
}

/** The list, or why there is none: loading, a load error (with retry), or nothing to show. */
function ListBody() {
  const { client } = useSession();
  const count = useInbox((state) => state.items.length);
  const loading = useInbox((state) => state.loading);
  const error = useInbox((state) => state.error);
  const fromCache = useInbox((state) => state.fromCache);
  const filtered = useInbox((state) => Object.keys(state.filter).length > 0);

  return (
    <>
      {error?.kind === 'load' ? (
        <div className="list-error" role="alert">
          <span>Notifications could not be loaded: {error.message}</span>
          <button type="button" onClick={() => void client.refresh()}>
            Retry
          </button>
        </div>
      ) : null}
      {fromCache && count > 0 ? <p className="list-note">Showing saved notifications; they update once the service answers.</p> : null}
      {count === 0 && !loading && error?.kind !== 'load' ? (
        <p className="list-empty">{filtered ? 'No notifications match these filters.' : 'No notifications yet.'}</p>
      ) : null}
      {count > 0 || loading ? <NotificationList /> : null}
    </>
  );
}
