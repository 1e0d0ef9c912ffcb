/**
 * Local cache of the newest 50 notifications of the unfiltered list and the counts, so `start()`
 * can show the inbox before the network answers. JSON under a versioned key; anything that does
 * not parse or has the wrong shape is ignored (and removed), never thrown.
 */
import type { Counts, Notification } from './types.js';

export const CACHED_ITEMS = 50;
/** 2: notifications with the v2 states (seenAt, archivedAt, snoozedUntil, actions, …) and v2 counts. */
const VERSION = 2;

export interface CachedInbox {
  items: Notification[];
  counts: Counts | null;
}

export function cacheKey(userId: string, version = VERSION): string {
  return `notifications:${userId}:v${version}`;
}

export class InboxCache {
  private readonly key: string;

  constructor(
    private readonly storage: Storage,
    userId: string,
  ) {
    this.key = cacheKey(userId);
    // What an older version of the library saved has another shape: forget it.
    for (let version = 1; version < VERSION; version++) removeQuietly(storage, cacheKey(userId, version));
  }

  load(): CachedInbox | undefined {
    let text: string | null;
    try {
      text = this.storage.getItem(this.key);
    } catch {
      return undefined; // storage blocked (privacy mode, sandboxed frame)
    }
    if (text === null) return undefined;
    const parsed = parseCached(text);
    if (!parsed) this.clear();
    return parsed;
  }

  save(items: readonly Notification[], counts: Counts | null): void {
    const value = { v: VERSION, savedAt: new Date().toISOString(), items: items.slice(0, CACHED_ITEMS), counts };
    try {
      this.storage.setItem(this.key, JSON.stringify(value));
    } catch {
      // quota exceeded or storage blocked: the cache is an optimisation, the inbox works without it
    }
  }

  clear(): void {
    removeQuietly(this.storage, this.key);
  }
}

function removeQuietly(storage: Storage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // as in save
  }
}

function parseCached(text: string): CachedInbox | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value) || value.v !== VERSION || !Array.isArray(value.items)) return undefined;
  if (!value.items.every(isNotificationLike)) return undefined;
  const counts = value.counts === null || value.counts === undefined ? null : value.counts;
  if (counts !== null && !isCountsLike(counts)) return undefined;
  const ids = new Set<string>();
  const items = (value.items as Notification[]).filter((item) => !ids.has(item.id) && ids.add(item.id));
  return { items: items.slice(0, CACHED_ITEMS), counts: counts as Counts | null };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNotificationLike(value: unknown): value is Notification {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.seq === 'number' &&
    typeof value.type === 'string' &&
    typeof value.isRead === 'boolean' &&
    typeof value.createdAt === 'string' &&
    Array.isArray(value.actions)
  );
}

function isCountsLike(value: unknown): value is Counts {
  return (
    isObject(value) &&
    typeof value.total === 'number' &&
    typeof value.unread === 'number' &&
    typeof value.unseen === 'number' &&
    typeof value.lastSeq === 'number' &&
    isObject(value.byType) &&
    isObject(value.byPriority)
  );
}
