/**
 * The loaded list of one view (a shelf — inbox, archive or snoozed — and the filters): items by
 * id, newest first (by seq), each id once; page cursors; eviction beyond `maxHeld`; optimistic
 * changes that can be undone exactly.
 *
 * "Replace by id" is the basic operation (not append), so later versions of a notification
 * (read, archived, replaced by collapse key, back from snooze with a new seq) take the place of
 * the earlier one — and leave the view when they no longer belong to it.
 *
 * Optimistic changes are kept apart from what the server said: for an item with changes in
 * flight the store holds the server's latest version (`base`) and shows it with those changes
 * applied. Whatever comes from the server meanwhile (a push, a page, an answer) replaces the base;
 * undoing a change shows the base with the remaining changes — so a rollback restores exactly
 * what the server last said, and a server event since always wins.
 */
import { changeDelta, emptyDelta, isArchived, isInInbox, isSnoozed, sum, type CountsDelta } from './counts.js';
import type {
  Counts,
  InboxFilter,
  Notification,
  NotificationArchivedEvent,
  NotificationPage,
  NotificationReadEvent,
  NotificationSeenEvent,
  NotificationType,
} from './types.js';

export function matchesFilter(notification: Notification, filter: InboxFilter): boolean {
  // The shelf: the archive, the snoozed, or (by default) the inbox, which holds neither.
  if ((filter.archived === true) !== isArchived(notification)) return false;
  if ((filter.snoozed === true) !== isSnoozed(notification)) return false;
  if (filter.type !== undefined && notification.type !== filter.type) return false;
  if (filter.isRead !== undefined && notification.isRead !== filter.isRead) return false;
  if (filter.conversationId !== undefined && notification.conversationId !== filter.conversationId) return false;
  return true;
}

/**
 * An optimistic change to one notification: a pure function that returns the changed version,
 * the same object when the change does nothing to it, or null for "deleted". Applied to every
 * version the server sends while the change is in flight, so each must state an end state
 * ("read"), never a toggle.
 */
export type Change = (notification: Notification) => Notification | null;

/** One optimistic change of the list (the counts are undone by CountsModel). */
export interface ListUndo {
  delta: CountsDelta;
  /** Refused: show what the server last said, with the other changes in flight. */
  undo(): void;
  /** Accepted: the server's version now includes it. */
  confirm(): void;
}

interface PageEnd {
  /** The lowest seq of the page this cursor follows. */
  lowestSeq: number;
  cursor: string;
}

interface PendingChange {
  token: number;
  change: Change;
  /** `listVersion` when it was made: while the list is the same, a refused change puts the item back where it was. */
  listVersion: number;
}

/** Stamps of server-driven changes kept for pages in flight; far more than loads can overlap. */
const CHANGED_STAMPS_KEPT = 5000;
const GONE_IDS_KEPT = 1000;

export class InboxStore {
  private filterValue: InboxFilter = {};
  /** What the view shows, by id. */
  private readonly byId = new Map<string, Notification>();
  private ordered: Notification[] | undefined = [];
  private more = false;
  /** Cursor of the next page, or undefined for "from the top" (after an eviction emptied the pages). */
  private cursor: string | undefined;
  private pageEnds: PageEnd[] = [];
  /** Changes in flight per id, in the order they were made. */
  private readonly pending = new Map<string, PendingChange[]>();
  /** The server's latest version of each id with changes in flight (shown or not). */
  private readonly base = new Map<string, Notification>();
  private nextToken = 0;
  /** Bumped when the list is replaced (new view, page 1, refresh). */
  private listVersion = 0;
  /** Ids the server said are gone: nothing brings them back. */
  private readonly gone = new Set<string>();
  /**
   * Stamp per id of the last change a server event (push, catch-up, relay, answer) made to it,
   * whether it is still shown or left the view: a page computed before that change is older than
   * what the store knows, so its version of the item is ignored.
   */
  private stamp = 0;
  private readonly changedAt = new Map<string, number>();

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

  /** The highest seq the view shows (0 when empty). */
  get highestSeq(): number {
    return this.items[0]?.seq ?? 0;
  }

  get(id: string): Notification | undefined {
    return this.byId.get(id);
  }

  /** A marker to pass to the page methods: what server events changed after it wins over the page. */
  mark(): number {
    return this.stamp;
  }

  /** Empties the list for a new view. Changes in flight stay (their answers still come). */
  reset(filter: InboxFilter): void {
    this.filterValue = { ...filter };
    this.listVersion++;
    this.byId.clear();
    this.ordered = undefined;
    this.more = false;
    this.cursor = undefined;
    this.pageEnds = [];
  }

  /** Shows cached items (unfiltered list) before the first page arrives. */
  showCached(items: Notification[]): void {
    for (const item of items) this.receive(item, 'page');
    this.more = items.length > 0;
    this.evict();
  }

  /**
   * Page 1 (and the pages after it, for a refresh) replace the list — this reconciles the cache or
   * a refresh: items not in them are gone, except those a server event changed after `mark`
   * (the pages were computed before it).
   */
  replaceWithPages(pages: NotificationPage[], mark: number): void {
    const kept = [...this.byId.values()].filter((item) => this.changedSince(item.id, mark));
    this.listVersion++;
    this.byId.clear();
    this.ordered = undefined;
    this.pageEnds = [];
    this.more = false;
    this.cursor = undefined;
    for (const item of kept) this.put(item);
    for (const page of pages) this.addPage(page, mark);
  }

  /** A further page (loadMore), requested at `mark`: merged by id. Returns how many items it added. */
  applyNextPage(page: NotificationPage, mark: number): number {
    const before = this.byId.size;
    this.addPage(page, mark);
    return this.byId.size - before;
  }

  private addPage(page: NotificationPage, mark: number): void {
    for (const item of page.items) {
      if (!this.changedSince(item.id, mark)) this.receive(item, 'page');
    }
    this.more = page.hasMore;
    this.cursor = page.nextCursor ?? undefined;
    const last = page.items[page.items.length - 1];
    if (last && page.nextCursor) this.pageEnds.push({ lowestSeq: last.seq, cursor: page.nextCursor });
    this.evict();
  }

  /**
   * A notification from a push, a catch-up, a relay or an answer: replaces the held one with the
   * same id (leaving the view when it no longer belongs), or joins the list when it belongs to
   * the loaded range. Returns true when the list changed.
   */
  upsert(notification: Notification): boolean {
    return this.receive(notification, 'live');
  }

  /** `notification:read`: the ids, or with `all` every unread one in the inbox matching its filter (and `upToSeq`). */
  applyRead(event: NotificationReadEvent): boolean {
    const read = (item: Notification) => ({ ...item, isRead: true, readAt: event.readAt, seenAt: item.seenAt ?? event.readAt });
    if (!event.all) {
      let changed = false;
      for (const id of event.ids) {
        const server = this.serverVersion(id);
        if (server && !server.isRead) changed = this.receive(read(server), 'live') || changed;
      }
      return changed;
    }
    return this.patchServerVersions(
      (item) =>
        !item.isRead &&
        isInInbox(item) &&
        (!event.type || item.type === event.type) &&
        (!event.conversationId || item.conversationId === event.conversationId) &&
        (event.upToSeq == null || item.seq <= event.upToSeq),
      read,
    );
  }

  /** `notification:seen`: every unseen one in the inbox with `seq ≤ upToSeq`. */
  applySeen(event: NotificationSeenEvent): boolean {
    return this.patchServerVersions(
      (item) => item.seenAt == null && isInInbox(item) && item.seq <= event.upToSeq,
      (item) => ({ ...item, seenAt: event.seenAt }),
    );
  }

  /** `notification:archived` (after archive-read): every read one in the inbox is archived. */
  applyArchivedAll(event: NotificationArchivedEvent): boolean {
    return this.patchServerVersions(
      (item) => item.isRead && isInInbox(item),
      (item) => ({ ...item, archivedAt: event.archivedAt }),
    );
  }

  /** `notification:deleted`, or a 404: it no longer exists. */
  applyDeleted(id: string): boolean {
    this.gone.add(id);
    if (this.gone.size > GONE_IDS_KEPT) this.gone.delete(this.gone.values().next().value as string);
    this.pending.delete(id);
    this.base.delete(id);
    this.touch(id);
    return this.drop(id);
  }

  /**
   * Applies `change` to the shown notification `id` at once; undefined when it is not shown or
   * the change does nothing to it.
   */
  optimistic(id: string, change: Change): ListUndo | undefined {
    const shown = this.byId.get(id);
    if (!shown) return undefined;
    const after = change(shown);
    if (after === shown) return undefined;
    const token = this.begin(id, change);
    return {
      delta: changeDelta(shown, after ?? undefined),
      undo: () => this.settle(id, token, false),
      confirm: () => this.settle(id, token, true),
    };
  }

  /**
   * Read-all over the shown unread ones in the inbox matching `filter` with `seq ≤ upToSeq`.
   * `counts` (as shown) tells what is not loaded when the view holds every candidate above the
   * ones not loaded (the inbox, at most as narrow as the read-all): then all of them are read.
   */
  optimisticReadAll(
    filter: { type?: NotificationType; conversationId?: string },
    upToSeq: number,
    readAt: string,
    counts: Counts | null,
  ): ListUndo {
    const bulk = this.optimisticMany(
      (item) =>
        !item.isRead &&
        isInInbox(item) &&
        item.seq <= upToSeq &&
        (!filter.type || item.type === filter.type) &&
        (!filter.conversationId || item.conversationId === filter.conversationId),
      readChange(readAt),
    );
    if (counts && !filter.conversationId && this.viewCovers(filter)) {
      const minus = (bucket: Record<string, number>) => Object.fromEntries(Object.entries(bucket).map(([key, n]) => [key, -n]));
      const delta = bulk.delta;
      if (!filter.type) {
        delta.unread = -counts.unread;
        delta.unseen = Math.min(delta.unseen, -(counts.unseen ?? 0));
        delta.byType = minus(counts.byType ?? {});
        delta.byPriority = minus(counts.byPriority ?? {});
      } else {
        const ofType = counts.byType?.[filter.type] ?? 0;
        delta.unread = Math.min(delta.unread, -ofType);
        delta.byType = { [filter.type]: Math.min(delta.byType[filter.type] ?? 0, -ofType) };
      }
    }
    return bulk;
  }

  /**
   * Seen up to `upToSeq` over the shown ones. When the view holds every unseen one above those
   * not loaded (the inbox without a type or conversation filter; unseen ones are unread), the
   * counts tell the rest: only the shown ones above `upToSeq` stay unseen.
   */
  optimisticSeen(upToSeq: number, seenAt: string, counts: Counts | null): ListUndo {
    const bulk = this.optimisticMany((item) => item.seenAt == null && isInInbox(item) && item.seq <= upToSeq, seenChange(upToSeq, seenAt));
    if (counts && this.viewCovers({}) && this.filterValue.isRead !== true) {
      const unseenAbove = this.items.filter((item) => item.seenAt == null && item.seq > upToSeq).length;
      const delta = bulk.delta;
      delta.unseen = Math.min(delta.unseen, unseenAbove - (counts.unseen ?? 0));
    }
    return bulk;
  }

  /** Archive-read over the shown read ones in the inbox; the counts tell how many there are in all (total − unread). */
  optimisticArchiveRead(archivedAt: string, counts: Counts | null): ListUndo {
    const bulk = this.optimisticMany((item) => item.isRead && isInInbox(item), archiveChange(archivedAt));
    if (counts) {
      const delta = bulk.delta;
      delta.total = Math.min(delta.total, -(counts.total - counts.unread));
      delta.archived = -delta.total;
    }
    return bulk;
  }

  private optimisticMany(eligible: (item: Notification) => boolean, change: Change): ListUndo {
    const undos = this.items
      .filter(eligible)
      .map((item) => this.optimistic(item.id, change))
      .filter((undo): undo is ListUndo => undo !== undefined);
    return {
      delta: undos.reduce((total, undo) => sum(total, undo.delta), emptyDelta()),
      undo: () => undos.forEach((undo) => undo.undo()),
      confirm: () => undos.forEach((undo) => undo.confirm()),
    };
  }

  /** The view is the inbox, and no narrower than `filter` in type and conversation. */
  private viewCovers(filter: { type?: NotificationType; conversationId?: string }): boolean {
    const view = this.filterValue;
    if (view.archived || view.snoozed) return false;
    return (view.type === undefined || view.type === filter.type) && (view.conversationId === undefined || view.conversationId === filter.conversationId);
  }

  private begin(id: string, change: Change): number {
    const server = this.serverVersion(id)!;
    const list = this.pending.get(id) ?? [];
    if (list.length === 0) {
      this.pending.set(id, list);
      this.base.set(id, server);
    }
    const token = ++this.nextToken;
    list.push({ token, change, listVersion: this.listVersion });
    this.present(server);
    return token;
  }

  /** Ends the change `token`: accepted, the server's version now includes it; refused, it is dropped. */
  private settle(id: string, token: number, accepted: boolean): void {
    const list = this.pending.get(id);
    const index = list?.findIndex((entry) => entry.token === token) ?? -1;
    if (!list || index < 0) return; // deleted meanwhile
    const [entry] = list.splice(index, 1);
    let server = this.base.get(id)!;
    if (accepted) {
      const changed = entry!.change(server);
      if (changed === null) {
        this.applyDeleted(id);
        return;
      }
      server = changed;
    }
    if (list.length === 0) {
      this.pending.delete(id);
      this.base.delete(id);
    } else {
      this.base.set(id, server);
    }
    this.present(server, !accepted && entry!.listVersion === this.listVersion);
    this.evict();
  }

  /** The server's latest version the store knows of `id`: its base when changes are in flight, else what is shown. */
  private serverVersion(id: string): Notification | undefined {
    return this.base.get(id) ?? this.byId.get(id);
  }

  /**
   * A version from the server. One with a lower seq than the version known is older (an id's seq
   * only grows: replacement, return from snooze) and is ignored; so is anything about an id that
   * is gone. A live one (push, catch-up, relay, answer) is stamped, so pages computed before it
   * cannot undo it; a page's items extend the loaded range, a live one joins only within it.
   */
  private receive(notification: Notification, route: 'live' | 'page'): boolean {
    const id = notification.id;
    if (this.gone.has(id)) return false;
    const known = this.serverVersion(id);
    if (known && notification.seq < known.seq) return false;
    if (this.pending.has(id)) this.base.set(id, notification);
    if (route === 'page') return this.present(notification, true); // the page evicts once it is in
    this.touch(id);
    const changed = this.present(notification);
    this.evict();
    return changed;
  }

  /** Every known server version matching `eligible` is changed by `patch` (a bulk event). */
  private patchServerVersions(eligible: (item: Notification) => boolean, patch: (item: Notification) => Notification): boolean {
    let changed = false;
    for (const id of new Set([...this.byId.keys(), ...this.base.keys()])) {
      const server = this.serverVersion(id)!;
      if (eligible(server)) changed = this.receive(patch(server), 'live') || changed;
    }
    return changed;
  }

  /**
   * Shows `server` with the changes in flight applied: replaces the held one, leaves the view
   * when it no longer matches, or joins when it falls in the loaded range — or anyway with
   * `join` (a page's item, or one shown in this list before a refused change took it out).
   */
  private present(server: Notification, join = false): boolean {
    let shown: Notification | null = server;
    for (const { change } of this.pending.get(server.id) ?? []) {
      if (shown === null) break;
      shown = change(shown);
    }
    if (shown === null || !matchesFilter(shown, this.filterValue)) return this.drop(server.id);
    if (!this.byId.has(shown.id) && !join && !this.inLoadedRange(shown.seq)) return false;
    if (this.byId.get(shown.id) === shown) return false;
    this.put(shown);
    return true;
  }

  private changedSince(id: string, mark: number): boolean {
    return (this.changedAt.get(id) ?? -1) > mark;
  }

  private touch(id: string): void {
    this.changedAt.delete(id); // re-inserted last: the Map's order is the stamps' order
    this.changedAt.set(id, ++this.stamp);
    if (this.changedAt.size > CHANGED_STAMPS_KEPT) this.changedAt.delete(this.changedAt.keys().next().value as string);
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
    if (!this.byId.delete(id)) return false;
    this.ordered = undefined;
    return true;
  }

  /**
   * Beyond `maxHeld`, the oldest go. The list stays a gap-free prefix of the view's list (the
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

// ---- the optimistic changes (API.md v2: what each request does to one notification) ----

/** PATCH read: read, and seen when it was not. */
export function readChange(at: string): Change {
  return (item) => (item.isRead ? item : { ...item, isRead: true, readAt: at, seenAt: item.seenAt ?? at });
}

/** PATCH seen: every unseen one in the inbox up to `upToSeq`. */
export function seenChange(upToSeq: number, at: string): Change {
  return (item) => (item.seenAt == null && isInInbox(item) && item.seq <= upToSeq ? { ...item, seenAt: at } : item);
}

/** PATCH archive: archived, also read and seen; archiving a snoozed one ends its snooze. */
export function archiveChange(at: string): Change {
  return (item) =>
    isArchived(item)
      ? item
      : { ...item, archivedAt: at, snoozedUntil: null, isRead: true, readAt: item.readAt ?? at, seenAt: item.seenAt ?? at };
}

/** PATCH unarchive: back in the inbox, still read. */
export const unarchiveChange: Change = (item) => (isArchived(item) ? { ...item, archivedAt: null } : item);

/** PATCH snooze: until `until`; an archived one cannot be snoozed (the server refuses it). */
export function snoozeChange(until: string): Change {
  return (item) => (isArchived(item) || item.snoozedUntil === until ? item : { ...item, snoozedUntil: until });
}

/**
 * PATCH unsnooze: it returns unread and unseen. Its new seq comes with the answer (or the push);
 * until then it has left the snoozed shelf.
 */
export const unsnoozeChange: Change = (item) =>
  isSnoozed(item) ? { ...item, snoozedUntil: null, isRead: false, readAt: null, seenAt: null } : item;

/** POST actions/{actionId}: the choice recorded, read and seen; once one is taken, no other. */
export function actionChange(actionId: string, at: string): Change {
  return (item) =>
    item.actedAction != null || !item.actions.some((action) => action.id === actionId)
      ? item
      : { ...item, actedAction: actionId, actedAt: at, isRead: true, readAt: item.readAt ?? at, seenAt: item.seenAt ?? at };
}

/** DELETE. */
export const removeChange: Change = () => null;
