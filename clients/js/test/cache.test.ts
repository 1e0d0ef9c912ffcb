import { describe, expect, it } from 'vitest';
import { InboxCache, cacheKey } from '../src/cache.js';
import type { Counts } from '../src/types.js';
import { MemoryStorage } from './support/memoryStorage.js';
import { counts as countsOf, notification } from './support/notifications.js';

const counts: Counts = countsOf({ total: 60, unread: 3, unseen: 3, byType: { user_mentioned: 3 }, byPriority: { normal: 3 }, lastSeq: 60 });

describe('InboxCache', () => {
  it('keeps the newest 50 and the counts under a versioned per-user key', () => {
    const storage = new MemoryStorage();
    const items = Array.from({ length: 60 }, (_, index) => notification(60 - index));
    new InboxCache(storage, 'alice').save(items, counts);
    expect(storage.key(0)).toBe('notifications:alice:v2');
    expect(cacheKey('bob')).toBe('notifications:bob:v2');
    const loaded = new InboxCache(storage, 'alice').load()!;
    expect(loaded.items).toHaveLength(50);
    expect(loaded.items[0]!.seq).toBe(60);
    expect(loaded.counts).toEqual(counts);
    expect(new InboxCache(storage, 'bob').load()).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"v":2,'],
    ['another version', JSON.stringify({ v: 3, items: [], counts: null })],
    ['items not an array', JSON.stringify({ v: 2, items: {}, counts: null })],
    ['an item without id', JSON.stringify({ v: 2, items: [{ seq: 1 }], counts: null })],
    ['a v1 item (no actions)', JSON.stringify({ v: 2, items: [{ ...notification(1), actions: undefined }], counts: null })],
    ['counts of the wrong shape', JSON.stringify({ v: 2, items: [], counts: { total: 'x' } })],
    ['v1 counts (no unseen)', JSON.stringify({ v: 2, items: [], counts: { ...counts, unseen: undefined } })],
    ['null', 'null'],
  ])('ignores and removes corrupt data: %s', (_, text) => {
    const storage = new MemoryStorage();
    storage.setItem('notifications:alice:v2', text);
    expect(new InboxCache(storage, 'alice').load()).toBeUndefined();
    expect(storage.getItem('notifications:alice:v2')).toBeNull();
  });

  it('forgets what the v1 library saved (another shape) as soon as it opens the cache', () => {
    const storage = new MemoryStorage();
    storage.setItem('notifications:alice:v1', JSON.stringify({ v: 1, items: [], counts: null }));
    new InboxCache(storage, 'alice');
    expect(storage.getItem('notifications:alice:v1')).toBeNull();
  });

  it('survives a storage that throws (blocked, quota exceeded)', () => {
    const failing: Storage = Object.assign(new MemoryStorage(), {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    const cache = new InboxCache(failing, 'alice');
    expect(() => cache.save([notification(1)], counts)).not.toThrow();
    expect(cache.load()).toBeUndefined();
  });

  it('keeps each id once', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      'notifications:alice:v2',
      JSON.stringify({ v: 2, items: [notification(2), notification(2), notification(1)], counts: null }),
    );
    expect(new InboxCache(storage, 'alice').load()!.items.map((item) => item.id)).toEqual(['n2', 'n1']);
  });
});
