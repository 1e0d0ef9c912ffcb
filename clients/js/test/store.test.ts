import { describe, expect, it } from 'vitest';
import { CountsModel } from '../src/counts.js';
import { InboxStore } from '../src/store.js';
import type { Counts } from '../src/types.js';
import { notification, page } from './support/notifications.js';

const seqs = (store: InboxStore) => store.items.map((item) => item.seq);

describe('InboxStore', () => {
  it('holds each id once, newest first, whatever the route it came by', () => {
    const store = new InboxStore(100);
    store.replaceWithPages([page(10, 6, true)], store.mark());
    store.upsert(notification(11));
    store.upsert(notification(11));
    store.applyNextPage(page(7, 3, false)); // overlaps 7 and 6
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
    store.applyNextPage(page(7, 5, true)); // cursor after-5
    store.upsert(notification(11));
    store.upsert(notification(12)); // 8 held: 12..7; lowest 7 is covered by the page ending at 8
    expect(seqs(store)).toEqual([12, 11, 10, 9, 8, 7]);
    expect(store.nextCursor).toBe('after-8');
    expect(store.applyNextPage(page(7, 5, true))).toBe(0); // what it held, then eviction again
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
    const store = new InboxStore(100);
    store.replaceWithPages([page(3, 1, false)], store.mark());
    const undo = store.optimisticRead('n2')!;
    expect(store.get('n2')!.isRead).toBe(true);
    expect(undo.delta).toEqual({ total: 0, unread: -1, byType: { user_mentioned: -1 }, byPriority: { normal: -1 } });
    undo.undo();
    expect(store.get('n2')!.isRead).toBe(false);
    expect(store.get('n2')!.readAt).toBeNull();

    const again = store.optimisticRead('n3')!;
    store.applyRead({ ids: ['n3'], all: false, readAt: '2026-01-01T00:00:00.000Z' });
    again.undo();
    expect(store.get('n3')!.isRead).toBe(true); // the server said it is read: that wins
  });

  it('under the "unread" filter, a read leaves the list and its rollback brings it back', () => {
    const store = new InboxStore(100);
    store.reset({ isRead: false });
    store.replaceWithPages([page(3, 1, false)], store.mark());
    const undo = store.optimisticRead('n2')!;
    expect(seqs(store)).toEqual([3, 1]);
    undo.undo();
    expect(seqs(store)).toEqual([3, 2, 1]);
  });

  it('a page answer computed before a read in flight does not undo it', () => {
    const store = new InboxStore(100);
    store.replaceWithPages([page(3, 1, false)], store.mark());
    store.optimisticRead('n2');
    store.replaceWithPages([page(3, 1, false)], store.mark()); // the server had not applied it yet
    expect(store.get('n2')!.isRead).toBe(true);
  });

  it('an optimistic delete is undone, but not when the server deleted it meanwhile', () => {
    const store = new InboxStore(100);
    store.replaceWithPages([page(3, 1, false)], store.mark());
    const undo = store.optimisticRemove('n2')!;
    expect(seqs(store)).toEqual([3, 1]);
    expect(undo.delta).toEqual({ total: -1, unread: -1, byType: { user_mentioned: -1 }, byPriority: { normal: -1 } });
    undo.undo();
    expect(seqs(store)).toEqual([3, 2, 1]);

    const again = store.optimisticRemove('n3')!;
    store.applyDeleted('n3');
    again.undo();
    expect(seqs(store)).toEqual([2, 1]);
  });

  it('notification:read with all applies to every loaded unread item matching its type / conversation', () => {
    const store = new InboxStore(100);
    store.replaceWithPages(
      [
        {
          items: [
            notification(4, { type: 'new_message', conversationId: 'c1' }),
            notification(3, { type: 'new_message', conversationId: 'c2' }),
            notification(2, { type: 'user_mentioned', conversationId: 'c1' }),
            notification(1, { type: 'new_message', conversationId: 'c1' }),
          ],
          hasMore: false,
          nextCursor: null,
        },
      ],
      store.mark(),
    );
    store.applyRead({ ids: [], all: true, type: 'new_message', conversationId: 'c1', readAt: '2026-01-01T00:00:00.000Z' });
    expect(store.items.map((item) => item.isRead)).toEqual([true, false, false, true]);
  });

  it('read-all without a filter takes the whole unread count optimistically', () => {
    const store = new InboxStore(100);
    store.replaceWithPages([page(2, 1, true)], store.mark());
    const counts: Counts = { total: 9, unread: 7, byType: { user_mentioned: 7 }, byPriority: { normal: 6, high: 1 }, lastSeq: 9 };
    const model = new CountsModel();
    model.setFromServer(counts);
    const undo = store.optimisticReadAll({}, model.value);
    const generation = model.adjust(undo.delta);
    expect(model.value).toMatchObject({ total: 9, unread: 0, byType: {}, byPriority: {} });
    undo.undo();
    model.revert(undo.delta, generation);
    expect(model.value).toEqual(counts);
    expect(store.items.every((item) => !item.isRead)).toBe(true);
  });
});

describe('CountsModel', () => {
  const server: Counts = { total: 3, unread: 2, byType: { user_mentioned: 2 }, byPriority: { normal: 2 }, lastSeq: 3 };

  it('a rollback restores exactly the counts it adjusted', () => {
    const model = new CountsModel();
    model.setFromServer(server);
    const delta = { total: 0, unread: -1, byType: { user_mentioned: -1 }, byPriority: { normal: -1 } };
    const generation = model.adjust(delta);
    expect(model.value).toMatchObject({ unread: 1, byType: { user_mentioned: 1 } });
    model.revert(delta, generation);
    expect(model.value).toEqual(server);
  });

  it('server counts that arrived since win over a rollback', () => {
    const model = new CountsModel();
    model.setFromServer(server);
    const delta = { total: -1, unread: -1, byType: {}, byPriority: {} };
    const generation = model.adjust(delta);
    const newer = { ...server, total: 5, unread: 4, lastSeq: 5 };
    model.setFromServer(newer);
    model.revert(delta, generation);
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
