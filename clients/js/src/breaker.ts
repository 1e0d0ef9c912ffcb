/**
 * Circuit breaker over every REST call of one client: more than 50 % failures among at least
 * `minimumRequests` attempts within `windowMs` opens it; while open, calls fail at once; after
 * `halfOpenAfterMs` one probe goes through — its success closes the breaker, its failure opens it again.
 */
import type { Clock } from './clock.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  windowMs: number;
  halfOpenAfterMs: number;
  /**
   * Fewer attempts than this in the window never open it; default 5, so that one request's own
   * retries (1 + 4 attempts) are all sent before they alone can open it.
   */
  minimumRequests?: number;
  clock: Clock;
}

export class CircuitBreaker {
  private outcomes: { at: number; ok: boolean }[] = [];
  private openedAt: number | undefined;
  private probeInFlight = false;
  private readonly minimumRequests: number;

  constructor(private readonly options: BreakerOptions) {
    this.minimumRequests = options.minimumRequests ?? 5;
  }

  get state(): BreakerState {
    if (this.openedAt === undefined) return 'closed';
    return this.options.clock.now() - this.openedAt >= this.options.halfOpenAfterMs ? 'half-open' : 'open';
  }

  /** May an attempt start now? In half-open, only the one probe may. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  /** The outcome of an attempt that `tryAcquire` let through. */
  record(ok: boolean): void {
    const now = this.options.clock.now();
    if (this.openedAt !== undefined) {
      if (!this.probeInFlight) return; // an attempt that started before the breaker opened
      this.probeInFlight = false;
      if (ok) {
        this.openedAt = undefined;
        this.outcomes = [];
      } else {
        this.openedAt = now;
      }
      return;
    }
    this.outcomes.push({ at: now, ok });
    this.outcomes = this.outcomes.filter((outcome) => now - outcome.at <= this.options.windowMs);
    const failures = this.outcomes.filter((outcome) => !outcome.ok).length;
    if (this.outcomes.length >= this.minimumRequests && failures * 2 > this.outcomes.length) {
      this.openedAt = now;
      this.outcomes = [];
    }
  }

  /** An attempt ended without an outcome (the client stopped): free the probe slot. */
  release(): void {
    this.probeInFlight = false;
  }
}
