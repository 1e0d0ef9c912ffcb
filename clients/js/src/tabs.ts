/**
 * One hub connection per browser per user: the tab holding the Web Lock
 * `notifications:<userId>:leader` is the leader; it opens the hub and relays every hub event and
 * its status over `BroadcastChannel('notifications:<userId>')`. The other tabs follow: they apply
 * the relayed events through their own gap tracker and make their own REST calls. When the leader
 * tab closes, the browser releases its lock and the next waiting tab becomes leader at once.
 */
import type { HubEventName } from './hub.js';
import type { ConnectionStatus } from './types.js';

/** The part of the Web Locks API this uses (`navigator.locks`). */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>;
}

/** The part of BroadcastChannel this uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

export type ChannelFactory = (name: string) => ChannelLike;

/** What travels over the channel. */
export type TabMessage =
  | { kind: 'event'; name: HubEventName; payload: unknown }
  | { kind: 'status'; status: ConnectionStatus }
  /** The leader's hub is (again) live: events may have been missed, every tab catches up. */
  | { kind: 'live' }
  /** A new follower asks for the status. */
  | { kind: 'hello' };

export interface TabCallbacks {
  /** This tab got the lock: open the hub. */
  becameLeader(): void;
  /** Another tab holds the lock: follow it. */
  becameFollower(): void;
  /** A message of the leader (followers only). */
  relayed(message: TabMessage): void;
  /** A follower said hello (leader only): send it the status. */
  followerJoined(): void;
}

export function lockName(userId: string): string {
  return `notifications:${userId}:leader`;
}

export function channelName(userId: string): string {
  return `notifications:${userId}`;
}

/** True where the browser offers both Web Locks and BroadcastChannel. */
export function canShareAcrossTabs(): boolean {
  const nav = (globalThis as { navigator?: { locks?: unknown } }).navigator;
  return !!nav?.locks && typeof globalThis.BroadcastChannel === 'function';
}

export function defaultLocks(): LockManagerLike {
  return (globalThis as unknown as { navigator: { locks: LockManagerLike } }).navigator.locks;
}

export const defaultChannelFactory: ChannelFactory = (name) => new BroadcastChannel(name) as unknown as ChannelLike;

export class TabCoordinator {
  private channel: ChannelLike | undefined;
  private leader = false;
  private readonly abort = new AbortController();
  private release: (() => void) | undefined;
  private readonly released = new Promise<void>((resolve) => {
    this.release = resolve;
  });

  constructor(
    private readonly userId: string,
    private readonly locks: LockManagerLike,
    private readonly channelFactory: ChannelFactory,
    private readonly callbacks: TabCallbacks,
  ) {}

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    const channel = this.channelFactory(channelName(this.userId));
    this.channel = channel;
    channel.onmessage = (event) => this.receive(event.data as TabMessage);
    const name = lockName(this.userId);
    this.locks
      .request(name, { ifAvailable: true }, (lock) => {
        if (lock) return this.lead();
        this.callbacks.becameFollower();
        this.post({ kind: 'hello' });
        // Wait in the lock's queue: granted as soon as the leader tab goes away.
        this.locks.request(name, { signal: this.abort.signal }, () => this.lead()).catch(() => undefined);
        return undefined;
      })
      .catch(() => undefined);
  }

  /** Leader only: relays a hub event or status to the followers. */
  post(message: TabMessage): void {
    try {
      this.channel?.postMessage(message);
    } catch {
      // the channel was closed by stop()
    }
  }

  stop(): void {
    this.abort.abort();
    this.release?.();
    this.leader = false;
    if (this.channel) {
      this.channel.onmessage = null;
      this.channel.close();
      this.channel = undefined;
    }
  }

  /** Holds the lock until stop(). */
  private lead(): Promise<void> {
    if (this.abort.signal.aborted) return Promise.resolve();
    this.leader = true;
    this.callbacks.becameLeader();
    return this.released;
  }

  private receive(message: TabMessage): void {
    if (this.leader) {
      if (message.kind === 'hello') this.callbacks.followerJoined();
      return; // a former leader's last messages, or another follower's hello
    }
    if (message.kind !== 'hello') this.callbacks.relayed(message);
  }
}
