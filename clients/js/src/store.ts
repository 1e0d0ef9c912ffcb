/**
 * The loaded list of one filter: items by id, newest first (by seq), each id once; page cursors;
 * eviction beyond `maxHeld`; optimistic changes that can be undone exactly.
 *
 * "Replace by id" is the basic operation (not append), so later versions of a notification
 * (v2: updated, replaced by collapse key) simply take the place of the earlier one.
 */
import { addToBucket, emptyDelta, type CountsDelta } from './counts.js';
import type { Counts, InboxFilter, Notification, NotificationPage, NotificationReadEvent, NotificationType } from './types.js';

export function matchesFilter(notification: Notification, filter: InboxFilter): boolean {
  if (filter.type !== undefined && notification.type !== filter.type) return false;
  if (filter.isRead !== undefined && notification.isRead !== filter.isRead) return false;
  if (filter.conversationId !== undefined && notification.conversationId !== filter.conversationId) return false;
  return true;
}

/** Undoes one optimistic change of the list (the counts are undone by CountsModel). */
export interface ListUndo {
  readonly delta: CountsDelta;
  undo(): void;
}

interface PageEnd {
  /** The lowest seq of the page this cursor follows. */
  lowestSeq: number;
  cursor: string;
}

export class InboxStore {
  private filterValue: InboxFilter = {};
  private readonly byId = new Map<string, Notification>();
  private ordered: Notification[] | undefined = [];
  private more = false;
  /** Cursor of the next page, or undefined for "from the top" (after an eviction emptied the pages). */
  private cursor: string | undefined;
  private pageEnds: PageEnd[] = [];
  /** Ids with a read in flight: a page answer computed before the server applied it must not undo it. */
  private readonly readPending = new Set<string>();
  /** Ids with a delete in flight: page answers leave them out. */
  private readonly removePending = new Set<string>();
  /** Ids the server said are gone: an undo never brings them back. */
  private readonly gone = new Set<string>();
  /** Stamp per item of when a push / catch-up put it there; a first page keeps those newer than its request. */
  private stamp = 0;
  private readonly liveStamps = new Map<string, number>();

  constructor(private readonly maxHeld: number) {}

  get filter(): InboxFilter {
    return this.filterValue;
  }

  get hasMore(): boolean {
    return this.more;
  }

  get nextCursor(): string | undefined {
    return this.cursor;
  }

  get size(): number {
    return this.byId.size;
  }

  get atCapacity(): boolean {
    return this.byId.size >= this.maxHeld;
  }

  /** Newest first. */
  get items(): Notification[] {
    this.ordered ??= [...this.byId.values()].sort((a, b) => b.seq - a.seq);
    return this.ordered;
  }

  get(id: string): Notification | undefined {
    return this.byId.get(id);
  }

  /** A marker to pass to `replaceWithPages`: items pushed after it survive the page. */
  mark(): number {
    return this.stamp;
  }

  /** Empties the list for a new filter. */
  reset(filter: InboxFilter): void {
    this.filterValue = { ...filter };
    this.byId.clear();
    this.liveStamps.clear();
    this.ordered = undefined;
    this.more = false;
    this.cursor = undefined;
    this.pageEnds = [];
  }

  /** Shows cached items (unfiltered list) before the first page arrives. */
  showCached(items: Notification[]): void {
    for (const item of items) this.put(item);
    this.more = items.length > 0;
    this.evict();
  }

  /**
   * Page 1 (and the pages after it, for a refresh) replace the list — this reconciles the cache or
   * a refresh: items not in them are gone, except those a push or catch-up brought after `mark`
   * (the pages were computed before them).
   */
  replaceWithPages(pages: NotificationPage[], mark: number): void {
    const kept = [...this.byId.values()].filter((item) => (this.liveStamps.get(item.id) ?? -1) > mark);
    this.byId.clear();
    for (const id of [...this.liveStamps.keys()]) if (!kept.some((item) => item.id === id)) this.liveStamps.delete(id);
    this.ordered = undefined;
    this.pageEnds = [];
    this.more = false;
    this.cursor = undefined;
    for (const item of kept) this.put(item);
    for (const page of pages) this.addPage(page);
  }

  /** A further page (loadMore): merged by id. Returns how many items it added. */
  applyNextPage(page: NotificationPage): number {
    const before = this.byId.size;
    this.addPage(page);
    return this.byId.size - before;
  }

  private addPage(page: NotificationPage): void {
    for (const item of page.items) {
      if (this.removePending.has(item.id) || this.gone.has(item.id)) continue;
      const shown = this.readPending.has(item.id) && !item.isRead ? { ...item, isRead: true } : item;
      if (matchesFilter(shown, this.filterValue)) this.put(shown);
    }
    this.more = page.hasMore;
    this.cursor = page.nextCursor ?? undefined;
    const last = page.items[page.items.length - 1];
    if (last && page.nextCursor) this.pageEnds.push({ lowestSeq: last.seq, cursor: page.nextCursor });
    this.evict();
  }

  /**
   * A notification from a push, a catch-up or a relay: replaces the held one with the same id,
   * or joins the list when it belongs to the loaded range. Returns true when the list changed.
   */
  upsert(notification: Notification): boolean {
    // Ids are never reused: one the server deleted cannot come back (a late answer or catch-up page).
    if (this.gone.has(notification.id)) return false;
    const shown =
      this.readPending.has(notification.id) && !notification.isRead ? { ...notification, isRead: true } : notification;
    if (this.removePending.has(notification.id)) return false;
    if (!matchesFilter(shown, this.filterValue)) return this.drop(notification.id);
    if (!this.byId.has(notification.id) && !this.inLoadedRange(shown.seq)) return false;
    this.put(shown);
    this.liveStamps.set(shown.id, ++this.stamp);
    this.evict();
    return true;
  }

  /** `notification:read`: the ids, or with `all` every held unread one matching its filter. */
  applyRead(event: NotificationReadEvent): boolean {
    const targets = event.all
      ? [...this.byId.values()].filter(
          (item) =>
            !item.isRead &&
            (!event.type || item.type === event.type) &&
            (!event.conversationId || item.conversationId === event.conversationId),
        )
      : event.ids.map((id) => this.byId.get(id)).filter((item): item is Notification => item !== undefined);
    let changed = false;
    for (const item of targets) {
      this.readPending.delete(item.id);
      changed = this.replaceKeepingFilter({ ...item, isRead: true, readAt: event.readAt }) || changed;
    }
    return changed;
  }

  /** `notification:deleted`, or a 404 on read/delete: it no longer exists. */
  applyDeleted(id: string): boolean {
    this.gone.add(id);
    if (this.gone.size > 1000) this.gone.delete(this.gone.values().next().value as string);
    this.readPending.delete(id);
    this.removePending.delete(id);
    return this.drop(id);
  }

  /** Optimistic read of one held notification; undefined when there is nothing to change. */
  optimisticRead(id: string): ListUndo | undefined {
    const original = this.byId.get(id);
    if (!original || original.isRead) return undefined;
    this.readPending.add(id);
    const read = { ...original, isRead: true, readAt: new Date().toISOString() };
    this.replaceKeepingFilter(read);
    return {
      delta: unreadDelta([original], -1),
      undo: () => {
        this.readPending.delete(id);
        this.restore(original, read);
      },
    };
  }

  /**
   * Optimistic read-all over the held unread items matching `filter`. `counts` (as shown) tells
   * what is not loaded: without a filter every unread one, with a type filter that type's unread
   * count; a conversation filter can only count the loaded items.
   */
  optimisticReadAll(filter: { type?: NotificationType; conversationId?: string }, counts: Counts | null): ListUndo {
    const originals = [...this.byId.values()].filter(
      (item) =>
        !item.isRead &&
        (!filter.type || item.type === filter.type) &&
        (!filter.conversationId || item.conversationId === filter.conversationId),
    );
    const readAt = new Date().toISOString();
    const changed = originals.map((original) => {
      this.readPending.add(original.id);
      const read = { ...original, isRead: true, readAt };
      this.replaceKeepingFilter(read);
      return { original, read };
    });
    const delta = unreadDelta(originals, -1);
    if (counts && !filter.conversationId) {
      const minus = (bucket: Record<string, number>) =>
        Object.fromEntries(Object.entries(bucket).map(([key, n]) => [key, -n]));
      if (!filter.type) {
        delta.unread = -counts.unread;
        delta.byType = minus(counts.byType ?? {});
        delta.byPriority = minus(counts.byPriority ?? {});
      } else {
        const ofType = counts.byType?.[filter.type] ?? 0;
        delta.unread = Math.min(delta.unread, -ofType);
        delta.byType = { [filter.type]: Math.min(delta.byType[filter.type] ?? 0, -ofType) };
      }
    }
    return {
      delta,
      undo: () => {
        for (const { original, read } of changed) {
          this.readPending.delete(original.id);
          this.restore(original, read);
        }
      },
    };
  }

  /** Optimistic delete of one held notification. */
  optimisticRemove(id: string): ListUndo | undefined {
    const original = this.byId.get(id);
    if (!original) return undefined;
    this.removePending.add(id);
    this.drop(id);
    const delta = original.isRead ? emptyDelta() : unreadDelta([original], -1);
    delta.total = -1;
    return {
      delta,
      undo: () => {
        this.removePending.delete(id);
        if (!this.gone.has(id) && !this.byId.has(id) && this.inLoadedRange(original.seq)) this.put(original);
      },
    };
  }

  /** The delete was accepted: it is gone for good. */
  confirmRemove(id: string): void {
    this.applyDeleted(id);
  }

  /** The read was accepted: pages no longer need to be overridden. */
  confirmRead(ids: Iterable<string>): void {
    for (const id of ids) this.readPending.delete(id);
  }

  /** Puts `original` back where the optimistic `changed` still stands (a server event since wins). */
  private restore(original: Notification, changed: Notification): void {
    if (this.gone.has(original.id)) return;
    const current = this.byId.get(original.id);
    if (current === changed || (current === undefined && !matchesFilter(changed, this.filterValue))) {
      if (matchesFilter(original, this.filterValue) && (current !== undefined || this.inLoadedRange(original.seq))) {
        this.put(original);
      } else {
        this.drop(original.id);
      }
    }
  }

  /** Replaces a held item; drops it when the change makes it leave the filter (read, under "unread"). */
  private replaceKeepingFilter(item: Notification): boolean {
    if (!this.byId.has(item.id)) return false;
    if (matchesFilter(item, this.filterValue)) this.put(item);
    else this.drop(item.id);
    return true;
  }

  /** Newer than the lowest loaded item, or the list is complete: its place in the list is known. */
  private inLoadedRange(seq: number): boolean {
    if (!this.more) return true;
    const lowest = this.items[this.items.length - 1];
    return lowest !== undefined && seq > lowest.seq;
  }

  private put(item: Notification): void {
    this.byId.set(item.id, item);
    this.ordered = undefined;
  }

  private drop(id: string): boolean {
    this.liveStamps.delete(id);
    if (!this.byId.delete(id)) return false;
    this.ordered = undefined;
    return true;
  }

  /**
   * Beyond `maxHeld`, the oldest go. The list stays a gap-free prefix of the filter's list (the
   * keyset cursors can only continue below its end), so `hasMore` becomes true and the next page
   * continues from the cursor of the page that covers the new end — or from the top.
   */
  private evict(): void {
    if (this.byId.size <= this.maxHeld) return;
    const keep = this.items.slice(0, this.maxHeld);
    const lowest = keep[keep.length - 1];
    for (const item of this.items.slice(this.maxHeld)) this.drop(item.id);
    this.more = true;
    const anchor = this.pageEnds
      .filter((end) => lowest !== undefined && end.lowestSeq >= lowest.seq)
      .sort((a, b) => a.lowestSeq - b.lowestSeq)[0];
    this.pageEnds = this.pageEnds.filter((end) => lowest !== undefined && end.lowestSeq >= lowest.seq);
    this.cursor = anchor?.cursor;
  }
}

/** The counts change of reading (sign -1) or un-reading these items. */
function unreadDelta(items: Notification[], sign: number): CountsDelta {
  const delta = emptyDelta();
  for (const item of items) {
    if (item.isRead) continue;
    delta.unread += sign;
    addToBucket(delta.byType, item.type, sign);
    addToBucket(delta.byPriority, item.priority, sign);
  }
  return delta;
}
