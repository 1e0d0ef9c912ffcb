/**
 * The real Api goes down and comes back: the client reconnects or polls, catches up, and ends with
 * every notification exactly once and the server's counts.
 */
import { HubConnectionBuilder, LogLevel, type HubConnection } from '@microsoft/signalr';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../src/types.js';
import { expectCountsMatchServer, expectUnique, inbox, stopAllInboxes, waitForStatus, waitUntilSettled } from './support/inbox.js';
import { RealApi, freshUser } from './support/realApi.js';
import { waitFor } from './support/wait.js';

const api = new RealApi();
const rawConnections: HubConnection[] = [];

beforeAll(() => api.start());
afterEach(async () => {
  await stopAllInboxes();
  await Promise.all(rawConnections.splice(0).map((connection) => connection.stop()));
});
afterAll(() => api.dispose());

function statuses(under: ReturnType<typeof inbox>): ConnectionStatus[] {
  const seen: ConnectionStatus[] = [];
  under.client.subscribe((state) => {
    if (seen[seen.length - 1] !== state.status) seen.push(state.status);
  });
  return seen;
}

describe('the Api stops and starts again', () => {
  it('catches up what was created right after the restart: each one once, counts exact', async () => {
    const user = freshUser();
    const before = await api.create(user, { title: 'before' });
    const under = inbox(api, user);
    await under.client.start();
    await waitForStatus(under, 'live');

    await api.stop();
    await waitFor('the client to notice', () => under.client.getState().status !== 'live');
    await api.start();
    const during = [];
    for (let i = 0; i < 3; i++) during.push(await api.create(user, { title: `after restart ${i}` }));

    const expected = [...during.reverse(), before].map((n) => n.id);
    await waitFor('every notification in the list', () => {
      const ids = under.client.getState().items.map((n) => n.id);
      return expected.every((id) => ids.includes(id));
    }, { timeoutMs: 30_000 });
    await waitForStatus(under, 'live');
    expect(under.client.getState().items.map((n) => n.id)).toEqual(expected);
    // Each created one arrived once (by push or by the catch-up), the one loaded by page 1 never.
    await waitFor('three arrivals', () => under.arrivedIds().length === 3);
    expectUnique(under.arrivedIds());
    expect(new Set(under.arrivedIds())).toEqual(new Set(during.map((n) => n.id)));
    await expectCountsMatchServer(api, user, under);
    await waitFor('trusted to reach lastSeq', async () => under.client.tracker.trusted === (await api.counts(user)).lastSeq);
  });

  it('polls once the reconnect attempts are used up, and goes live again when the Api is back', async () => {
    const user = freshUser();
    const under = inbox(api, user);
    const seen = statuses(under);
    await under.client.start();
    await waitForStatus(under, 'live');

    await api.crash(); // (the test above stops it gracefully)
    await waitForStatus(under, 'polling');
    await api.start();
    await waitForStatus(under, 'live', 30_000);
    expect(seen).toContain('polling');
    expect(seen[seen.length - 1]).toBe('live');

    // The polls' catch-up (retried while the Api was down) settles first, so the next one can only come by push.
    await waitUntilSettled(under);
    const pushed = await api.create(user, { title: 'pushed after coming back' });
    await waitFor('the push', () => under.arrivals.some((a) => a.source === 'push' && a.notifications[0]?.id === pushed.id)).catch((error) => {
      throw new Error(`${String(error)}; statuses ${seen.join(' > ')}; arrivals ${JSON.stringify(under.arrivals.map((a) => [a.source, a.notifications.map((n) => n.seq)]))}`);
    });
    await expectCountsMatchServer(api, user, under);
  });

  it('while the hub is refused (10 connections held), polling brings new ones and the counts', async () => {
    const user = freshUser();
    // The service refuses an 11th live connection of a user: hold 10.
    for (let i = 0; i < 10; i++) {
      const connection = new HubConnectionBuilder()
        .withUrl(`${api.baseUrl}/hubs/notifications`, { accessTokenFactory: () => api.token(user) })
        .configureLogging(LogLevel.None)
        .build();
      await connection.start();
      rawConnections.push(connection);
    }
    const under = inbox(api, user);
    await under.client.start();
    await waitForStatus(under, 'polling');

    const polled = await api.create(user, { title: 'found by a poll' });
    await waitFor('the poll to find it', () => under.arrivals.some((a) => a.notifications.some((n) => n.id === polled.id)), {
      timeoutMs: 10_000,
    });
    expect(under.arrivals.find((a) => a.notifications.some((n) => n.id === polled.id))!.source).toBe('poll');
    expect(under.client.getState().items.map((n) => n.id)).toEqual([polled.id]);
    await expectCountsMatchServer(api, user, under);

    await rawConnections.pop()!.stop(); // room for one: the next poll starts the hub
    await waitUntilSettled(under);
    const pushed = await api.create(user, { title: 'pushed' });
    await waitFor('the push', () => under.arrivals.some((a) => a.source === 'push' && a.notifications[0]?.id === pushed.id));
    expectUnique(under.arrivedIds());
    await expectCountsMatchServer(api, user, under);
  });
});
