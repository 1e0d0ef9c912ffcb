/**
 * Friendly names for the service's shapes (API.md v1) plus the library's public types.
 * The wire shapes come from src/generated/api-types.ts, generated from the service's OpenAPI
 * document (docs/openapi/v1.json) by `npm run generate -w clients/js`.
 */
import type { components } from './generated/api-types.js';

type Schemas = components['schemas'];

export type Notification = Schemas['Notification'];
export type NotificationType = Schemas['NotificationType'];
export type Priority = Schemas['NotificationPriority'];
export type Counts = Schemas['Counts'];
/** As GET answers it (every field present); a PUT replaces the whole document. */
export type Preferences = Schemas['Preferences'];
export type DoNotDisturb = Schemas['DoNotDisturb'];
export type NotificationPage = Schemas['ListResponse'];
export type ReadAllResult = Schemas['ReadAllResponse'];
export type NotificationReadEvent = Schemas['NotificationReadEvent'];
export type NotificationDeletedEvent = Schemas['NotificationDeletedEvent'];
export type ProblemDetails = Schemas['ProblemDetails'];

/** Timings of retries, breaker, reconnect, polling, catch-up and tab takeover. Tests shorten them. */
export interface ClientTimings {
  /** API retries of safe requests (GET, PATCH, DELETE); default [0, 1000, 2000, 4000]. */
  retryDelaysMs: number[];
  /** More than 50 % failures (of at least a few requests) within this window opens the breaker; default 10000. */
  breakerWindowMs: number;
  /** An open breaker lets one probe request through after this; default 5000. */
  breakerHalfOpenAfterMs: number;
  /** The hub's automatic reconnect attempts (5); default [0, 2000, 5000, 10000, 20000]. */
  reconnectDelaysMs: number[];
  /** After the reconnect attempts failed: counts + catch-up + hub restart every this; default 30000. */
  pollIntervalMs: number;
  /** Cap of the backoff of a failed catch-up (it is retried, never dropped); default 30000. */
  catchUpRetryMaxMs: number;
  /** A follower tab takes over the hub within this after the leader tab closed; default 3000. */
  leaderTakeoverMs: number;
  /** Per-request timeout of REST calls; default 15000. */
  requestTimeoutMs: number;
}

export interface InboxClientOptions {
  /** e.g. 'http://127.0.0.1:5000', or '' for the page's own origin. */
  baseUrl: string;
  /** Names the cache key, the tab-leader lock and the broadcast channel. */
  userId: string;
  /** Called for every request and every hub (re)connect. */
  getToken: () => string | Promise<string>;
  /** Page size of list loads and catch-ups; default 50 (1–100). */
  pageSize?: number;
  /** Most notifications held in memory; default 500. */
  maxHeld?: number;
  /** Local cache; default globalThis.localStorage when present; null disables it. */
  cache?: Storage | null;
  /** One hub per browser per user; default true when navigator.locks and BroadcastChannel exist. */
  shareAcrossTabs?: boolean;
  /** Tests shorten these; defaults are the spec's numbers. */
  timings?: Partial<ClientTimings>;
  /** Called for every error, e.g. an optimistic change rolled back. */
  onError?: (error: InboxError) => void;
}

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'stopped';

export interface InboxFilter {
  type?: NotificationType;
  isRead?: boolean;
  conversationId?: string;
}

export interface InboxState {
  status: ConnectionStatus;
  /** This tab holds the shared hub connection. */
  isLeader: boolean;
  /** Exact server counts (optimistically adjusted while a change is in flight). */
  counts: Counts | null;
  /** The loaded pages for `filter`, newest first, each id once. */
  items: Notification[];
  filter: InboxFilter;
  hasMore: boolean;
  /** A page load is running. */
  loading: boolean;
  /** Items come from the local cache and are not reconciled yet. */
  fromCache: boolean;
  /** The last error the UI should show (list load failed, …); cleared by the next successful load. */
  error: InboxError | null;
}

/** NEW notifications, each once per client: one push, or everything new one catch-up / poll found. */
export interface Arrival {
  notifications: Notification[];
  source: 'push' | 'catch-up' | 'poll';
}

export interface InboxError {
  kind: 'rollback' | 'load' | 'preferences' | 'auth';
  message: string;
  /** HTTP status when the server answered. */
  status?: number;
  /** The notification concerned (rollback). */
  id?: string;
}

export interface InboxClient {
  /** Shows the cache at once, connects (or follows the leader tab), loads page 1. */
  start(): Promise<void>;
  stop(): Promise<void>;
  getState(): InboxState;
  /** Called after every state change; returns the unsubscribe function. */
  subscribe(listener: (state: InboxState) => void): () => void;
  /** NEW notifications, each once per tab: one push, or all found by one catch-up / poll. */
  onArrival(listener: (arrival: Arrival) => void): () => void;
  /** Replaces the list with page 1 of that filter. */
  setFilter(filter: InboxFilter): Promise<void>;
  /** Next page (keyset cursor); no-op when !hasMore or loading. */
  loadMore(): Promise<void>;
  /** Reloads counts and the pages shown. */
  refresh(): Promise<void>;
  /** Optimistic; rolled back + onError on refusal. */
  markRead(id: string): Promise<void>;
  /** Optimistic; rolled back + onError on refusal. */
  markAllRead(filter?: { type?: NotificationType; conversationId?: string }): Promise<void>;
  /** DELETE, optimistic; rolled back + onError on refusal. */
  remove(id: string): Promise<void>;
  getPreferences(): Promise<Preferences>;
  setPreferences(preferences: Preferences): Promise<Preferences>;
}
