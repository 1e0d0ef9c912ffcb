import type { ClientTimings, InboxClientOptions } from './types.js';

/** The spec's numbers (SPEC §10): retries 0/1/2/4 s, breaker 10 s, 5 reconnects, poll 30 s. */
export const DEFAULT_TIMINGS: Readonly<ClientTimings> = Object.freeze({
  retryDelaysMs: [0, 1000, 2000, 4000],
  breakerWindowMs: 10_000,
  breakerHalfOpenAfterMs: 5_000,
  reconnectDelaysMs: [0, 2000, 5000, 10_000, 20_000],
  pollIntervalMs: 30_000,
  catchUpRetryMaxMs: 30_000,
  leaderTakeoverMs: 3_000,
  requestTimeoutMs: 15_000,
});

export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_MAX_HELD = 500;

export function resolveTimings(partial: Partial<ClientTimings> | undefined): ClientTimings {
  return { ...DEFAULT_TIMINGS, ...partial };
}

export function resolvePageSize(options: InboxClientOptions): number {
  const size = options.pageSize ?? DEFAULT_PAGE_SIZE;
  return Math.min(100, Math.max(1, Math.floor(size)));
}
