/**
 * Counts as shown: the last server counts, adjusted by optimistic changes until the server's
 * answer or the next server counts (which always win).
 */
import type { Counts, Notification } from './types.js';

/** A change to add to the counts; negative numbers for what leaves a count. */
export interface CountsDelta {
  total: number;
  unread: number;
  unseen: number;
  archived: number;
  snoozed: number;
  byType: Record<string, number>;
  byPriority: Record<string, number>;
}

export function emptyDelta(): CountsDelta {
  return { total: 0, unread: 0, unseen: 0, archived: 0, snoozed: 0, byType: {}, byPriority: {} };
}

export function addToBucket(bucket: Record<string, number>, key: string, amount: number): void {
  bucket[key] = (bucket[key] ?? 0) + amount;
}

/** Archived (`archivedAt` set): on the archive shelf, counted only as `archived`. */
export function isArchived(notification: Notification): boolean {
  return notification.archivedAt != null;
}

/** Snoozed (`snoozedUntil` set): on the snoozed shelf, counted only as `snoozed`. */
export function isSnoozed(notification: Notification): boolean {
  return notification.snoozedUntil != null;
}

/** Neither archived nor snoozed: what `total`, `unread`, `unseen`, `byType` and `byPriority` count (API.md v2). */
export function isInInbox(notification: Notification): boolean {
  return !isArchived(notification) && !isSnoozed(notification);
}

/** What one notification adds to the counts, by its shelf and state (API.md v2, "Counts"). */
export function contribution(notification: Notification): CountsDelta {
  const delta = emptyDelta();
  if (isArchived(notification)) {
    delta.archived = 1;
  } else if (isSnoozed(notification)) {
    delta.snoozed = 1;
  } else {
    delta.total = 1;
    if (notification.seenAt == null) delta.unseen = 1;
    if (!notification.isRead) {
      delta.unread = 1;
      addToBucket(delta.byType, notification.type, 1);
      addToBucket(delta.byPriority, notification.priority, 1);
    }
  }
  return delta;
}

/** The counts change of turning `before` into `after` (either may be absent: created, deleted). */
export function changeDelta(before: Notification | undefined, after: Notification | undefined): CountsDelta {
  return sum(after ? contribution(after) : emptyDelta(), negate(before ? contribution(before) : emptyDelta()));
}

export function sum(a: CountsDelta, b: CountsDelta): CountsDelta {
  const merge = (x: Record<string, number>, y: Record<string, number>) => {
    const result = { ...x };
    for (const [key, amount] of Object.entries(y)) {
      addToBucket(result, key, amount);
      if (result[key] === 0) delete result[key]; // a change that moves nothing leaves no entry
    }
    return result;
  };
  return {
    total: a.total + b.total,
    unread: a.unread + b.unread,
    unseen: a.unseen + b.unseen,
    archived: a.archived + b.archived,
    snoozed: a.snoozed + b.snoozed,
    byType: merge(a.byType, b.byType),
    byPriority: merge(a.byPriority, b.byPriority),
  };
}

export function negate(delta: CountsDelta): CountsDelta {
  const flip = (bucket: Record<string, number>) =>
    Object.fromEntries(Object.entries(bucket).map(([key, value]) => [key, -value]));
  return {
    total: -delta.total,
    unread: -delta.unread,
    unseen: -delta.unseen,
    archived: -delta.archived,
    snoozed: -delta.snoozed,
    byType: flip(delta.byType),
    byPriority: flip(delta.byPriority),
  };
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
  const add = (value: number | undefined, amount: number) => Math.max(0, (value ?? 0) + amount);
  return {
    ...counts,
    total: add(counts.total, delta.total),
    unread: add(counts.unread, delta.unread),
    unseen: add(counts.unseen, delta.unseen),
    archived: add(counts.archived, delta.archived),
    snoozed: add(counts.snoozed, delta.snoozed),
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
