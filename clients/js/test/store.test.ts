import { describe, expect, it } from 'vitest';
import { CountsModel, changeDelta, emptyDelta, type CountsDelta } from '../src/counts.js';
import {
  InboxStore,
  actionChange,
  archiveChange,
  matchesFilter,
  readChange,
  removeChange,
  snoozeChange,
  unarchiveChange,
  unsnoozeChange,
} from '../src/store.js';
import type { Counts, InboxFilter, Notification } from '../src/types.js';
import { counts as countsOf, notification, page } from './support/notifications.js';

const seqs = (store: InboxStore) => store.items.map((item) => item.seq);
const ids = (store: InboxStore) => store.items.map((item) => item.id);
const AT = '2026-01-02T00:00:00.000Z';
const LATER = '2026-01-03T09:00:00.000Z';

/** A delta with only these fields set (the rest zero). */
function delta(fields: Partial<CountsDelta>): CountsDelta {
  return { ...emptyDelta(), ...fields };
}

function storeWith(items: Notification[], filter: InboxFilter = {}, maxHeld = 100): InboxStore {
  const store = new InboxStore(maxHeld);
  store.reset(filter);
  store.replaceWithPages([{ items, hasMore: false, nextCursor: null }], store.mark());
  return store;
}

describe('InboxStore', () => {
  it('holds each id once, newest first, whatever the route it came by', () => {
    const store = new InboxStore(100);
    store.replaceWithPages([page(10, 6, true)], store.mark());
    store.upsert(notification(11));
    store.upsert(notification(11));
    store.applyNextPage(page(7, 3, false), store.mark()); // overlaps 7 and 6
    expect(seqs(store)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3]);
  });

  it('replaces by id (a later version takes the place of the earlier one)', () => {
    const store = new InboxStore(100);
    store.replaceWithPages([page(3, 1, false)], store.mark());
    store.upsert(notification(2, { title: 'changed' }));
    expect(store.items.map((item) => item.title)).toEqual(['Notification 3', 'changed', 'Notification 1']);
  });

  it('does not insert an item below the loaded range while more pages follow', () => {
    const store = new InboxStore(100);
    store.replaceWithPages([page(10, 6, true)], store.mark());
    expect(store.upsert(notification(2))).toBe(false);
    expect(seqs(store)).toEqual([10, 9, 8, 7, 6]);
  });

  it('evicts the oldest beyond maxHeld, keeps a gap-free prefix and says more pages follow', () => {
    const store = new InboxStore(5);
    store.replaceWithPages([page(5, 1, false)], store.mark());
    expect(store.hasMore).toBe(false);
    store.upsert(notification(6, { isRead: true }));
    store.upsert(notification(7));
    expect(seqs(store)).toEqual([7, 6, 5, 4, 3]);
    expect(store.hasMore).toBe(true);
    // No page cursor covers seq 3: the next load starts from the top again (and skips what it holds).
    expect(store.nextCursor).toBeUndefined();
  });

  it('after an eviction, continues from the cursor of the page that covers the new end', () => {
    const store = new InboxStore(6);
    store.replaceWithPages([page(10, 8, true)], store.mark()); // cursor after-8
    store.applyNextPage(page(7, 5, true), store.mark()); // cursor after-5
    store.upsert(notification(11));
    store.upsert(notification(12)); // 8 held: 12..7; lowest 7 is covered by the page ending at 8
    expect(seqs(store)).toEqual([12, 11, 10, 9, 8, 7]);
    expect(store.nextCursor).toBe('after-8');
    expect(store.applyNextPage(page(7, 5, true), store.mark())).toBe(0); // what it held, then eviction again
  });

  it('the first page reconciles the cache: items not in it are gone, pushes after the request stay', () => {
    const store = new InboxStore(100);
    store.showCached([notification(9), notification(8), notification(7)]);
    const mark = store.mark();
    store.upsert(notification(12)); // pushed while page 1 was being fetched
    store.replaceWithPages([page(11, 10, false)], mark); // 7..9 were deleted meanwhile
    expect(seqs(store)).toEqual([12, 11, 10]);
  });

  it('an optimistic read is undone exactly, unless the server changed it meanwhile', () => {
    const store = storeWith(page(3, 1, false).items);
    const undo = store.optimistic('n2', readChange(AT))!;
    expect(store.get('n2')).toMatchObject({ isRead: true, readAt: AT, seenAt: AT });
    expect(undo.delta).toEqual(delta({ unread: -1, unseen: -1, byType: { user_mentioned: -1 }, byPriority: { normal: -1 } }));
    undo.undo();
    expect(store.get('n2')).toEqual(notification(2));

    const again = store.optimistic('n3', readChange(AT))!;
    store.applyRead({ ids: ['n3'], all: false, readAt: LATER });
    again.undo();
    expect(store.get('n3')).toMatchObject({ isRead: true, readAt: LATER }); // the server said it is read: that wins
  });

  it('under the "unread" filter, a read leaves the list and its rollback brings it back', () => {
    const store = storeWith(page(3, 1, false).items, { isRead: false });
    const undo = store.optimistic('n2', readChange(AT))!;
    expect(seqs(store)).toEqual([3, 1]);
    undo.undo();
    expect(seqs(store)).toEqual([3, 2, 1]);
  });

  it('a page answer computed before a change in flight does not undo it', () => {
    const store = storeWith(page(3, 1, false).items);
    store.optimistic('n2', readChange(AT));
    store.optimistic('n3', archiveChange(AT));
    store.replaceWithPages([page(3, 1, false)], store.mark()); // the server had applied neither yet
    expect(store.get('n2')!.isRead).toBe(true);
    expect(ids(store)).toEqual(['n2', 'n1']);
  });

  it('an optimistic delete is undone, but not when the server deleted it meanwhile', () => {
    const store = storeWith(page(3, 1, false).items);
    const undo = store.optimistic('n2', removeChange)!;
    expect(seqs(store)).toEqual([3, 1]);
    expect(undo.delta).toEqual(delta({ total: -1, unread: -1, unseen: -1, byType: { user_mentioned: -1 }, byPriority: { normal: -1 } }));
    undo.undo();
    expect(seqs(store)).toEqual([3, 2, 1]);

    const again = store.optimistic('n3', removeChange)!;
    store.applyDeleted('n3');
    again.undo();
    expect(seqs(store)).toEqual([2, 1]);
  });

  it('a refused change puts the item back even at the end of a list with more pages', () => {
    const store = new InboxStore(100);
    store.replaceWithPages([page(5, 3, true)], store.mark());
    const undo = store.optimistic('n3', archiveChange(AT))!;
    expect(seqs(store)).toEqual([5, 4]);
    undo.undo();
    expect(seqs(store)).toEqual([5, 4, 3]);
  });

  it('notification:read with all applies to every loaded unread item matching its type / conversation', () => {
    const store = storeWith([
      notification(4, { type: 'new_message', conversationId: 'c1' }),
      notification(3, { type: 'new_message', conversationId: 'c2' }),
      notification(2, { type: 'user_mentioned', conversationId: 'c1' }),
      notification(1, { type: 'new_message', conversationId: 'c1' }),
    ]);
    store.applyRead({ ids: [], all: true, type: 'new_message', conversationId: 'c1', readAt: AT });
    expect(store.items.map((item) => item.isRead)).toEqual([true, false, false, true]);
    expect(store.get('n4')!.seenAt).toBe(AT); // read is always seen
  });

  it('notification:read with upToSeq reads only up to it (and nothing on another shelf)', () => {
    const store = storeWith([notification(4), notification(3), notification(2), notification(1)]);
    store.upsert(notification(5, { snoozedUntil: LATER })); // not in the inbox view
    store.applyRead({ ids: [], all: true, upToSeq: 3, readAt: AT });
    expect(store.items.map((item) => [item.seq, item.isRead])).toEqual([
      [4, false],
      [3, true],
      [2, true],
      [1, true],
    ]);
  });

  it('read-all without a filter takes the whole unread (and unseen) count optimistically', () => {
    const store = new InboxStore(100);
    store.replaceWithPages([page(2, 1, true)], store.mark());
    const counts = countsOf({ total: 9, unread: 7, unseen: 6, byType: { user_mentioned: 7 }, byPriority: { normal: 6, high: 1 }, lastSeq: 9 });
    const model = new CountsModel();
    model.setFromServer(counts);
    const undo = store.optimisticReadAll({}, 2, AT, model.value);
    const generation = model.adjust(undo.delta);
    expect(model.value).toMatchObject({ total: 9, unread: 0, unseen: 0, byType: {}, byPriority: {} });
    undo.undo();
    model.revert(undo.delta, generation);
    expect(model.value).toEqual(counts);
    expect(store.items.every((item) => !item.isRead)).toBe(true);
  });

  it('read-all up to a seq leaves what is above it unread', () => {
    const store = storeWith([notification(3), notification(2), notification(1)]);
    store.optimisticReadAll({}, 2, AT, null);
    expect(store.items.map((item) => item.isRead)).toEqual([false, true, true]);
  });

  it('read-all under a narrower view counts only what it holds', () => {
    const store = storeWith([notification(2, { type: 'system' })], { type: 'system' });
    const counts = countsOf({ total: 5, unread: 5, unseen: 5, byType: { system: 1, user_mentioned: 4 }, byPriority: { normal: 5 } });
    // An unfiltered read-all while only system ones are shown: the others above are not known.
    expect(store.optimisticReadAll({}, 2, AT, counts).delta).toEqual(
      delta({ unread: -1, unseen: -1, byType: { system: -1 }, byPriority: { normal: -1 } }),
    );
  });
});

describe('InboxStore v2: shelves and updates', () => {
  const archived = (seq: number, fields: Partial<Notification> = {}) =>
    notification(seq, { archivedAt: AT, isRead: true, readAt: AT, seenAt: AT, ...fields });
  const snoozed = (seq: number) => notification(seq, { snoozedUntil: LATER });

  it('a view is one shelf: the inbox holds neither archived nor snoozed ones', () => {
    const all = [notification(3), archived(2), snoozed(1)];
    expect(all.filter((n) => matchesFilter(n, {})).map((n) => n.seq)).toEqual([3]);
    expect(all.filter((n) => matchesFilter(n, { archived: true })).map((n) => n.seq)).toEqual([2]);
    expect(all.filter((n) => matchesFilter(n, { snoozed: true })).map((n) => n.seq)).toEqual([1]);
    expect(all.filter((n) => matchesFilter(n, { archived: true, isRead: false }))).toEqual([]);
  });

  it('notification:updated with a new seq replaces it by id and moves it to the top', () => {
    const store = storeWith([notification(3), notification(2), notification(1)]);
    store.upsert(notification(7, { id: 'n1', title: '3 new messages', collapsedCount: 3 }));
    expect(ids(store)).toEqual(['n1', 'n3', 'n2']);
    expect(store.items[0]).toMatchObject({ seq: 7, collapsedCount: 3 });
  });

  it('a version with a lower seq than the one held is older and ignored (a late answer after a replacement)', () => {
    const store = storeWith([notification(2), notification(1)]);
    store.upsert(notification(5, { id: 'n1', title: 'replaced' }));
    expect(store.upsert(notification(1, { isRead: true }))).toBe(false);
    expect(store.get('n1')).toMatchObject({ seq: 5, title: 'replaced', isRead: false });
  });

  it('an update that leaves the shelf leaves the view; one that joins it takes its place by seq', () => {
    const inbox = storeWith([notification(3), notification(2), notification(1)]);
    inbox.upsert(archived(2));
    expect(ids(inbox)).toEqual(['n3', 'n1']);
    inbox.upsert(snoozed(3));
    expect(ids(inbox)).toEqual(['n1']);

    const archive = storeWith([archived(5), archived(1)], { archived: true });
    archive.upsert(archived(3));
    expect(ids(archive)).toEqual(['n5', 'n3', 'n1']);
    archive.upsert(notification(5, { isRead: true, readAt: AT, seenAt: AT })); // unarchived elsewhere
    expect(ids(archive)).toEqual(['n3', 'n1']);
  });

  it('a page computed before a push that took an item out of the view does not bring it back', () => {
    const store = storeWith([notification(2), notification(1)]);
    const mark = store.mark();
    store.upsert(archived(2)); // pushed while the refresh was on its way
    store.replaceWithPages([page(2, 1, false)], mark);
    expect(ids(store)).toEqual(['n1']);
  });

  it('notification:seen marks the unseen ones of the inbox up to its seq', () => {
    const store = storeWith([notification(3), notification(2), notification(1, { seenAt: AT })]);
    store.applySeen({ upToSeq: 2, seenAt: LATER });
    expect(store.items.map((item) => item.seenAt)).toEqual([null, LATER, AT]);
  });

  it('notification:archived takes every loaded read one out of the inbox view', () => {
    const store = storeWith([notification(3, { isRead: true }), notification(2), notification(1, { isRead: true })]);
    expect(store.applyArchivedAll({ all: true, archivedAt: AT })).toBe(true);
    expect(ids(store)).toEqual(['n2']);
  });

  it('a bulk event also reaches an item with a change in flight: the undo then shows the server’s version', () => {
    const store = storeWith([notification(2, { isRead: true }), notification(1)]);
    const undo = store.optimistic('n2', snoozeChange(LATER))!;
    store.applyArchivedAll({ all: true, archivedAt: AT }); // archive-read on another device came first
    undo.undo();
    expect(ids(store)).toEqual(['n1']);
  });

  it('archive: out of the inbox and its counts, read and seen; undone exactly (list and counts)', () => {
    const store = storeWith([notification(2), notification(1)]);
    const server = countsOf({ total: 2, unread: 2, unseen: 2, byType: { user_mentioned: 2 }, byPriority: { normal: 2 }, lastSeq: 2 });
    const model = new CountsModel();
    model.setFromServer(server);
    const undo = store.optimistic('n2', archiveChange(AT))!;
    const generation = model.adjust(undo.delta);
    expect(ids(store)).toEqual(['n1']);
    expect(model.value).toMatchObject({ total: 1, unread: 1, unseen: 1, archived: 1, byType: { user_mentioned: 1 } });
    undo.undo();
    model.revert(undo.delta, generation);
    expect(store.items).toEqual([notification(2), notification(1)]);
    expect(model.value).toEqual(server);
  });

  it('archive of a snoozed one ends its snooze; the change states its end, so an archived one is left as it is', () => {
    expect(archiveChange(AT)(snoozed(1))).toMatchObject({ archivedAt: AT, snoozedUntil: null, isRead: true });
    const already = archived(1);
    expect(archiveChange(LATER)(already)).toBe(already);
    expect(changeDelta(snoozed(1), archiveChange(AT)(snoozed(1))!)).toEqual(delta({ snoozed: -1, archived: 1 }));
  });

  it('unarchive: back in the inbox, still read; undone', () => {
    const store = storeWith([archived(2), archived(1)], { archived: true });
    const undo = store.optimistic('n1', unarchiveChange)!;
    expect(ids(store)).toEqual(['n2']);
    expect(undo.delta).toEqual(delta({ archived: -1, total: 1 }));
    undo.undo();
    expect(ids(store)).toEqual(['n2', 'n1']);
  });

  it('snooze: out of the inbox until then; the same time again changes nothing; an archived one cannot be', () => {
    const store = storeWith([notification(2), notification(1, { isRead: true, seenAt: AT })]);
    const undo = store.optimistic('n2', snoozeChange(LATER))!;
    expect(ids(store)).toEqual(['n1']);
    expect(undo.delta).toEqual(delta({ total: -1, unread: -1, unseen: -1, snoozed: 1, byType: { user_mentioned: -1 }, byPriority: { normal: -1 } }));
    undo.undo();
    expect(ids(store)).toEqual(['n2', 'n1']);
    const sleeping = snoozed(3);
    expect(snoozeChange(LATER)(sleeping)).toBe(sleeping);
    const shelved = archived(3);
    expect(snoozeChange(LATER)(shelved)).toBe(shelved);
  });

  it('unsnooze: it leaves the snoozed view unread and unseen at once; the answer brings its new seq to the inbox', () => {
    const store = storeWith([snoozed(4), snoozed(2)], { snoozed: true });
    const undo = store.optimistic('n2', unsnoozeChange)!;
    expect(ids(store)).toEqual(['n4']);
    expect(undo.delta).toEqual(delta({ snoozed: -1, total: 1, unread: 1, unseen: 1, byType: { user_mentioned: 1 }, byPriority: { normal: 1 } }));
    undo.undo();
    expect(ids(store)).toEqual(['n4', 'n2']);

    const inbox = storeWith([notification(3)]);
    inbox.upsert(notification(9, { id: 'n2' })); // the answer: back, with a new seq
    expect(ids(inbox)).toEqual(['n2', 'n3']);
  });

  it('takeAction: the choice recorded, read and seen; no second choice; an unknown action changes nothing', () => {
    const actions = [
      { id: 'accept', label: 'Accept', url: null },
      { id: 'decline', label: 'Decline', url: null },
    ];
    const store = storeWith([notification(1, { actions })]);
    const undo = store.optimistic('n1', actionChange('accept', AT))!;
    expect(store.get('n1')).toMatchObject({ actedAction: 'accept', actedAt: AT, isRead: true, seenAt: AT });
    expect(undo.delta).toEqual(delta({ unread: -1, unseen: -1, byType: { user_mentioned: -1 }, byPriority: { normal: -1 } }));
    expect(store.optimistic('n1', actionChange('decline', AT))).toBeUndefined();
    undo.undo();
    expect(store.get('n1')).toEqual(notification(1, { actions }));
    expect(store.optimistic('n1', actionChange('nope', AT))).toBeUndefined();
  });

  it('two changes in flight on one item: undoing the first keeps the second, confirming keeps it for good', () => {
    const store = storeWith([notification(2), notification(1)]);
    const read = store.optimistic('n2', readChange(AT))!;
    const archive = store.optimistic('n2', archiveChange(AT))!;
    expect(ids(store)).toEqual(['n1']);
    read.undo();
    expect(ids(store)).toEqual(['n1']); // still archived (in flight)
    archive.undo();
    expect(store.get('n2')).toEqual(notification(2));

    const kept = store.optimistic('n2', readChange(AT))!;
    kept.confirm();
    store.replaceWithPages([page(2, 1, false)], store.mark()); // a page computed before the server applied it…
    expect(store.get('n2')!.isRead).toBe(false); // …is the server's word once nothing is in flight
  });

  it('seen up to a seq: in the plain inbox the counts say the rest; only the shown ones above stay unseen', () => {
    const store = new InboxStore(100);
    store.replaceWithPages([{ items: [notification(9), notification(8)], hasMore: true, nextCursor: 'after-8' }], store.mark());
    const counts = countsOf({ total: 20, unread: 12, unseen: 10 });
    const undo = store.optimisticSeen(8, AT, counts);
    expect(store.items.map((item) => item.seenAt)).toEqual([null, AT]);
    expect(undo.delta).toEqual(delta({ unseen: -9 })); // 10 unseen, 9 at or below 8

    const narrow = storeWith([notification(3, { type: 'system' })], { type: 'system' });
    expect(narrow.optimisticSeen(3, AT, counts).delta).toEqual(delta({ unseen: -1 }));
  });

  it('archive-read: every read one of the inbox, counted from total − unread', () => {
    const store = storeWith([notification(3, { isRead: true, seenAt: AT }), notification(2), notification(1, { isRead: true, seenAt: AT })]);
    const counts: Counts = countsOf({ total: 10, unread: 4, unseen: 2 });
    const undo = store.optimisticArchiveRead(AT, counts);
    expect(ids(store)).toEqual(['n2']);
    expect(undo.delta).toEqual(delta({ total: -6, archived: 6 }));
    undo.undo();
    expect(ids(store)).toEqual(['n3', 'n2', 'n1']);
  });
});

describe('CountsModel', () => {
  const server = countsOf({ total: 3, unread: 2, unseen: 2, byType: { user_mentioned: 2 }, byPriority: { normal: 2 }, lastSeq: 3 });

  it('a rollback restores exactly the counts it adjusted', () => {
    const model = new CountsModel();
    model.setFromServer(server);
    const change = delta({ unread: -1, unseen: -1, byType: { user_mentioned: -1 }, byPriority: { normal: -1 } });
    const generation = model.adjust(change);
    expect(model.value).toMatchObject({ unread: 1, unseen: 1, byType: { user_mentioned: 1 } });
    model.revert(change, generation);
    expect(model.value).toEqual(server);
  });

  it('server counts that arrived since win over a rollback', () => {
    const model = new CountsModel();
    model.setFromServer(server);
    const change = delta({ total: -1, unread: -1 });
    const generation = model.adjust(change);
    const newer = { ...server, total: 5, unread: 4, lastSeq: 5 };
    model.setFromServer(newer);
    model.revert(change, generation);
    expect(model.value).toEqual(newer);
  });
});

describe('InboxStore and deletes', () => {
  it('a late answer or catch-up page never brings back a deleted notification', () => {
    const store = new InboxStore(100);
    store.replaceWithPages([page(3, 1, false)], store.mark());
    store.applyDeleted('n2');
    expect(store.upsert(notification(2, { isRead: true }))).toBe(false);
    store.replaceWithPages([page(3, 1, false)], store.mark()); // a page computed before the delete
    expect(store.items.map((item) => item.id)).toEqual(['n3', 'n1']);
  });
});
