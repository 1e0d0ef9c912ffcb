/**
 * Several "tabs" of one user in one process against the real Api: one hub connection, relayed
 * events, takeover when the leader goes. And the gap rules, driven by the test acting as the
 * leader tab: it relays exactly the events it chooses, the follower catches up from the real Api.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelLike } from '../src/tabs.js';
import {
  expectCountsMatchServer,
  expectUnique,
  followerWithFakeLeader as fakeLeaderFollower,
  inbox,
  stopAllInboxes,
  waitForStatus,
  waitUntilSettled,
} from './support/inbox.js';
import { MemoryLocks } from './support/memoryLocks.js';
import { RealApi, freshUser } from './support/realApi.js';
import { TcpProxy } from './support/tcpProxy.js';
import { holdsFor, waitFor } from './support/wait.js';

const api = new RealApi();
const proxy = new TcpProxy(() => api.port);
const channelFactory = (name: string) => new BroadcastChannel(name) as unknown as ChannelLike;
const isCatchUp = (line: string) => line.startsWith('GET /api/notifications?afterSeq=');

beforeAll(async () => {
  await api.start();
  await proxy.start();
});
afterEach(async () => {
  await stopAllInboxes();
  proxy.reset();
});
afterAll(async () => {
  await proxy.stop();
  await api.dispose();
});

function tabOf(user: string, locks: MemoryLocks, baseUrl = api.baseUrl) {
  return inbox(api, user, { shareAcrossTabs: true, baseUrl }, { locks, channelFactory });
}

describe('tabs of one user', () => {
  it('one hub for all tabs; events relayed once to each; a follower takes over when the leader goes', async () => {
    const user = freshUser();
    const locks = new MemoryLocks();
    const leader = tabOf(user, locks);
    await leader.client.start();
    await waitForStatus(leader, 'live');
    const follower = tabOf(user, locks);
    await follower.client.start();
    await waitForStatus(follower, 'live'); // the leader's status, relayed
    expect(leader.client.getState().isLeader).toBe(true);
    expect(follower.client.getState().isLeader).toBe(false);
    expect(follower.client.hubOpen).toBe(false);
    await waitUntilSettled(leader);
    await waitUntilSettled(follower);

    const first = await api.create(user, { title: 'first' });
    await waitFor('both tabs got it', () => leader.arrivals.length === 1 && follower.arrivals.length === 1);
    expect(follower.arrivals[0]).toEqual({ source: 'push', notifications: [first] });
    await follower.client.markRead(first.id); // followers make their own REST calls
    await waitFor('the read relayed to the leader', () => leader.client.getState().items[0]?.isRead === true);
    await expectCountsMatchServer(api, user, follower);

    const closedAt = Date.now();
    await leader.client.stop();
    const during = await api.create(user, { title: 'created while the leader changes' });
    await waitFor('the follower leads', () => follower.client.getState().isLeader && follower.client.hubOpen);
    await waitForStatus(follower, 'live');
    expect(Date.now() - closedAt).toBeLessThan(follower.client.timings.leaderTakeoverMs);
    await waitFor('the one created meanwhile', () => follower.arrivedIds().includes(during.id));
    const after = await api.create(user, { title: 'after' });
    await waitFor('pushed to the new leader', () => follower.arrivedIds().includes(after.id));
    expectUnique(follower.arrivedIds());
    expect(follower.client.getState().items.map((n) => n.id)).toEqual([after.id, during.id, first.id]);
    await expectCountsMatchServer(api, user, follower);
  });
});

describe('gap rules (the test is the leader tab)', () => {
  const followerWithFakeLeader = (user: string) => fakeLeaderFollower(api, user, proxy.baseUrl);

  it('a counts lastSeq beyond trusted opens a gap that a catch-up fills', async () => {
    const user = freshUser();
    const base = await api.create(user);
    const { follower, relay, close } = await followerWithFakeLeader(user);
    try {
      expect(follower.client.tracker.trusted).toBe(base.seq);
      const missed = [await api.create(user), await api.create(user)];
      expect(follower.client.getState().items).toHaveLength(1); // nothing relayed: not seen
      relay({ kind: 'event', name: 'notification:counts', payload: await api.counts(user) });
      await waitFor('the catch-up', () => follower.arrivals.length === 1);
      expect(follower.arrivals[0]).toEqual({ source: 'catch-up', notifications: missed });
      expect(follower.client.tracker.trusted).toBe(missed[1]!.seq);
      expect(follower.client.getState().items.map((n) => n.id)).toEqual([missed[1]!.id, missed[0]!.id, base.id]);
      await expectCountsMatchServer(api, user, follower);
    } finally {
      close();
    }
  });

  it('a push beyond trusted + 1 opens a gap; trusted never passes the missing seq until a catch-up gets it', async () => {
    const user = freshUser();
    const { follower, relay, close } = await followerWithFakeLeader(user);
    try {
      expect(follower.client.tracker.trusted).toBe(0);
      const [n1, n2, n3] = [await api.create(user), await api.create(user), await api.create(user)];
      proxy.failRequests(isCatchUp, 1000); // every catch-up attempt fails for now
      relay({ kind: 'event', name: 'notification', payload: n3 });
      await waitFor('the push applied', () => follower.arrivedIds().includes(n3!.id));
      await waitFor('two failed catch-ups', () => follower.client.catchUp.failedAttempts >= 2, { timeoutMs: 10_000 });
      expect(follower.client.tracker.trusted).toBe(0);
      expect(follower.client.tracker.hasGap).toBe(true);

      relay({ kind: 'event', name: 'notification', payload: n1 });
      await waitFor('n1 applied', () => follower.arrivedIds().includes(n1!.id));
      expect(follower.client.tracker.trusted).toBe(n1!.seq); // contiguous: it moves; n2 is still missing
      await holdsFor('trusted stays below the missing seq', () => follower.client.tracker.trusted === n1!.seq, 300);

      proxy.failRequests(() => false, 0);
      await waitFor('the catch-up got n2', () => follower.arrivedIds().includes(n2!.id), { timeoutMs: 10_000 });
      expect(follower.client.tracker.trusted).toBe(n3!.seq);
      expect(follower.client.tracker.hasGap).toBe(false);
      expect(follower.arrivals.map((a) => [a.source, a.notifications.map((n) => n.id)])).toEqual([
        ['push', [n3!.id]],
        ['push', [n1!.id]],
        ['catch-up', [n2!.id]],
      ]);
      expect(follower.client.getState().items.map((n) => n.id)).toEqual([n3!.id, n2!.id, n1!.id]);
      await expectCountsMatchServer(api, user, follower);
    } finally {
      close();
    }
  });

  it('a relayed "live" after a leader change makes the follower catch up', async () => {
    const user = freshUser();
    const { follower, relay, close } = await followerWithFakeLeader(user);
    try {
      const missed = await api.create(user);
      relay({ kind: 'status', status: 'reconnecting' });
      await waitForStatus(follower, 'reconnecting');
      relay({ kind: 'status', status: 'live' });
      relay({ kind: 'live' });
      await waitFor('the catch-up', () => follower.arrivedIds().includes(missed.id));
      expect(follower.arrivals).toEqual([{ source: 'catch-up', notifications: [missed] }]);
    } finally {
      close();
    }
  });
});
