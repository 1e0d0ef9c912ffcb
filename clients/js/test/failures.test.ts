/**
 * Controlled failures of the client's side: a real TCP proxy between the client and the real Api
 * cuts sockets, refuses connections or resets chosen requests.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestError } from '../src/http.js';
import { expectCountsMatchServer, expectUnique, inbox, stopAllInboxes, waitForStatus } from './support/inbox.js';
import { RealApi, freshUser } from './support/realApi.js';
import { TcpProxy } from './support/tcpProxy.js';
import { waitFor } from './support/wait.js';

const api = new RealApi();
const proxy = new TcpProxy(() => api.port);
const DEFAULT_PREFERENCES = {
  disabledTypes: [],
  mutedConversations: [],
  dnd: { enabled: false, start: '22:00', end: '07:00', timeZone: 'UTC' },
  pausedUntil: null,
};
const isCatchUp = (line: string) => line.startsWith('GET /api/notifications?afterSeq=');

beforeAll(async () => {
  await api.start();
  await proxy.start();
});
beforeEach(() => proxy.reset());
afterEach(() => stopAllInboxes());
afterAll(async () => {
  await proxy.stop();
  await api.dispose();
});

describe('controlled failures', () => {
  it('a catch-up that fails is retried until it fills the gap; each notification arrives once', async () => {
    const user = freshUser();
    const under = inbox(api, user, { baseUrl: proxy.baseUrl });
    await under.client.start();
    await waitForStatus(under, 'live');

    // Drop the hub and keep it away while notifications are created: they are missed.
    proxy.refuse(true);
    proxy.cutAll();
    await waitFor('the client to notice', () => under.client.getState().status !== 'live');
    const missed = [];
    for (let i = 0; i < 3; i++) missed.push(await api.create(user, { title: `missed ${i}` }));
    // Every attempt of the next two catch-ups (the request and its 4 retries) is reset.
    const catchUpsBefore = proxy.count(isCatchUp);
    proxy.failRequests(isCatchUp, 10);
    proxy.refuse(false);

    await waitFor('the missed ones to arrive', () => under.arrivedIds().length === 3, { timeoutMs: 20_000 });
    expect(under.client.catchUp.failedAttempts).toBeGreaterThanOrEqual(2);
    expect(proxy.count(isCatchUp) - catchUpsBefore).toBeGreaterThan(2);
    // One arrival with all three: from the catch-up after the reconnect, or from a poll if the
    // reconnect attempts were used up first.
    expect(under.arrivals).toHaveLength(1);
    expect(['catch-up', 'poll']).toContain(under.arrivals[0]!.source);
    expect(under.arrivals[0]!.notifications).toEqual(missed);
    expectUnique(under.client.getState().items.map((n) => n.id));
    expect(under.client.tracker.trusted).toBe(missed[2]!.seq);
    await waitForStatus(under, 'live');
    await expectCountsMatchServer(api, user, under);
  });

  it('an optimistic read refused by the network is rolled back exactly and reported', async () => {
    const user = freshUser();
    const target = await api.create(user, { title: 'target' });
    // A 1 ms breaker window: the breaker never sees enough failures at once to cut the retries short.
    const under = inbox(api, user, { baseUrl: proxy.baseUrl, timings: { breakerWindowMs: 1 } });
    await under.client.start();
    await waitForStatus(under, 'live');
    await expectCountsMatchServer(api, user, under);
    const before = under.client.getState();

    proxy.failRequests((line) => line.startsWith('PATCH '), 100);
    const reading = under.client.markRead(target.id);
    expect(under.client.getState().items[0]!.isRead).toBe(true);
    expect(under.client.getState().counts!.unread).toBe(0);
    await reading;
    expect(under.client.getState().items[0]).toEqual(before.items[0]);
    expect(under.client.getState().counts).toEqual(before.counts);
    expect(under.errors).toEqual([expect.objectContaining({ kind: 'rollback', id: target.id })]);
    // PATCH read is safe: it was retried (1 + 4 attempts) before giving up.
    expect(proxy.count((line) => line.startsWith(`PATCH /api/notifications/${target.id}/read`))).toBe(5);
    expect((await api.all(user))[0]!.isRead).toBe(false);
  });

  it('a real refusal: deleted on another device first, then markRead → 404 → gone, counts exact, reported', async () => {
    const user = freshUser();
    const gone = await api.create(user, { title: 'gone' });
    const other = await api.create(user, { title: 'other' });
    const under = inbox(api, user, {
      baseUrl: proxy.baseUrl,
      timings: { reconnectDelaysMs: [], pollIntervalMs: 60_000 },
    });
    await under.client.start();
    await waitForStatus(under, 'live');
    // The hub goes away (no reconnect attempts, next poll in a minute): the delete is not pushed here.
    proxy.refuse(true);
    proxy.cutAll();
    await waitForStatus(under, 'polling');
    await api.asUser(user, 'DELETE', `/api/notifications/${gone.id}`);
    proxy.refuse(false);
    // Its polls failed meanwhile and opened the breaker: wait for a probe (the catch-up's retry) to close it.
    await waitFor('the breaker to close', () => under.client.breaker.state === 'closed', { timeoutMs: 10_000 });

    expect(under.client.getState().items.map((n) => n.id)).toEqual([other.id, gone.id]);
    const reading = under.client.markRead(gone.id);
    expect(under.client.getState().items.find((n) => n.id === gone.id)!.isRead).toBe(true);
    await reading;
    expect(under.errors).toEqual([expect.objectContaining({ kind: 'rollback', status: 404, id: gone.id })]);
    expect(under.client.getState().items.map((n) => n.id)).toEqual([other.id]);
    expect(proxy.count((line) => line.startsWith(`PATCH /api/notifications/${gone.id}/read`))).toBe(1); // 404: not retried
    await expectCountsMatchServer(api, user, under);

    // The same for a delete of something already gone.
    await api.asUser(user, 'DELETE', `/api/notifications/${other.id}`);
    await under.client.remove(other.id);
    expect(under.errors[1]).toMatchObject({ kind: 'rollback', status: 404, id: other.id });
    expect(under.client.getState().items).toEqual([]);
    await expectCountsMatchServer(api, user, under);
  });

  it('retries only safe methods: GET, PATCH, DELETE yes; PUT never; a 4xx never', async () => {
    const user = freshUser();
    // A 1 ms breaker window: the breaker never sees enough failures at once to cut the retries short.
    const under = inbox(api, user, { baseUrl: proxy.baseUrl, timings: { breakerWindowMs: 1 } });
    const count = (prefix: string) => proxy.count((line) => line.startsWith(prefix));

    proxy.failRequests((line) => line.startsWith('GET /api/notifications/preferences'), 100);
    await expect(under.client.getPreferences()).rejects.toMatchObject({ failure: 'network' });
    expect(count('GET /api/notifications/preferences')).toBe(5);

    proxy.failRequests((line) => line.startsWith('PUT /api/notifications/preferences'), 100);
    await expect(under.client.setPreferences(DEFAULT_PREFERENCES)).rejects.toMatchObject({ failure: 'network' });
    expect(count('PUT /api/notifications/preferences')).toBe(1);

    proxy.failRequests((line) => line.startsWith('DELETE '), 100);
    await under.client.remove('some-id');
    expect(count('DELETE /api/notifications/some-id')).toBe(5);

    proxy.failRequests(() => false, 0);
    await under.client.markRead('no-such-id');
    expect(count('PATCH /api/notifications/no-such-id/read')).toBe(1);
    expect(under.errors.map((e) => e.status)).toEqual([undefined, undefined, undefined, 404]);
  });

  it('the breaker opens on failures, fails fast while open, and a half-open probe closes it', async () => {
    const user = freshUser();
    const under = inbox(api, user, { baseUrl: proxy.baseUrl });
    const isPreferences = (line: string) => line.startsWith('GET /api/notifications/preferences');
    proxy.failRequests(isPreferences, 100);
    // 1 + 4 attempts, all reset: the 5th failure opens it.
    await expect(under.client.getPreferences()).rejects.toMatchObject({ failure: 'network' });
    expect(under.client.breaker.state).toBe('open');
    expect(proxy.count(isPreferences)).toBe(5);

    const fast = Date.now();
    const error = (await under.client.getPreferences().catch((e: unknown) => e)) as RequestError;
    expect(error.failure).toBe('breaker-open');
    expect(Date.now() - fast).toBeLessThan(100);
    expect(proxy.count(isPreferences)).toBe(5); // nothing reached the network

    proxy.failRequests(() => false, 0);
    await waitFor('half-open', () => under.client.breaker.state === 'half-open', { timeoutMs: 5000 });
    const preferences = await under.client.getPreferences();
    expect(preferences.dnd).toBeDefined();
    expect(under.client.breaker.state).toBe('closed');

    // A failed probe opens it again.
    proxy.failRequests(isPreferences, 100);
    await expect(under.client.getPreferences()).rejects.toBeDefined();
    expect(under.client.breaker.state).toBe('open');
    await waitFor('half-open again', () => under.client.breaker.state === 'half-open', { timeoutMs: 5000 });
    await expect(under.client.getPreferences()).rejects.toMatchObject({ failure: 'breaker-open' });
    expect(under.client.breaker.state).toBe('open');
  });
});

describe('controlled failures: answers and timeouts', () => {
  it('a 429 is retried no sooner than its Retry-After', async () => {
    const user = freshUser();
    const under = inbox(api, user, { baseUrl: proxy.baseUrl });
    const isCounts = (line: string) => line.startsWith('GET /api/notifications/counts');
    const body = '{"title":"Too Many Requests","status":429}';
    const tooMany =
      'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Type: application/problem+json\r\n' +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
    proxy.failRequests(isCounts, 1, tooMany);
    const started = Date.now();
    await under.client.refresh();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000); // the first retry delay is 0: Retry-After won
    expect(proxy.count(isCounts)).toBe(2);
    await expectCountsMatchServer(api, user, under);
  });

  it('a request that hangs times out and is retried', async () => {
    const user = freshUser();
    const under = inbox(api, user, { baseUrl: proxy.baseUrl, timings: { requestTimeoutMs: 300 } });
    const isPreferences = (line: string) => line.startsWith('GET /api/notifications/preferences');
    proxy.failRequests(isPreferences, 1, 'hang');
    const preferences = await under.client.getPreferences();
    expect(preferences.dnd).toBeDefined();
    expect(proxy.count(isPreferences)).toBe(2);
  });
});
