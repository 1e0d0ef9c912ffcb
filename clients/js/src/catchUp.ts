/**
 * Runs catch-ups: `GET /api/notifications?afterSeq=<trusted>`, paging while `hasMore`, then tells
 * the tracker it completed. At most one at a time; one requested while another runs (or a gap
 * that opened meanwhile) runs right after it. A failed one (non-2xx, network, timeout, breaker
 * open) is retried with backoff — 250 ms doubling, capped, with jitter, never sooner than a
 * `Retry-After` — until it succeeds or the client stops: never dropped.
 */
import type { InboxApi } from './api.js';
import { delay } from './clock.js';
import { RequestError } from './http.js';
import type { SeqTracker } from './seqTracker.js';
import type { Notification } from './types.js';

export type CatchUpSource = 'catch-up' | 'poll';

export interface CatchUpSink {
  /** Applies the items of one page; returns those this client had never seen. */
  apply(items: Notification[]): Notification[];
  /** One completed catch-up: everything new it found (possibly nothing). */
  completed(found: Notification[], source: CatchUpSource): void;
  /** A failed attempt (it will be retried). */
  failed?(error: unknown, attempt: number): void;
}

export interface CatchUpOptions {
  pageSize: number;
  retryMaxMs: number;
  signal: AbortSignal;
}

const FIRST_RETRY_MS = 250;

/** The wait before retry `attempt` (0-based): 250 ms doubling up to `maxMs`, ±20 % jitter. */
export function catchUpBackoff(attempt: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, FIRST_RETRY_MS * 2 ** Math.min(attempt, 20));
  return Math.min(maxMs, Math.round(base * (0.8 + 0.4 * random())));
}

export class CatchUpRunner {
  private running: Promise<void> | undefined;
  private requested: CatchUpSource | undefined;
  private attempts = 0;

  constructor(
    private readonly tracker: SeqTracker,
    private readonly api: InboxApi,
    private readonly sink: CatchUpSink,
    private readonly options: CatchUpOptions,
  ) {}

  /** Failed attempts so far (for tests and diagnostics). */
  get failedAttempts(): number {
    return this.attempts;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  /** Asks for a catch-up; it runs now, or after the running one. A 'poll' request wins the label. */
  request(source: CatchUpSource): void {
    if (this.requested !== 'poll') this.requested = source;
    this.kick();
  }

  /** Runs what was requested, or what an open gap needs; a no-op until the tracker has its baseline. */
  kick(): void {
    if (this.running || this.options.signal.aborted || !this.tracker.initialized) return;
    if (this.requested === undefined && !this.tracker.hasGap) return;
    this.running = this.loop().finally(() => {
      this.running = undefined;
      // A request that came in between the loop's last check and here.
      if (this.requested !== undefined || this.tracker.hasGap) this.kick();
    });
  }

  /** Resolves when no catch-up runs (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.options.signal.aborted && (this.requested !== undefined || this.tracker.hasGap)) {
      const source = this.requested ?? 'catch-up';
      this.requested = undefined;
      const found = await this.runOnce();
      if (found === undefined) return; // stopped
      this.sink.completed(found, source);
    }
  }

  /** One catch-up, retried until it completes; undefined when the client stopped. */
  private async runOnce(): Promise<Notification[] | undefined> {
    const found: Notification[] = [];
    for (let attempt = 0; ; attempt++) {
      const ticket = this.tracker.beginCatchUp();
      try {
        let afterSeq = ticket.fromSeq;
        let highest: number | undefined;
        for (;;) {
          const page = await this.api.listAfter(afterSeq, this.options.pageSize);
          if (this.options.signal.aborted) return undefined;
          found.push(...this.sink.apply(page.items));
          const last = page.items[page.items.length - 1];
          if (last) {
            highest = Math.max(highest ?? 0, last.seq);
            afterSeq = last.seq;
          }
          if (!page.hasMore || !last) break;
        }
        this.tracker.completeCatchUp(ticket, highest);
        return found;
      } catch (error) {
        if (this.options.signal.aborted) return undefined;
        this.attempts++;
        this.sink.failed?.(error, attempt);
        const retryAfter = error instanceof RequestError ? (error.retryAfterMs ?? 0) : 0;
        try {
          await delay(Math.max(retryAfter, catchUpBackoff(attempt, this.options.retryMaxMs)), this.options.signal);
        } catch {
          return undefined;
        }
      }
    }
  }
}
