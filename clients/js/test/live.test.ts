/**
 * The client against the real Api: lists, pages, filters, counts, pushes, optimistic changes
 * confirmed by the server's pushes, a real refusal rolled back, the local cache reconciled; and
 * the v2 states (seen, archive, snooze and its return, collapse, actions, pause, retract).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cacheKey } from '../src/cache.js';
import { RequestError } from '../src/index.js';
import { expectCountsMatchServer, followerWithFakeLeader, inbox, stopAllInboxes, waitForStatus, waitUntilSettled } from './support/inbox.js';
import { MemoryStorage } from './support/memoryStorage.js';
import { counts, notification } from './support/notifications.js';
import { RealApi, freshUser } from './support/realApi.js';
import { waitFor } from './support/wait.js';

const api = new RealApi();

beforeAll(() => api.start());
afterEach(() => stopAllInboxes());
afterAll(() => api.dispose());

describe('against the real Api', () => {
  it('loads pages newest first with hasMore, filters, and the server counts', async () => {
    const user = freshUser();
    const created = [];
    for (let i = 0; i < 7; i++) {
      created.push(
        await api.create(user, {
          type: i % 2 === 0 ? 'new_message' : 'user_mentioned',
          conversationId: i < 3 ? 'c1' : 'c2',
          title: `n${i}`,
        }),
      );
    }
    await api.asUser(user, 'PATCH', `/api/notifications/${created[0]!.id}/read`);
    const under = inbox(api, user, { pageSize: 3 });
    await under.client.start();
    let state = under.client.getState();
    expect(state.items.map((n) => n.id)).toEqual(created.slice(4).reverse().map((n) => n.id));
    expect(state.hasMore).toBe(true);
    expect(state.fromCache).toBe(false);
    await under.client.loadMore();
    await under.client.loadMore();
    state = under.client.getState();
    expect(state.items.map((n) => n.id)).toEqual(created.map((n) => n.id).reverse());
    expect(state.hasMore).toBe(false);
    await under.client.loadMore(); // no-op without more
    expect(under.client.getState().items).toHaveLength(7);

    await under.client.setFilter({ type: 'new_message' });
    expect(under.client.getState().items.map((n) => n.title)).toEqual(['n6', 'n4', 'n2']);
    expect(under.client.getState().hasMore).toBe(true);
    await under.client.loadMore();
    expect(under.client.getState().items.map((n) => n.title)).toEqual(['n6', 'n4', 'n2', 'n0']);

    await under.client.setFilter({ isRead: false, conversationId: 'c1' });
    expect(under.client.getState().items.map((n) => n.title)).toEqual(['n2', 'n1']);
    expect(under.client.getState().filter).toEqual({ isRead: false, conversationId: 'c1' });
    expect(under.arrivals).toEqual([]); // page loads are not arrivals
    await expectCountsMatchServer(api, user, under);
  });

  it('a create is pushed into the store and arrives once', async () => {
    const user = freshUser();
    const under = inbox(api, user);
    await under.client.start();
    await waitUntilSettled(under);
    const first = await api.create(user, { title: 'first' });
    const second = await api.create(user, { title: 'second' });
    await waitFor('both pushed', () => under.client.getState().items.length === 2);
    expect(under.client.getState().items.map((n) => n.id)).toEqual([second.id, first.id]);
    await waitFor('both arrivals', () => under.arrivals.length === 2);
    expect(under.arrivals.map((a) => [a.source, a.notifications.map((n) => n.id)])).toEqual([
      ['push', [first.id]],
      ['push', [second.id]],
    ]);
    await expectCountsMatchServer(api, user, under);
    expect(under.client.tracker.trusted).toBe(second.seq);
  });

  it('read, read-all and delete apply at once and are confirmed by the server', async () => {
    const user = freshUser();
    const a = await api.create(user, { type: 'new_message', title: 'a' });
    const b = await api.create(user, { type: 'new_message', title: 'b' });
    const c = await api.create(user, { type: 'user_mentioned', title: 'c' });
    const d = await api.create(user, { type: 'system', title: 'd' });
    const under = inbox(api, user);
    await under.client.start();
    await waitForStatus(under, 'live');
    await expectCountsMatchServer(api, user, under);

    const reading = under.client.markRead(a.id);
    expect(under.client.getState().items.find((n) => n.id === a.id)!.isRead).toBe(true);
    expect(under.client.getState().counts!.unread).toBe(3);
    await reading;
    await expectCountsMatchServer(api, user, under);

    const readingType = under.client.markAllRead({ type: 'new_message' });
    expect(under.client.getState().items.find((n) => n.id === b.id)!.isRead).toBe(true);
    expect(under.client.getState().counts!.unread).toBe(2);
    expect(under.client.getState().counts!.byType.new_message ?? 0).toBe(0);
    await readingType;
    await expectCountsMatchServer(api, user, under);

    const removing = under.client.remove(c.id);
    expect(under.client.getState().items.map((n) => n.id)).toEqual([d.id, b.id, a.id]);
    expect(under.client.getState().counts).toMatchObject({ total: 3, unread: 1 });
    await removing;
    expect((await api.all(user)).map((n) => n.id)).toEqual([d.id, b.id, a.id]);

    const readingAll = under.client.markAllRead();
    expect(under.client.getState().counts).toMatchObject({ unread: 0 });
    await readingAll;
    await expectCountsMatchServer(api, user, under);
    expect(under.client.getState().items.every((n) => n.isRead)).toBe(true);
    expect(under.errors).toEqual([]);
  });

  it('a read made on another device reaches the list through the push', async () => {
    const user = freshUser();
    const a = await api.create(user);
    const under = inbox(api, user);
    await under.client.start();
    await waitForStatus(under, 'live');
    await api.asUser(user, 'PATCH', `/api/notifications/${a.id}/read`);
    await waitFor('the read pushed', () => under.client.getState().items[0]?.isRead === true);
    await api.asUser(user, 'DELETE', `/api/notifications/${a.id}`);
    await waitFor('the delete pushed', () => under.client.getState().items.length === 0);
    await expectCountsMatchServer(api, user, under);
  });

  it('the cache is shown at once and reconciled when page 1 arrives', async () => {
    const user = freshUser();
    const kept = await api.create(user, { title: 'kept' });
    const storage = new MemoryStorage();
    const stale = notification(999, { id: 'deleted-meanwhile', title: 'stale' });
    storage.setItem(
      cacheKey(user),
      JSON.stringify({ v: 2, items: [stale, kept], counts: counts({ total: 2, unread: 2, unseen: 2, lastSeq: 999 }) }),
    );
    const under = inbox(api, user, { cache: storage });
    const seen: { fromCache: boolean; titles: string[] }[] = [];
    under.client.subscribe((state) => seen.push({ fromCache: state.fromCache, titles: state.items.map((n) => n.title) }));
    const starting = under.client.start();
    expect(under.client.getState().fromCache).toBe(true);
    expect(under.client.getState().items.map((n) => n.title)).toEqual(['stale', 'kept']);
    await starting;
    expect(under.client.getState().fromCache).toBe(false);
    expect(under.client.getState().items.map((n) => n.id)).toEqual([kept.id]);
    expect(seen[0]).toEqual({ fromCache: true, titles: ['stale', 'kept'] });
    await expectCountsMatchServer(api, user, under);
    expect(under.arrivals).toEqual([]); // cached and paged items are not arrivals

    // What it saves is the reconciled list, read back by the next start.
    const next = await api.create(user, { title: 'next' });
    await waitForStatus(under, 'live');
    await waitFor('the cache to hold the pushed one', () => storage.getItem(cacheKey(user))?.includes(next.id));
    const cached = JSON.parse(storage.getItem(cacheKey(user))!) as { items: { id: string }[] };
    expect(cached.items.map((n) => n.id)).toEqual([next.id, kept.id]);
  });

  it('holds at most maxHeld: pushes evict the oldest, hasMore again, and loadMore refetches them', async () => {
    const user = freshUser();
    const created = [];
    for (let i = 0; i < 4; i++) created.push(await api.create(user, { title: `old ${i}` }));
    const under = inbox(api, user, { pageSize: 2, maxHeld: 4 });
    await under.client.start();
    await under.client.loadMore();
    expect(under.client.getState().items).toHaveLength(4);
    expect(under.client.getState().hasMore).toBe(false);
    await waitUntilSettled(under);

    const pushed = [await api.create(user, { title: 'new 0' }), await api.create(user, { title: 'new 1' })];
    await waitFor('both pushed', () => under.arrivals.length === 2);
    const state = under.client.getState();
    expect(state.items.map((n) => n.id)).toEqual([pushed[1]!.id, pushed[0]!.id, created[3]!.id, created[2]!.id]);
    expect(state.hasMore).toBe(true);
    await under.client.loadMore(); // at maxHeld: nothing to make room for
    expect(under.client.getState().items).toHaveLength(4);

    await under.client.remove(pushed[1]!.id);
    await under.client.remove(pushed[0]!.id);
    await under.client.loadMore(); // room again: it refetches what was evicted, each once
    expect(under.client.getState().items.map((n) => n.id)).toEqual(created.map((n) => n.id).reverse());
    await expectCountsMatchServer(api, user, under);
  });

  it('the error of a list load is in the state, and the next load clears it', async () => {
    const user = freshUser();
    const under = inbox(api, user);
    await under.client.start();
    await under.client.setFilter({ conversationId: 'not a valid id!' });
    expect(under.client.getState().error).toMatchObject({ kind: 'load', status: 400 });
    await under.client.setFilter({});
    expect(under.client.getState().error).toBeNull();
  });

  it('a token the service refuses shows as an auth error; corrupt cache data is ignored', async () => {
    const user = freshUser();
    const storage = new MemoryStorage();
    storage.setItem(cacheKey(user), '{"v":2,"items":[{"broken":true}]');
    const under = inbox(api, user, { cache: storage, getToken: () => 'not-a-jwt' });
    await under.client.start();
    expect(under.client.getState()).toMatchObject({ fromCache: false, items: [], error: { kind: 'auth', status: 401 } });
    expect(storage.getItem(cacheKey(user))).toBeNull();
  });

  it('preferences round-trip', async () => {
    const user = freshUser();
    const under = inbox(api, user);
    const defaults = await under.client.getPreferences();
    expect(defaults.dnd).toMatchObject({ enabled: false });
    const saved = await under.client.setPreferences({ ...defaults, disabledTypes: ['message_reaction'], mutedConversations: ['c1'] });
    expect(saved.disabledTypes).toEqual(['message_reaction']);
    expect(await under.client.getPreferences()).toEqual(saved);
    const refusal = await under.client
      .setPreferences({ ...saved, dnd: { enabled: true, start: '25:00', end: '07:00', timeZone: 'UTC' } })
      .then(() => undefined, (error: unknown) => error);
    // The public shape of a refusal: a RequestError whose problem carries the field errors.
    expect(refusal).toBeInstanceOf(RequestError);
    expect(refusal).toMatchObject({ failure: 'status', status: 400 });
    expect(Object.keys((refusal as RequestError).problem?.errors ?? {})).toContain('dnd.start');
    expect(under.errors).toEqual([expect.objectContaining({ kind: 'preferences', status: 400 })]);
  });
});


describe('v2 inbox states against the real Api', () => {
  it('seen: markSeen up to the highest seq shown; one created after it stays unseen; a seen elsewhere is pushed', async () => {
    const user = freshUser();
    const [a, b] = [await api.create(user, { title: 'a' }), await api.create(user, { title: 'b' })];
    const under = inbox(api, user);
    await under.client.start();
    await waitUntilSettled(under);
    await under.client.markSeen(under.client.getState().items[0]!.seq);
    expect(under.client.getState().items.every((n) => n.seenAt !== null)).toBe(true);
    expect(await api.counts(user)).toMatchObject({ unseen: 0, unread: 2 });
    const c = await api.create(user, { title: 'c' });
    await waitFor('c pushed', () => under.client.getState().items.length === 3);
    await expectCountsMatchServer(api, user, under);
    expect(under.client.getState().counts).toMatchObject({ unseen: 1, unread: 3 });

    await api.asUser(user, 'PATCH', '/api/notifications/seen', { upToSeq: c.seq }); // another device
    await waitFor('the seen pushed', () => under.client.getState().items[0]?.seenAt !== null);
    expect(under.client.getState().items.map((n) => n.id)).toEqual([c.id, b.id, a.id]);
    await expectCountsMatchServer(api, user, under);
    expect(under.errors).toEqual([]);
  });

  it('markAllRead stops at the newest seq the client holds: one it has not received yet stays unread', async () => {
    const user = freshUser();
    const a = await api.create(user, { title: 'a' });
    const { follower, relay, close } = await followerWithFakeLeader(api, user);
    try {
      const unseenByTheClient = await api.create(user, { title: 'created meanwhile' }); // not relayed: not received yet
      await follower.client.markAllRead();
      const server = await api.all(user);
      expect(server.map((n) => [n.id, n.isRead])).toEqual([
        [unseenByTheClient.id, false],
        [a.id, true],
      ]);
      relay({ kind: 'event', name: 'notification:counts', payload: await api.counts(user) });
      await waitFor('the catch-up', () => follower.client.getState().items.length === 2);
      expect(follower.client.getState().items.map((n) => n.isRead)).toEqual([false, true]);
      await expectCountsMatchServer(api, user, follower);
    } finally {
      close();
    }
  });

  it('archive, the archive view, unarchive and archive-read, each confirmed by the server', async () => {
    const user = freshUser();
    const [a, b, c] = [await api.create(user, { title: 'a' }), await api.create(user, { title: 'b' }), await api.create(user, { title: 'c' })];
    const under = inbox(api, user);
    await under.client.start();
    await waitUntilSettled(under);

    const archiving = under.client.archive(b.id);
    expect(under.client.getState().items.map((n) => n.id)).toEqual([c.id, a.id]);
    expect(under.client.getState().counts).toMatchObject({ total: 2, unread: 2, archived: 1 });
    await archiving;
    expect((await api.all(user, 'archived=true')).map((n) => n.id)).toEqual([b.id]);
    await expectCountsMatchServer(api, user, under);

    await under.client.setFilter({ archived: true });
    expect(under.client.getState().items).toEqual([expect.objectContaining({ id: b.id, isRead: true })]);
    await under.client.unarchive(b.id);
    expect(under.client.getState().items).toEqual([]);
    await under.client.setFilter({});
    expect(under.client.getState().items.map((n) => n.id)).toEqual([c.id, b.id, a.id]);

    await under.client.markRead(c.id);
    const archivingRead = under.client.archiveRead(); // b (read, unarchived) and c
    expect(under.client.getState().items.map((n) => n.id)).toEqual([a.id]);
    await archivingRead;
    expect((await api.all(user)).map((n) => n.id)).toEqual([a.id]);
    expect((await api.all(user, 'archived=true')).map((n) => n.id)).toEqual([c.id, b.id]);
    await expectCountsMatchServer(api, user, under);
    expect(under.errors).toEqual([]);
  });

  it('snooze: out of the inbox, in the snoozed view; it returns by itself, pushed to the top with a new seq', async () => {
    const user = freshUser();
    const [a, b] = [await api.create(user, { title: 'a' }), await api.create(user, { title: 'b' })];
    const under = inbox(api, user);
    await under.client.start();
    await waitUntilSettled(under);
    await under.client.snooze(a.id, new Date(Date.now() + 1500));
    expect(under.client.getState().items.map((n) => n.id)).toEqual([b.id]);
    await expectCountsMatchServer(api, user, under);
    expect(under.client.getState().counts).toMatchObject({ total: 1, snoozed: 1 });
    expect((await api.all(user, 'snoozed=true')).map((n) => n.id)).toEqual([a.id]);

    // The inbox's timer returns it within 5 s of snoozedUntil while the user is connected (API.md v2).
    await waitFor('the return pushed', () => under.client.getState().items[0]?.id === a.id, { timeoutMs: 10_000 });
    const returned = under.client.getState().items[0]!;
    expect(returned).toMatchObject({ snoozedUntil: null, isRead: false, seenAt: null });
    expect(returned.seq).toBeGreaterThan(b.seq);
    expect(under.client.tracker.trusted).toBe(returned.seq);
    expect(under.arrivals).toEqual([{ source: 'push', notifications: [returned] }]);
    expect(under.client.getState().items.map((n) => n.id)).toEqual([a.id, b.id]);
    await expectCountsMatchServer(api, user, under);
  });

  it('unsnooze: back at the top at once with its new seq, and not announced as an arrival', async () => {
    const user = freshUser();
    const [a, b] = [await api.create(user, { title: 'a' }), await api.create(user, { title: 'b' })];
    const under = inbox(api, user);
    await under.client.start();
    await waitUntilSettled(under);
    await under.client.snooze(a.id, new Date(Date.now() + 3_600_000));
    await under.client.setFilter({ snoozed: true });
    expect(under.client.getState().items.map((n) => n.id)).toEqual([a.id]);
    await under.client.unsnooze(a.id);
    expect(under.client.getState().items).toEqual([]);
    await under.client.setFilter({});
    expect(under.client.getState().items.map((n) => n.id)).toEqual([a.id, b.id]);
    await waitUntilSettled(under);
    expect(under.arrivals).toEqual([]);
    await expectCountsMatchServer(api, user, under);
  });

  it('collapse key: replacements update one item in place, move it to the top, and each is an arrival', async () => {
    const user = freshUser();
    const under = inbox(api, user);
    await under.client.start();
    await waitUntilSettled(under);
    const first = await api.create(user, { title: '1 new message in #general', collapseKey: 'general' });
    const other = await api.create(user, { title: 'other' });
    await waitFor('both pushed', () => under.arrivals.length === 2);
    const last = await api.create(user, { title: '2 new messages in #general', collapseKey: 'general' });
    expect(last).toMatchObject({ id: first.id, collapsedCount: 2 });
    await waitFor('the replacement pushed', () => under.arrivals.length === 3);
    expect(under.client.getState().items.map((n) => [n.id, n.title])).toEqual([
      [first.id, '2 new messages in #general'],
      [other.id, 'other'],
    ]);
    expect(under.client.getState().items[0]).toEqual(last);
    expect(under.client.tracker.trusted).toBe(last.seq);
    expect(under.arrivedIds()).toEqual([first.id, other.id, first.id]);
    await expectCountsMatchServer(api, user, under);
  });

  it('a replacement missed during a gap comes once, with its new seq, by the catch-up', async () => {
    const user = freshUser();
    const first = await api.create(user, { title: 'v1', collapseKey: 'k' });
    const { follower, relay, close } = await followerWithFakeLeader(api, user);
    try {
      const replaced = await api.create(user, { title: 'v2', collapseKey: 'k' }); // not relayed
      relay({ kind: 'event', name: 'notification:counts', payload: await api.counts(user) });
      await waitFor('the catch-up', () => follower.client.getState().items[0]?.title === 'v2');
      expect(follower.client.getState().items).toEqual([replaced]);
      expect(follower.client.tracker.trusted).toBe(replaced.seq);
      expect(follower.arrivals).toEqual([{ source: 'catch-up', notifications: [replaced] }]);
      expect(replaced.id).toBe(first.id);
    } finally {
      close();
    }
  });

  it('actions: the choice is recorded; another is refused (409) and rolled back; an unknown one is a 404 that keeps it', async () => {
    const user = freshUser();
    const created = await api.create(user, {
      title: 'Dana wants to connect',
      actions: [
        { id: 'accept', label: 'Accept' },
        { id: 'decline', label: 'Decline', url: 'https://example.com/decline' },
      ],
    });
    expect(created.actions).toEqual([
      { id: 'accept', label: 'Accept', url: null },
      { id: 'decline', label: 'Decline', url: 'https://example.com/decline' },
    ]);
    const under = inbox(api, user);
    await under.client.start();
    await waitUntilSettled(under);
    await under.client.takeAction(created.id, 'accept');
    expect(under.client.getState().items[0]).toMatchObject({ actedAction: 'accept', isRead: true });
    expect((await api.asUser<{ actedAction: string }>(user, 'GET', `/api/notifications/${created.id}`)).body.actedAction).toBe('accept');

    // Decline elsewhere is refused too; here the client thinks nothing was taken yet.
    const stale = inbox(api, user);
    await stale.client.start();
    const { status } = await api.asUser(user, 'POST', `/api/notifications/${created.id}/actions/decline`);
    expect(status).toBe(409);
    await stale.client.takeAction(created.id, 'decline');
    expect(stale.errors).toEqual([expect.objectContaining({ kind: 'rollback', status: 409, id: created.id })]);
    expect(stale.client.getState().items[0]).toMatchObject({ actedAction: 'accept' });

    await under.client.takeAction(created.id, 'nope');
    await waitFor('the 404 reported', () => under.errors.length === 1);
    expect(under.errors[0]).toMatchObject({ kind: 'rollback', status: 404 });
    expect(under.client.getState().items.map((n) => n.id)).toEqual([created.id]);
    await expectCountsMatchServer(api, user, under);
  });

  it('pause: pausedUntil round-trips; while paused a create is silent; null resumes', async () => {
    const user = freshUser();
    const under = inbox(api, user);
    const preferences = await under.client.getPreferences();
    expect(preferences.pausedUntil).toBeNull();
    const until = new Date(Date.now() + 3_600_000);
    const paused = await under.client.setPreferences({ ...preferences, pausedUntil: until.toISOString() });
    expect(paused.pausedUntil).toBe(until.toISOString());
    expect((await api.create(user, { title: 'quiet' })).silent).toBe(true);
    expect((await api.create(user, { title: 'loud', priority: 'urgent' })).silent).toBe(false);
    const resumed = await under.client.setPreferences({ ...paused, pausedUntil: null });
    expect(resumed.pausedUntil).toBeNull();
    expect((await api.create(user, { title: 'normal again' })).silent).toBe(false);
  });

  it('retract: a deleted chat message’s notification disappears from the list (pushed as a delete)', async () => {
    const user = freshUser();
    const kept = await api.create(user, { title: 'kept', messageId: 'm-kept' });
    const retracted = await api.create(user, { title: 'retracted', messageId: 'm-gone' });
    const under = inbox(api, user);
    await under.client.start();
    await waitUntilSettled(under);
    expect(under.client.getState().items.map((n) => n.id)).toEqual([retracted.id, kept.id]);
    const { status, body } = await api.asProducer<{ deleted: number }>('/api/notifications/retract', { messageId: 'm-gone' });
    expect([status, body.deleted]).toEqual([200, 1]);
    await waitFor('the delete pushed', () => under.client.getState().items.length === 1);
    expect(under.client.getState().items.map((n) => n.id)).toEqual([kept.id]);
    await expectCountsMatchServer(api, user, under);
  });
});
