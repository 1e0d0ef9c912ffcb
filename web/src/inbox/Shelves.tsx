import type { InboxFilter } from '@notifications/client';
import { useInbox, useSession } from '../session/SessionContext';

export type Shelf = 'inbox' | 'snoozed' | 'archive';

export function shelfOf(filter: InboxFilter): Shelf {
  return filter.archived ? 'archive' : filter.snoozed ? 'snoozed' : 'inbox';
}

/** The view's filter on another shelf: type and conversation stay; "unread only" does not (archived ones are read). */
function onShelf(filter: InboxFilter, shelf: Shelf): InboxFilter {
  const { type, conversationId, isRead } = filter;
  const next: InboxFilter = {};
  if (type) next.type = type;
  if (conversationId) next.conversationId = conversationId;
  if (shelf === 'inbox' && isRead !== undefined) next.isRead = isRead;
  if (shelf === 'archive') next.archived = true;
  if (shelf === 'snoozed') next.snoozed = true;
  return next;
}

/** Inbox, snoozed or archive: which shelf the list shows, with how many each holds. */
export function Shelves() {
  const { client } = useSession();
  const filter = useInbox((state) => state.filter);
  const snoozed = useInbox((state) => state.counts?.snoozed ?? 0);
  const archived = useInbox((state) => state.counts?.archived ?? 0);
  const current = shelfOf(filter);
  const shelves: { shelf: Shelf; label: string; count?: number }[] = [
    { shelf: 'inbox', label: 'Inbox' },
    { shelf: 'snoozed', label: 'Snoozed', count: snoozed },
    { shelf: 'archive', label: 'Archive', count: archived },
  ];
  return (
    <div className="shelves" role="group" aria-label="Show">
      {shelves.map(({ shelf, label, count }) => (
        <button
          key={shelf}
          type="button"
          className="shelf"
          aria-pressed={current === shelf}
          onClick={() => current !== shelf && void client.setFilter(onShelf(filter, shelf))}
        >
          {label}
          {count !== undefined ? <span className="shelf-count"> ({count})</span> : null}
        </button>
      ))}
    </div>
  );
}
