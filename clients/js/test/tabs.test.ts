/** Leader election and relay between "tabs" in one process: in-process Web Locks, Node's BroadcastChannel. */
import { describe, expect, it } from 'vitest';
import { TabCoordinator, channelName, lockName, type TabCallbacks, type TabMessage } from '../src/tabs.js';
import { MemoryLocks } from './support/memoryLocks.js';
import { holdsFor, waitFor } from './support/wait.js';

const channels = (name: string) => new BroadcastChannel(name) as unknown as import('../src/tabs.js').ChannelLike;

function tab(locks: MemoryLocks, userId: string) {
  const log = { leader: 0, follower: 0, joined: 0, relayed: [] as TabMessage[] };
  const callbacks: TabCallbacks = {
    becameLeader: () => log.leader++,
    becameFollower: () => log.follower++,
    relayed: (message) => log.relayed.push(message),
    followerJoined: () => log.joined++,
  };
  const coordinator = new TabCoordinator(userId, locks, channels, callbacks);
  return { coordinator, log };
}

describe('tabs', () => {
  it('names the lock and the channel after the user', () => {
    expect(lockName('alice')).toBe('notifications:alice:leader');
    expect(channelName('alice')).toBe('notifications:alice');
  });

  it('elects one leader, relays its messages to followers, and hands over when it goes', async () => {
    const locks = new MemoryLocks();
    const a = tab(locks, 'alice');
    const b = tab(locks, 'alice');
    const c = tab(locks, 'alice');
    const other = tab(locks, 'bob');
    a.coordinator.start();
    await waitFor('a leads', () => a.log.leader === 1);
    b.coordinator.start();
    c.coordinator.start();
    other.coordinator.start();
    await waitFor('b and c follow', () => b.log.follower === 1 && c.log.follower === 1);
    await waitFor('bob leads his own', () => other.log.leader === 1);
    await waitFor('the leader hears both hellos', () => a.log.joined === 2);

    const event: TabMessage = { kind: 'event', name: 'notification:deleted', payload: { id: 'n1' } };
    a.coordinator.post(event);
    a.coordinator.post({ kind: 'status', status: 'live' });
    await waitFor('both followers got both', () => b.log.relayed.length === 2 && c.log.relayed.length === 2);
    expect(b.log.relayed).toEqual([event, { kind: 'status', status: 'live' }]);
    expect(other.log.relayed).toEqual([]);

    a.coordinator.stop();
    await waitFor('the next tab in the queue leads', () => b.log.leader === 1);
    expect(c.log.leader).toBe(0);
    expect(b.coordinator.isLeader).toBe(true);

    c.coordinator.stop(); // leaves the queue: it never leads
    b.coordinator.stop();
    await holdsFor('c never leads', () => c.log.leader === 0, 50);
    expect(locks.isHeld(lockName('alice'))).toBe(false);
    other.coordinator.stop();
  });
});
