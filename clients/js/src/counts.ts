/**
 * Counts as shown: the last server counts, adjusted by optimistic changes until the server's
 * answer or the next server counts (which always win).
 */
import type { Counts } from './types.js';

/** A change to add to the counts; negative numbers for a read or a delete. */
export interface CountsDelta {
  total: number;
  unread: number;
  byType: Record<string, number>;
  byPriority: Record<string, number>;
}

export function emptyDelta(): CountsDelta {
  return { total: 0, unread: 0, byType: {}, byPriority: {} };
}

export function addToBucket(bucket: Record<string, number>, key: string, amount: number): void {
  bucket[key] = (bucket[key] ?? 0) + amount;
}

export function negate(delta: CountsDelta): CountsDelta {
  const flip = (bucket: Record<string, number>) =>
    Object.fromEntries(Object.entries(bucket).map(([key, value]) => [key, -value]));
  return { total: -delta.total, unread: -delta.unread, byType: flip(delta.byType), byPriority: flip(delta.byPriority) };
}

/** Applies `delta`; never below zero; zero entries of `byType`/`byPriority` are left out (as the server may). */
export function applyDelta(counts: Counts, delta: CountsDelta): Counts {
  const merge = (bucket: Record<string, number>, change: Record<string, number>) => {
    const result: Record<string, number> = { ...bucket };
    for (const [key, amount] of Object.entries(change)) {
      const value = Math.max(0, (result[key] ?? 0) + amount);
      if (value === 0) delete result[key];
      else result[key] = value;
    }
    return result;
  };
  return {
    ...counts,
    total: Math.max(0, counts.total + delta.total),
    unread: Math.max(0, counts.unread + delta.unread),
    byType: merge(counts.byType ?? {}, delta.byType),
    byPriority: merge(counts.byPriority ?? {}, delta.byPriority),
  };
}

export class CountsModel {
  private current: Counts | null = null;
  /** Bumped by every server counts: an optimistic delta is only reverted on the counts it adjusted. */
  private generation = 0;

  get value(): Counts | null {
    return this.current;
  }

  /** Server counts (answer or event): authoritative, they replace every optimistic adjustment. */
  setFromServer(counts: Counts): void {
    this.current = { ...counts, byType: { ...(counts.byType ?? {}) }, byPriority: { ...(counts.byPriority ?? {}) } };
    this.generation++;
  }

  /** Shown at start from the local cache; the first server counts replace them. */
  setFromCache(counts: Counts): void {
    this.current = counts;
  }

  /** Applies an optimistic change; returns the generation to pass to `revert`. */
  adjust(delta: CountsDelta): number {
    if (this.current) this.current = applyDelta(this.current, delta);
    return this.generation;
  }

  /** Undoes `delta` — unless server counts arrived since, which never included the refused change. */
  revert(delta: CountsDelta, generation: number): void {
    if (this.current && generation === this.generation) this.current = applyDelta(this.current, negate(delta));
  }
}
