/**
 * Builds clients under test against the real Api (optionally through a proxy), records what they
 * emit, and stops them all after each test.
 */
import { expect } from 'vitest';
import { createInboxClientForTest, type InboxClientImpl, type InternalOptions } from '../../src/client.js';
import { channelName, lockName, type ChannelLike, type TabMessage } from '../../src/tabs.js';
import { MemoryLocks } from './memoryLocks.js';
import type { Arrival, ClientTimings, InboxClientOptions, InboxError } from '../../src/types.js';
import type { RealApi } from './realApi.js';
import { waitFor } from './wait.js';

/** Short timings so the whole suite runs in well under three minutes. */
export const FAST: Partial<ClientTimings> = {
  retryDelaysMs: [0, 20, 40, 80],
  breakerWindowMs: 10_000,
  breakerHalfOpenAfterMs: 300,
  reconnectDelaysMs: [0, 100, 200, 200, 200],
  pollIntervalMs: 400,
  catchUpRetryMaxMs: 400,
  leaderTakeoverMs: 2000,
  requestTimeoutMs: 5000,
};

export interface InboxUnderTest {
  client: InboxClientImpl;
  arrivals: Arrival[];
  errors: InboxError[];
  /** Ids of every arrival, in order (each must appear once). */
  arrivedIds(): string[];
}

const running = new Set<InboxClientImpl>();

export function inbox(
  api: RealApi,
  userId: string,
  options: Partial<InboxClientOptions> = {},
  internal: InternalOptions = {},
): InboxUnderTest {
  const arrivals: Arrival[] = [];
  const errors: InboxError[] = [];
  const client = createInboxClientForTest(
    {
      baseUrl: api.baseUrl,
      userId,
      getToken: () => api.token(userId),
      cache: null,
      shareAcrossTabs: false,
      pageSize: 50,
      ...options,
      timings: { ...FAST, ...options.timings },
      onError: (error) => errors.push(error),
    },
    internal,
  );
  client.onArrival((arrival) => arrivals.push(arrival));
  running.add(client);
  return {
    client,
    arrivals,
    errors,
    arrivedIds: () => arrivals.flatMap((arrival) => arrival.notifications.map((n) => n.id)),
  };
}

export async function stopAllInboxes(): Promise<void> {
  await Promise.all([...running].map((client) => client.stop()));
  running.clear();
}

/** Waits until the client's counts equal the server's (events may still be on their way). */
export async function expectCountsMatchServer(api: RealApi, userId: string, under: InboxUnderTest): Promise<void> {
  let server = await api.counts(userId);
  await waitFor('the client counts to equal the server counts', async () => {
    server = await api.counts(userId);
    return JSON.stringify(normalise(under.client.getState().counts)) === JSON.stringify(normalise(server));
  }).catch(() => undefined);
  expect(normalise(under.client.getState().counts)).toEqual(normalise(server));
}

/** Zero entries may be omitted on either side. */
function normalise(counts: unknown): unknown {
  if (!counts || typeof counts !== 'object') return counts;
  const value = counts as Record<string, unknown>;
  const strip = (bucket: unknown) =>
    Object.fromEntries(Object.entries((bucket ?? {}) as Record<string, number>).filter(([, n]) => n !== 0).sort());
  return { ...value, byType: strip(value.byType), byPriority: strip(value.byPriority) };
}

export async function waitForStatus(under: InboxUnderTest, status: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(`status ${status} (is ${under.client.getState().status})`, () => under.client.getState().status === status, {
    timeoutMs,
  });
}

/** Every id exactly once. */
export function expectUnique(ids: string[]): void {
  expect(new Set(ids).size).toBe(ids.length);
}

/**
 * Live, and no catch-up running or due: what is created next can only come by push (a catch-up
 * still running could otherwise find it first, and then its push is a duplicate, not an arrival).
 */
export async function waitUntilSettled(under: InboxUnderTest): Promise<void> {
  await waitForStatus(under, 'live');
  await waitFor('the catch-up to settle', () => !under.client.catchUp.isRunning && !under.client.tracker.hasGap);
}

/**
 * A follower tab whose leader is the test: it relays exactly the events it chooses, so the
 * follower misses what the test keeps from it (a gap) and fills it from the Api.
 */
export async function followerWithFakeLeader(api: RealApi, userId: string, baseUrl = api.baseUrl) {
  const locks = new MemoryLocks();
  let releaseLeadership: () => void = () => undefined;
  void locks.request(lockName(userId), {}, () => new Promise<void>((resolve) => (releaseLeadership = resolve)));
  const channel = new BroadcastChannel(channelName(userId));
  const relay = (message: TabMessage) => channel.postMessage(message);
  const follower = inbox(
    api,
    userId,
    { shareAcrossTabs: true, baseUrl },
    { locks, channelFactory: (name) => new BroadcastChannel(name) as unknown as ChannelLike },
  );
  await follower.client.start();
  relay({ kind: 'status', status: 'live' });
  await waitForStatus(follower, 'live');
  return {
    follower,
    relay,
    close: () => {
      releaseLeadership();
      channel.close();
    },
  };
}
