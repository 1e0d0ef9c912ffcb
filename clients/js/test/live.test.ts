/**
 * The client against the real Api: lists, pages, filters, counts, pushes, optimistic changes
 * confirmed by the server's pushes, a real refusal rolled back, the local cache reconciled.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cacheKey } from '../src/cache.js';
import { RequestError } from '../src/index.js';
import { expectCountsMatchServer, inbox, stopAllInboxes, waitForStatus, waitUntilSettled } from './support/inbox.js';
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

