import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { Notification } from '@notifications/client';
import { useStore } from 'zustand';
import { useInbox, useSession } from '../session/SessionContext';
import { Filters } from './Filters';
import { NotificationList } from './NotificationList';
import { Shelves, shelfOf } from './Shelves';
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
  const readInInbox = useInbox((state) => (state.counts ? state.counts.total - state.counts.unread : 0));
  const filter = useInbox((state) => state.filter);
  const inInbox = shelfOf(filter) === 'inbox';
  const isNew = useSeenOnOpen();
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
        {inInbox ? (
          <>
            <button
              type="button"
              onClick={() => void client.markAllRead({ type: filter.type, conversationId: filter.conversationId })}
              disabled={unread === 0}
            >
              Mark all read
            </button>
            <button type="button" onClick={() => void client.archiveRead()} disabled={readInInbox === 0}>
              Archive all read
            </button>
          </>
        ) : null}
        <button type="button" className="popover-close" aria-label="Close notifications" onClick={() => onClose(true)}>
          ×
        </button>
      </header>
      <Shelves />
      <Filters />
      <label className="checkbox mark-when-viewed">
        <input type="checkbox" checked={markReadWhenViewed} onChange={(event) => setMarkReadWhenViewed(event.target.checked)} />
        Mark read when viewed (2 s in view)
      </label>
      <ListBody isNew={isNew} />
    </div>
  );
}

/**
 * Opening the bell marks the inbox seen up to the newest item shown (once per opening, when the
 * plain inbox is shown). What was unseen then stays highlighted as new while the list is open;
 * what arrives meanwhile is unseen, so new too.
 */
function useSeenOnOpen(): (notification: Notification) => boolean {
  const { client } = useSession();
  const items = useInbox((state) => state.items);
  const loading = useInbox((state) => state.loading);
  const filter = useInbox((state) => state.filter);
  const [newWhenOpened, setNewWhenOpened] = useState<ReadonlySet<string>>(new Set());
  const sent = useRef(false);
  // Seen means seen in the inbox, all of it: not under a type or conversation filter.
  const plainInbox = shelfOf(filter) === 'inbox' && !filter.type && !filter.conversationId;
  useEffect(() => {
    if (sent.current || !plainInbox || loading || items.length === 0) return;
    sent.current = true;
    setNewWhenOpened(new Set(items.filter((item) => item.seenAt === null).map((item) => item.id)));
    void client.markSeen(items[0]!.seq);
  }, [client, plainInbox, loading, items]);
  return useCallback((notification: Notification) => notification.seenAt === null || newWhenOpened.has(notification.id), [newWhenOpened]);
}

const emptyText = { inbox: 'No notifications yet.', snoozed: 'Nothing is snoozed.', archive: 'Nothing is archived.' };

/** The list, or why there is none: loading, a load error (with retry), or nothing to show. */
function ListBody({ isNew }: { isNew(notification: Notification): boolean }) {
  const { client } = useSession();
  const count = useInbox((state) => state.items.length);
  const loading = useInbox((state) => state.loading);
  const error = useInbox((state) => state.error);
  const fromCache = useInbox((state) => state.fromCache);
  const shelf = useInbox((state) => shelfOf(state.filter));
  const filtered = useInbox((state) => state.filter.type !== undefined || state.filter.isRead !== undefined || state.filter.conversationId !== undefined);

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
        <p className="list-empty">{filtered ? 'No notifications match these filters.' : emptyText[shelf]}</p>
      ) : null}
      {count > 0 || loading ? <NotificationList isNew={isNew} /> : null}
    </>
  );
}
