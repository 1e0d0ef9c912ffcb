/**
 * The client's v2 events and actions without the Api: it runs as a follower tab whose "leader"
 * is the test (events are delivered on a channel the test holds), and its REST calls are
 * answered by a scripted `fetch`. What it shows, sends, counts and reports is checked exactly,
 * including each rollback.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInboxClientForTest, type InboxClientImpl } from '../src/client.js';
import type { HubEventName } from '../src/hub.js';
import { lockName, type ChannelLike, type TabMessage } from '../src/tabs.js';
import type { Arrival, Counts, InboxError, Notification } from '../src/types.js';
import { MemoryLocks } from './support/memoryLocks.js';
import { counts, notification } from './support/notifications.js';
import { ScriptedService, problem } from './support/scriptedService.js';
import { waitFor } from './support/wait.js';

const AT = '2026-01-02T00:00:00.000Z';
const UNTIL = '2026-01-05T09:00:00.000Z';
const actions = [
  { id: 'accept', label: 'Accept', url: null },
  { id: 'decline', label: 'Decline', url: null },
];

/** A channel whose messages the test delivers synchronously, as the leader tab would relay them. */
class DirectChannel implements ChannelLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  postMessage(): void {}
  close(): void {}
  deliver(message: TabMessage): void {
    this.onmessage?.({ data: message });
  }
}

let service: ScriptedService;
let running: InboxClientImpl[] = [];

beforeEach(() => {
  service = new ScriptedService();
  vi.stubGlobal('fetch', service.fetch);
});
afterEach(async () => {
  await Promise.all(running.map((client) => client.stop()));
  running = [];
  vi.unstubAllGlobals();
});

/** Starts a follower over `items` (the server's), live unless told otherwise. */
async function follower(items: Notification[], { live = true } = {}) {
  service.setItems(items);
  const locks = new MemoryLocks();
  void locks.request(lockName('alice'), {}, () => new Promise<void>(() => undefined)); // the leader tab, for good
  const channel = new DirectChannel();
  const arrivals: Arrival[] = [];
  const errors: InboxError[] = [];
  const client = createInboxClientForTest(
    {
      baseUrl: 'http://service.test',
      userId: 'alice',
      getToken: () => 'token',
      cache: null,
      shareAcrossTabs: true,
      timings: { retryDelaysMs: [0], catchUpRetryMaxMs: 50, pollIntervalMs: 60_000 },
      onError: (error) => errors.push(error),
    },
    { locks, channelFactory: () => channel },
  );
  running.push(client);
  client.onArrival((arrival) => arrivals.push(arrival));
  await client.start();
  await waitFor('page 1', () => !client.getState().loading && client.getState().counts !== null);
  if (live) channel.deliver({ kind: 'status', status: 'live' });
  const event = (name: HubEventName, payload: unknown) => channel.deliver({ kind: 'event', name, payload });
  return {
    client,
    arrivals,
    errors,
    event,
    /** The server's counts pushed, as they follow each change. */
    pushCounts: (value: Counts = service.counts) => event('notification:counts', value),
    state: () => client.getState(),
    ids: () => client.getState().items.map((item) => item.id),
  };
}

describe('v2 events', () => {
  it('notification:updated with a new seq replaces by id, moves to the top, is a received seq and an arrival', async () => {
    const inbox = await follower([notification(3), notification(2), notification(1)]);
    expect(inbox.client.tracker.trusted).toBe(3);
    const replaced = notification(4, { id: 'n1', title: '3 new messages', collapseKey: 'general', collapsedCount: 3 });
    inbox.event('notification:updated', replaced);
    expect(inbox.ids()).toEqual(['n1', 'n3', 'n2']);
    expect(inbox.state().items[0]).toEqual(replaced);
    expect(inbox.client.tracker.trusted).toBe(4);
    expect(inbox.client.tracker.hasGap).toBe(false);
    expect(inbox.arrivals).toEqual([{ source: 'push', notifications: [replaced] }]);
  });

  it('notification:updated with its old seq (archived elsewhere) takes it out of the inbox view and is no arrival', async () => {
    const inbox = await follower([notification(2), notification(1)]);
    inbox.event('notification:updated', notification(2, { archivedAt: AT, isRead: true, readAt: AT, seenAt: AT }));
    expect(inbox.ids()).toEqual(['n1']);
    expect(inbox.client.tracker.trusted).toBe(2);
    expect(inbox.arrivals).toEqual([]);
  });

  it('an updated seq beyond trusted + 1 opens a gap; the catch-up brings the missed return once, with its new seq', async () => {
    const inbox = await follower([notification(2), notification(1)]);
    const returned = notification(3, { id: 'n1', title: 'back from snooze' });
    const replaced = notification(4, { id: 'n2', collapsedCount: 2 });
    service.setItems([returned, replaced]);
    inbox.event('notification:updated', replaced); // 3 was missed
    expect(inbox.client.tracker.hasGap).toBe(true);
    await waitFor('the catch-up', () => inbox.client.tracker.trusted === 4);
    expect(service.made('GET', '/api/notifications').some((request) => request.query.get('afterSeq') === '2')).toBe(true);
    expect(inbox.state().items).toEqual([replaced, returned]);
    expect(inbox.arrivals).toEqual([
      { source: 'push', notifications: [replaced] },
      { source: 'catch-up', notifications: [returned] },
    ]);
  });

  it('notification:seen marks the shown ones seen up to its seq', async () => {
    const inbox = await follower([notification(3), notification(2), notification(1)]);
    inbox.event('notification:seen', { upToSeq: 2, seenAt: AT });
    expect(inbox.state().items.map((item) => item.seenAt)).toEqual([null, AT, AT]);
  });

  it('notification:read with upToSeq reads only up to it', async () => {
    const inbox = await follower([notification(3), notification(2), notification(1)]);
    inbox.event('notification:read', { ids: [], all: true, upToSeq: 2, readAt: AT });
    expect(inbox.state().items.map((item) => item.isRead)).toEqual([false, true, true]);
  });

  it('notification:archived takes the read ones out of the inbox; an archive view reloads to show them', async () => {
    const read = { isRead: true, readAt: AT, seenAt: AT };
    const inbox = await follower([notification(3, read), notification(2), notification(1, read)]);
    inbox.event('notification:archived', { all: true, archivedAt: AT });
    expect(inbox.ids()).toEqual(['n2']);

    await inbox.client.setFilter({ archived: true });
    expect(inbox.ids()).toEqual([]);
    service.setItems([notification(3, { ...read, archivedAt: AT }), notification(2), notification(1, { ...read, archivedAt: AT })]);
    inbox.event('notification:archived', { all: true, archivedAt: AT });
    await waitFor('the archive reloaded', () => inbox.ids().length === 2);
    expect(inbox.ids()).toEqual(['n3', 'n1']);
  });
});

describe('v2 actions', () => {
  it('markAllRead sends upToSeq = the highest seq shown: one arriving meanwhile stays unread', async () => {
    const inbox = await follower([notification(2), notification(1)]);
    const answer = service.hold('PATCH', '/api/notifications/read-all');
    const reading = inbox.client.markAllRead();
    expect((await answer.requested).body).toEqual({ upToSeq: 2 });
    expect(inbox.state().counts).toMatchObject({ unread: 0, unseen: 0 });
    inbox.event('notification', notification(3)); // created while the request was on its way
    service.setItems([notification(3), notification(2, { isRead: true }), notification(1, { isRead: true })]);
    answer.release({ status: 200, body: { updated: 2, counts: service.counts } });
    await reading;
    expect(inbox.state().items.map((item) => [item.seq, item.isRead])).toEqual([
      [3, false],
      [2, true],
      [1, true],
    ]);
    expect(inbox.errors).toEqual([]);
  });

  it('markAllRead in the archive or snoozed view sends nothing: read-all acts on the inbox, which they do not show', async () => {
    const inbox = await follower([notification(3, { snoozedUntil: UNTIL }), notification(2), notification(1)]);
    await inbox.client.setFilter({ snoozed: true });
    await inbox.client.markAllRead();
    expect(service.made('PATCH', '/api/notifications/read-all')).toEqual([]);
    expect(inbox.state().counts).toMatchObject({ unread: 2 });
  });

  it('markSeen: optimistic, PATCH seen with upToSeq; nothing is sent when nothing is unseen', async () => {
    const inbox = await follower([notification(2), notification(1)]);
    const answer = service.hold('PATCH', '/api/notifications/seen');
    const seeing = inbox.client.markSeen(2);
    expect((await answer.requested).body).toEqual({ upToSeq: 2 });
    expect(inbox.state().items.every((item) => item.seenAt !== null)).toBe(true);
    expect(inbox.state().counts).toMatchObject({ unseen: 0, unread: 2 });
    answer.release({ status: 200, body: { updated: 2, counts: counts({ total: 2, unread: 2, lastSeq: 2 }) } });
    await seeing;
    inbox.pushCounts(counts({ total: 2, unread: 2, unseen: 0, lastSeq: 2 }));
    await inbox.client.markSeen(2);
    expect(service.made('PATCH', '/api/notifications/seen')).toHaveLength(1);
  });

  /** Each single-notification change: shown at once, confirmed by the answer, undone exactly on refusal. */
  const singles: {
    name: string;
    items: Notification[];
    view?: { archived?: boolean; snoozed?: boolean };
    call: (client: InboxClientImpl) => Promise<void>;
    method: string;
    path: string;
    body?: unknown;
    shown: (state: { ids: string[]; first: Notification | undefined; counts: Counts | null }) => void;
    answer: Notification;
  }[] = [
    {
      name: 'archive',
      items: [notification(2), notification(1)],
      call: (client) => client.archive('n2'),
      method: 'PATCH',
      path: '/api/notifications/n2/archive',
      shown: ({ ids, counts }) => {
        expect(ids).toEqual(['n1']);
        expect(counts).toMatchObject({ total: 1, unread: 1, unseen: 1, archived: 1 });
      },
      answer: notification(2, { archivedAt: AT, isRead: true, readAt: AT, seenAt: AT }),
    },
    {
      name: 'unarchive',
      items: [notification(2, { archivedAt: AT, isRead: true, readAt: AT, seenAt: AT }), notification(1)],
      view: { archived: true },
      call: (client) => client.unarchive('n2'),
      method: 'PATCH',
      path: '/api/notifications/n2/unarchive',
      shown: ({ ids, counts }) => {
        expect(ids).toEqual([]);
        expect(counts).toMatchObject({ total: 2, archived: 0 });
      },
      answer: notification(2, { isRead: true, readAt: AT, seenAt: AT }),
    },
    {
      name: 'snooze',
      items: [notification(2), notification(1)],
      call: (client) => client.snooze('n2', new Date(UNTIL)),
      method: 'PATCH',
      path: '/api/notifications/n2/snooze',
      body: { until: UNTIL },
      shown: ({ ids, counts }) => {
        expect(ids).toEqual(['n1']);
        expect(counts).toMatchObject({ total: 1, unread: 1, snoozed: 1 });
      },
      answer: notification(2, { snoozedUntil: UNTIL }),
    },
    {
      name: 'unsnooze',
      items: [notification(2, { snoozedUntil: UNTIL }), notification(1)],
      view: { snoozed: true },
      call: (client) => client.unsnooze('n2'),
      method: 'PATCH',
      path: '/api/notifications/n2/unsnooze',
      shown: ({ ids, counts }) => {
        expect(ids).toEqual([]);
        expect(counts).toMatchObject({ total: 2, unread: 2, snoozed: 0 });
      },
      answer: notification(3, { id: 'n2' }),
    },
    {
      name: 'takeAction',
      items: [notification(2, { actions }), notification(1)],
      call: (client) => client.takeAction('n2', 'accept'),
      method: 'POST',
      path: '/api/notifications/n2/actions/accept',
      shown: ({ first, counts }) => {
        expect(first).toMatchObject({ id: 'n2', actedAction: 'accept', isRead: true });
        expect(counts).toMatchObject({ total: 2, unread: 1 });
      },
      answer: notification(2, { actions, actedAction: 'accept', actedAt: AT, isRead: true, readAt: AT, seenAt: AT }),
    },
  ];

  for (const single of singles) {
    it(`${single.name}: shown at once, confirmed by the answer`, async () => {
      const inbox = await follower(single.items);
      if (single.view) await inbox.client.setFilter(single.view);
      const answer = service.hold(single.method, single.path);
      const changing = single.call(inbox.client);
      const request = await answer.requested;
      if (single.body) expect(request.body).toEqual(single.body);
      single.shown({ ids: inbox.ids(), first: inbox.state().items[0], counts: inbox.state().counts });
      answer.release({ status: 200, body: single.answer });
      await changing;
      single.shown({ ids: inbox.ids(), first: inbox.state().items[0], counts: inbox.state().counts });
      expect(inbox.errors).toEqual([]);
    });

    it(`${single.name}: refused (503), it is undone exactly — list and counts — and reported`, async () => {
      const inbox = await follower(single.items);
      if (single.view) await inbox.client.setFilter(single.view);
      const before = inbox.state();
      service.on(single.method, single.path, () => ({ status: 503, body: problem(503, 'store unavailable') }));
      await single.call(inbox.client);
      expect(inbox.state().items).toEqual(before.items);
      expect(inbox.state().counts).toEqual(before.counts);
      expect(inbox.errors).toEqual([expect.objectContaining({ kind: 'rollback', status: 503, id: 'n2', change: single.name })]);
    });
  }

  it('archive-read: the read ones leave at once; refused, they come back and the counts with them', async () => {
    const read = { isRead: true, readAt: AT, seenAt: AT };
    const inbox = await follower([notification(3, read), notification(2), notification(1, read)]);
    const before = inbox.state();
    const answer = service.hold('PATCH', '/api/notifications/archive-read');
    const archiving = inbox.client.archiveRead();
    await answer.requested;
    expect(inbox.ids()).toEqual(['n2']);
    expect(inbox.state().counts).toMatchObject({ total: 1, unread: 1, archived: 2 });
    answer.release({ status: 500, body: problem(500, 'boom') });
    await archiving;
    expect(inbox.state().items).toEqual(before.items);
    expect(inbox.state().counts).toEqual(before.counts);
    expect(inbox.errors).toEqual([expect.objectContaining({ kind: 'rollback', status: 500 })]);
  });

  it('while not live, the counts an answer carries are taken', async () => {
    const read = { isRead: true, readAt: AT, seenAt: AT };
    const inbox = await follower([notification(2, read), notification(1)], { live: false });
    const after = counts({ total: 1, unread: 1, unseen: 1, archived: 1, lastSeq: 2, byType: { user_mentioned: 1 }, byPriority: { normal: 1 } });
    service.on('PATCH', '/api/notifications/archive-read', () => ({ status: 200, body: { updated: 1, counts: after } }));
    await inbox.client.archiveRead();
    expect(inbox.state().counts).toEqual(after);
    expect(service.made('GET', '/api/notifications/counts')).toHaveLength(1); // the start's only
  });

  it('takeAction refused with 409 (chosen on another device): undone, reported, and the server’s choice fetched', async () => {
    const inbox = await follower([notification(1, { actions })]);
    const chosenElsewhere = notification(1, { actions, actedAction: 'decline', actedAt: AT, isRead: true, readAt: AT, seenAt: AT });
    service.on('POST', '/api/notifications/n1/actions/accept', () => ({ status: 409, body: problem(409, 'Another action was taken already.') }));
    service.on('GET', '/api/notifications/n1', () => ({ status: 200, body: chosenElsewhere }));
    await inbox.client.takeAction('n1', 'accept');
    expect(inbox.errors).toEqual([expect.objectContaining({ kind: 'rollback', status: 409, id: 'n1', change: 'takeAction' })]);
    await waitFor('the refetch', () => inbox.state().items[0]?.actedAction === 'decline');
    expect(inbox.state().items).toEqual([chosenElsewhere]);
  });

  it('takeAction answered 404: the notification is fetched again — kept when it exists, removed when it is gone', async () => {
    const inbox = await follower([notification(2, { actions }), notification(1, { actions })]);
    service.on('POST', /\/actions\//, () => ({ status: 404, body: problem(404, 'The notification has no such action.') }));
    const replaced = notification(3, { id: 'n2', actions: [{ id: 'open', label: 'Open', url: null }], collapsedCount: 2 });
    service.on('GET', '/api/notifications/n2', () => ({ status: 200, body: replaced }));
    service.on('GET', '/api/notifications/n1', () => ({ status: 404, body: problem(404, 'No such notification.') }));
    await inbox.client.takeAction('n2', 'accept');
    await inbox.client.takeAction('n1', 'accept');
    await waitFor('both refetched', () => inbox.ids().join() === 'n2');
    expect(inbox.state().items).toEqual([replaced]);
  });

  it('archive answered 404: it is gone, removed, and the counts fetched', async () => {
    const inbox = await follower([notification(2), notification(1)]);
    service.on('PATCH', '/api/notifications/n2/archive', () => ({ status: 404, body: problem(404, 'No such notification.') }));
    service.setItems([notification(1)]);
    await inbox.client.archive('n2');
    expect(inbox.ids()).toEqual(['n1']);
    await waitFor('the server counts', () => inbox.state().counts?.total === 1 && inbox.state().counts?.archived === 0);
    expect(inbox.errors).toEqual([expect.objectContaining({ kind: 'rollback', status: 404, id: 'n2' })]);
  });

  it('snooze of an archived one is refused with a 400: undone, and the field error reaches onError', async () => {
    const inbox = await follower([notification(2), notification(1)]);
    service.on('PATCH', '/api/notifications/n2/snooze', () => ({
      status: 400,
      body: problem(400, 'One or more validation errors occurred.', { id: ['Is archived: unarchive it before snoozing it.'] }),
    }));
    await inbox.client.snooze('n2', UNTIL);
    expect(inbox.ids()).toEqual(['n2', 'n1']);
    expect(inbox.errors).toEqual([expect.objectContaining({ kind: 'rollback', status: 400, id: 'n2' })]);
  });

  it('unsnooze: its return is the user’s own doing — at the top of the inbox, but no arrival', async () => {
    const inbox = await follower([notification(2, { snoozedUntil: UNTIL }), notification(1)]);
    const returned = notification(3, { id: 'n2' });
    const answer = service.hold('PATCH', '/api/notifications/n2/unsnooze');
    const returning = inbox.client.unsnooze('n2');
    await answer.requested;
    inbox.event('notification:updated', returned); // the push may come before the answer
    answer.release({ status: 200, body: returned });
    await returning;
    expect(inbox.ids()).toEqual(['n2', 'n1']);
    expect(inbox.client.tracker.trusted).toBe(3);
    expect(inbox.arrivals).toEqual([]);
  });

  it('a snoozed one returning on its own is an arrival, at the top', async () => {
    const inbox = await follower([notification(2, { snoozedUntil: UNTIL }), notification(1)]);
    const returned = notification(3, { id: 'n2' });
    inbox.event('notification:updated', returned);
    expect(inbox.ids()).toEqual(['n2', 'n1']);
    expect(inbox.arrivals).toEqual([{ source: 'push', notifications: [returned] }]);
  });
});
