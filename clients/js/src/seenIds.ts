/**
 * Ids this client has seen by any route (push, catch-up, poll, page, cache, relay). An arrival is a
 * notification whose id was never seen: so each one arrives once per client. Bounded: the oldest
 * ids are forgotten beyond `limit` (they are far older than anything a catch-up returns).
 */
export class SeenIds {
  private readonly ids = new Set<string>();

  constructor(private readonly limit = 10_000) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  /** Marks it seen; returns true when it was new. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }
}
