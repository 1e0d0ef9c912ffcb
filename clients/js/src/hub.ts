/**
 * The SignalR connection of one tab: automatic reconnect (one attempt per `reconnectDelaysMs`
 * entry); when those are used up (or the first start fails), status `polling`: every
 * `pollIntervalMs` a poll (counts + catch-up, done by the owner) and another `start()`; when it
 * starts, `live` again. Every transition to `live` is reported so the owner catches up.
 */
import { HubConnectionBuilder, HubConnectionState, LogLevel, type HubConnection } from '@microsoft/signalr';
import type { ConnectionStatus } from './types.js';

export const HUB_EVENTS = [
  'notification',
  'notification:updated',
  'notification:read',
  'notification:seen',
  'notification:archived',
  'notification:deleted',
  'notification:counts',
] as const;
export type HubEventName = (typeof HUB_EVENTS)[number];

export type LiveReason = 'connected' | 'reconnected' | 'restarted';

export interface HubCallbacks {
  event(name: HubEventName, payload: unknown): void;
  status(status: ConnectionStatus): void;
  /** The connection is (again) live: events may have been missed before, catch up. */
  live(reason: LiveReason): void;
  /** A polling tick: counts + catch-up. */
  poll(): void;
}

export interface HubOptions {
  baseUrl: string;
  getToken: () => string | Promise<string>;
  reconnectDelaysMs: number[];
  pollIntervalMs: number;
  logLevel: LogLevel;
}

export class InboxHub {
  private readonly connection: HubConnection;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private startAttempt: Promise<boolean> | undefined;

  constructor(
    private readonly options: HubOptions,
    private readonly callbacks: HubCallbacks,
  ) {
    this.connection = new HubConnectionBuilder()
      .withUrl(`${options.baseUrl}/hubs/notifications`, { accessTokenFactory: () => options.getToken() })
      .withAutomaticReconnect(options.reconnectDelaysMs)
      .configureLogging(options.logLevel)
      .build();
    for (const name of HUB_EVENTS) {
      this.connection.on(name, (payload: unknown) => {
        if (!this.stopped) callbacks.event(name, payload);
      });
    }
    this.connection.onreconnecting(() => {
      if (!this.stopped) callbacks.status('reconnecting');
    });
    this.connection.onreconnected(() => {
      if (this.stopped) return;
      callbacks.status('live');
      callbacks.live('reconnected');
    });
    // Called when the automatic reconnect attempts are used up (or the server closed for good).
    this.connection.onclose(() => {
      if (!this.stopped) this.startPolling();
    });
  }

  /** Connects; on failure it goes polling (and keeps trying) instead of throwing. */
  async start(): Promise<void> {
    this.callbacks.status('connecting');
    if (await this.tryStart()) {
      this.callbacks.status('live');
      this.callbacks.live('connected');
    } else if (!this.stopped) {
      this.startPolling();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    await this.startAttempt?.catch(() => undefined);
    await this.connection.stop().catch(() => undefined);
  }

  private tryStart(): Promise<boolean> {
    this.startAttempt ??= this.connection
      .start()
      .then(
        () => true,
        () => false,
      )
      .finally(() => {
        this.startAttempt = undefined;
      });
    return this.startAttempt;
  }

  private startPolling(): void {
    if (this.pollTimer !== undefined) return;
    this.callbacks.status('polling');
    const tick = async () => {
      if (this.stopped) return;
      this.callbacks.poll();
      const started = this.connection.state === HubConnectionState.Disconnected && (await this.tryStart());
      if (this.stopped) {
        if (started) await this.connection.stop().catch(() => undefined);
        return;
      }
      if (started) {
        this.pollTimer = undefined;
        this.callbacks.status('live');
        this.callbacks.live('restarted');
      } else {
        this.pollTimer = setTimeout(() => void tick(), this.options.pollIntervalMs);
      }
    };
    this.pollTimer = setTimeout(() => void tick(), 0);
  }
}

export { LogLevel };
