import { describe, expect, it } from 'vitest';
import { SeqTracker } from '../src/seqTracker.js';

function trackerAt(lastSeq: number): SeqTracker {
  const tracker = new SeqTracker();
  tracker.initialize(lastSeq);
  return tracker;
}

describe('SeqTracker', () => {
  it('advances over pushes of trusted + 1', () => {
    const tracker = trackerAt(5);
    tracker.onPush(6);
    tracker.onPush(7);
    expect(tracker.trusted).toBe(7);
    expect(tracker.hasGap).toBe(false);
  });

  it('a push beyond trusted + 1 opens a gap and does not move trusted', () => {
    const tracker = trackerAt(5);
    tracker.onPush(8);
    expect(tracker.trusted).toBe(5);
    expect(tracker.hasGap).toBe(true);
    tracker.onPush(6);
    expect(tracker.trusted).toBe(6); // 7 still missing
    expect(tracker.hasGap).toBe(true);
  });

  it('jumps over contiguous seqs already received once the hole fills', () => {
    const tracker = trackerAt(5);
    tracker.onPush(7);
    tracker.onPush(8);
    tracker.onPush(6);
    expect(tracker.trusted).toBe(8);
    expect(tracker.hasGap).toBe(false);
  });

  it('a counts lastSeq beyond trusted opens a gap; equal or below does not', () => {
    const tracker = trackerAt(5);
    tracker.onLastSeq(5);
    expect(tracker.hasGap).toBe(false);
    tracker.onLastSeq(3);
    expect(tracker.hasGap).toBe(false);
    tracker.onLastSeq(9);
    expect(tracker.hasGap).toBe(true);
    expect(tracker.trusted).toBe(5);
  });

  it('a catch-up starts at trusted and, completed, trusts up to the target known at its start', () => {
    const tracker = trackerAt(5);
    tracker.onLastSeq(9); // 6..9 exist (or existed)
    const ticket = tracker.beginCatchUp();
    expect(ticket).toEqual({ fromSeq: 5, target: 9 });
    // It returned 6 and 8 only: 7 and 9 were deleted meanwhile.
    tracker.completeCatchUp(ticket, 8);
    expect(tracker.trusted).toBe(9);
    expect(tracker.hasGap).toBe(false);
  });

  it('a gap opened during a catch-up stays open after it', () => {
    const tracker = trackerAt(5);
    tracker.onLastSeq(7);
    const ticket = tracker.beginCatchUp();
    tracker.onLastSeq(12); // more was created while the catch-up ran
    tracker.completeCatchUp(ticket, 7);
    expect(tracker.trusted).toBe(7);
    expect(tracker.hasGap).toBe(true);
    expect(tracker.beginCatchUp().fromSeq).toBe(7);
  });

  it('a catch-up that returned beyond its target trusts the highest seq it returned', () => {
    const tracker = trackerAt(5);
    tracker.onLastSeq(6);
    const ticket = tracker.beginCatchUp();
    tracker.completeCatchUp(ticket, 10);
    expect(tracker.trusted).toBe(10);
  });

  it('never moves trusted past a missing seq without a completed catch-up', () => {
    const tracker = trackerAt(0);
    for (const seq of [1, 2, 4, 5, 6, 8]) tracker.onPush(seq);
    expect(tracker.trusted).toBe(2);
    tracker.beginCatchUp(); // started, never completed (it failed)
    expect(tracker.trusted).toBe(2);
    tracker.onPush(3);
    expect(tracker.trusted).toBe(6);
    expect(tracker.hasGap).toBe(true);
  });

  it('pushes before the baseline are kept and may advance it', () => {
    const tracker = new SeqTracker();
    tracker.onPush(11);
    tracker.onPush(12);
    expect(tracker.initialized).toBe(false);
    expect(tracker.hasGap).toBe(false);
    tracker.initialize(10);
    expect(tracker.trusted).toBe(12);
    expect(tracker.hasGap).toBe(false);
  });

  it('a push at or below trusted changes nothing', () => {
    const tracker = trackerAt(5);
    tracker.onPush(3);
    tracker.onPush(5);
    expect(tracker.trusted).toBe(5);
    expect(tracker.hasGap).toBe(false);
  });

  it('refuses a catch-up before the baseline', () => {
    expect(() => new SeqTracker().beginCatchUp()).toThrow();
  });
});
