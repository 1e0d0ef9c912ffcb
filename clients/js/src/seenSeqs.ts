/**
 * Seqs this client has seen by any route (push, catch-up, poll, page, cache, relay). A seq names
 * one change that put a notification at the top of the inbox — its creation, a replacement by
 * collapse key, a return from snooze (API.md v2, "Seq amendment") — so an arrival is a seq never
 * seen before, and each one arrives once per client. Bounded: the oldest are forgotten beyond
 * `limit` (they are far older than anything a catch-up returns).
 */
export class SeenSeqs {
  private readonly seqs = new Set<number>();

  constructor(private readonly limit = 10_000) {}

  has(seq: number): boolean {
    return this.seqs.has(seq);
  }

  /** Marks it seen; returns true when it was new. */
  add(seq: number): boolean {
    if (this.seqs.has(seq)) return false;
    this.seqs.add(seq);
    if (this.seqs.size > this.limit) this.seqs.delete(this.seqs.values().next().value as number);
    return true;
  }
}
