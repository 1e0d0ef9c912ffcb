/**
 * Gap-free tracking of the user's seq numbers.
 *
 * `trusted` is the highest seq S such that every notification with seq ≤ S that exists has been
 * received (by push or by a completed catch-up). It only ever moves:
 * - over a push of `trusted + 1` (and then over any contiguous seqs already received above it);
 * - when a catch-up that started at `trusted` completes: to max(trusted, the highest seq it
 *   returned, the gap target known when it started) — seqs in between that it did not return no
 *   longer exist (deleted or expired), because `afterSeq` returns every one that does.
 * A push beyond `trusted + 1`, or a counts `lastSeq` beyond `trusted`, opens a gap: `target`
 * grows past `trusted` and stays there until a catch-up covers it.
 */
export interface CatchUpTicket {
  /** `afterSeq` of the first catch-up page. */
  readonly fromSeq: number;
  /** The gap target when the catch-up started; everything up to it exists by then. */
  readonly target: number;
}

export class SeqTracker {
  private trustedSeq: number | undefined;
  private targetSeq = 0;
  /** Seqs received above `trusted` (out of order); they let `trusted` jump once the hole fills. */
  private readonly receivedAbove = new Set<number>();

  /** Undefined until the baseline (the server's `lastSeq` when the client started) is known. */
  get trusted(): number | undefined {
    return this.trustedSeq;
  }

  /** The highest seq known to exist. */
  get target(): number {
    return this.targetSeq;
  }

  get initialized(): boolean {
    return this.trustedSeq !== undefined;
  }

  /** A gap is open: some seq ≤ target may exist that was not received. */
  get hasGap(): boolean {
    return this.trustedSeq !== undefined && this.targetSeq > this.trustedSeq;
  }

  /**
   * Sets the baseline: everything up to `lastSeq` is history the pages show, not something to
   * catch up. Pushes received before the baseline are kept and may advance it.
   */
  initialize(lastSeq: number): void {
    if (this.trustedSeq !== undefined) return;
    this.trustedSeq = lastSeq;
    this.targetSeq = Math.max(this.targetSeq, lastSeq);
    this.settle();
  }

  /** A pushed (or relayed) notification with this seq was applied. */
  onPush(seq: number): void {
    this.targetSeq = Math.max(this.targetSeq, seq);
    if (this.trustedSeq !== undefined && seq <= this.trustedSeq) return;
    this.receivedAbove.add(seq);
    this.settle();
  }

  /** A counts answer or event: `lastSeq` is the highest seq the server ever assigned. */
  onLastSeq(lastSeq: number): void {
    this.targetSeq = Math.max(this.targetSeq, lastSeq);
  }

  /** Starts a catch-up from `trusted`; the caller pages `afterSeq` until `hasMore` is false. */
  beginCatchUp(): CatchUpTicket {
    if (this.trustedSeq === undefined) throw new Error('SeqTracker: catch-up before the baseline is known');
    return { fromSeq: this.trustedSeq, target: this.targetSeq };
  }

  /** The catch-up of `ticket` completed; `highestSeq` is the highest seq it returned (or undefined). */
  completeCatchUp(ticket: CatchUpTicket, highestSeq: number | undefined): void {
    if (this.trustedSeq === undefined) return;
    this.targetSeq = Math.max(this.targetSeq, highestSeq ?? 0);
    this.trustedSeq = Math.max(this.trustedSeq, highestSeq ?? 0, ticket.target);
    this.settle();
  }

  /** Moves `trusted` over contiguous received seqs and forgets those at or below it. */
  private settle(): void {
    if (this.trustedSeq === undefined) return;
    for (const seq of this.receivedAbove) {
      if (seq <= this.trustedSeq) this.receivedAbove.delete(seq);
    }
    while (this.receivedAbove.has(this.trustedSeq + 1)) {
      this.trustedSeq += 1;
      this.receivedAbove.delete(this.trustedSeq);
    }
  }
}
