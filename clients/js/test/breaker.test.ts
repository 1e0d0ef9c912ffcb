import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../src/breaker.js';
import { catchUpBackoff } from '../src/catchUp.js';

function breakerAt(clock: { t: number }): CircuitBreaker {
  return new CircuitBreaker({ windowMs: 10_000, halfOpenAfterMs: 5_000, clock: { now: () => clock.t } });
}

function outcome(breaker: CircuitBreaker, ok: boolean): void {
  expect(breaker.tryAcquire()).toBe(true);
  breaker.record(ok);
}

describe('CircuitBreaker', () => {
  it('opens at more than 50 % failures of at least 5 attempts within the window', () => {
    const clock = { t: 0 };
    const breaker = breakerAt(clock);
    outcome(breaker, false);
    outcome(breaker, false);
    outcome(breaker, false);
    outcome(breaker, false); // 4 failures of 4: too few attempts to judge
    expect(breaker.state).toBe('closed');
    outcome(breaker, false);
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
  });

  it('stays closed at exactly 50 %', () => {
    const clock = { t: 0 };
    const breaker = breakerAt(clock);
    for (const ok of [true, false, true, false, true, false]) outcome(breaker, ok);
    expect(breaker.state).toBe('closed');
  });

  it('forgets outcomes older than the window', () => {
    const clock = { t: 0 };
    const breaker = breakerAt(clock);
    outcome(breaker, false);
    outcome(breaker, false);
    outcome(breaker, false);
    outcome(breaker, false);
    clock.t = 10_001;
    outcome(breaker, false);
    outcome(breaker, true);
    outcome(breaker, true);
    outcome(breaker, true);
    outcome(breaker, false);
    expect(breaker.state).toBe('closed');
  });

  it('half-opens after the delay: one probe; its success closes, its failure opens again', () => {
    const clock = { t: 0 };
    const breaker = breakerAt(clock);
    for (let i = 0; i < 5; i++) outcome(breaker, false);
    clock.t = 4_999;
    expect(breaker.tryAcquire()).toBe(false);
    clock.t = 5_000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false); // only one probe at a time
    breaker.record(false);
    expect(breaker.state).toBe('open');
    clock.t = 10_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.record(true);
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });
});

describe('catch-up backoff', () => {
  it('starts at 250 ms, doubles, is capped, with jitter of at most 20 %', () => {
    expect(catchUpBackoff(0, 30_000, () => 0.5)).toBe(250);
    expect(catchUpBackoff(1, 30_000, () => 0.5)).toBe(500);
    expect(catchUpBackoff(3, 30_000, () => 0.5)).toBe(2000);
    expect(catchUpBackoff(30, 30_000, () => 1)).toBe(30_000);
    expect(catchUpBackoff(0, 30_000, () => 0)).toBe(200);
    expect(catchUpBackoff(0, 30_000, () => 1)).toBe(300);
  });
});
