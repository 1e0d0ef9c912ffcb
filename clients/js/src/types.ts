/**
 * Friendly names for the service's shapes (API.md, v1 and the v2 additions) plus the library's
 * public types.
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
export type NotificationAction = Schemas['NotificationAction'];
export type NotificationPage = Schemas['ListResponse'];
/** The answer of read-all, seen and archive-read: how many changed, and the counts after the change. */
export type InboxChange = Schemas['InboxChange'];
export type NotificationReadEvent = Schemas['NotificationReadEvent'];
export type NotificationSeenEvent = Schemas['NotificationSeenEvent'];
export type NotificationArchivedEvent = Schemas['NotificationArchivedEvent'];
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

/**
 * The view: a shelf — the inbox (default: neither archived nor snoozed), the archive
 * (`archived: true`) or the snoozed (`snoozed: true`) — and filters within it.
 */
export interface InboxFilter {
  type?: NotificationType;
  isRead?: boolean;
  conversationId?: string;
  /** Only archived ones (the archive). */
  archived?: boolean;
  /** Only snoozed ones, until they return. */
  snoozed?: boolean;
}

export interface InboxState {
  status: ConnectionStatus;
  /** This tab holds the shared hub connection. */
  isLeader: boolean;
  /** Exact server counts (optimistically adjusted while a change is in flight). */
  counts: Counts | null;
  /** The loaded pages of the view `filter`, newest first (by seq), each id once. */
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

/**
 * NEW notifications, each once per client: one push, or everything new one catch-up / poll found.
 * New is a change that put one at the top of the inbox that this client had not seen: a create,
 * a replacement by collapse key, a return from snooze (not one the user asked for by `unsnooze`).
 */
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
  /** The change that was refused (rollback): the client's method, e.g. 'takeAction'. */
  change?: OptimisticChange;
}

/** The optimistic changes, by the name of the client's method. */
export type OptimisticChange =
  | 'markRead'
  | 'markAllRead'
  | 'markSeen'
  | 'archive'
  | 'unarchive'
  | 'archiveRead'
  | 'snooze'
  | 'unsnooze'
  | 'takeAction'
  | 'remove';

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
  /**
   * Read-all (optionally of one type / conversation) up to the highest seq the view shows, so a
   * notification arriving meanwhile is never swept along. Read-all acts on the inbox: in the
   * archive or snoozed view (which show none of it) it does nothing. Optimistic; rolled back + onError.
   */
  markAllRead(filter?: { type?: NotificationType; conversationId?: string }): Promise<void>;
  /**
   * Marks every unseen one in the inbox with `seq ≤ upToSeq` seen (e.g. when the bell opens, with
   * the highest seq it shows). Nothing is sent when the counts say nothing is unseen.
   * Optimistic; rolled back + onError.
   */
  markSeen(upToSeq: number): Promise<void>;
  /** Out of the inbox and its counts, into the archive (also read and seen). Optimistic; rolled back + onError. */
  archive(id: string): Promise<void>;
  /** Back in the inbox (still read). Optimistic; rolled back + onError. */
  unarchive(id: string): Promise<void>;
  /** Archives every read one in the inbox. Optimistic; rolled back + onError. */
  archiveRead(): Promise<void>;
  /**
   * Out of the inbox until `until` (after now, at most 30 days ahead); then it returns unread at
   * the top, pushed while connected. Optimistic; rolled back + onError (a 400 for an archived one).
   */
  snooze(id: string, until: Date | string): Promise<void>;
  /** Returns it now: unread, at the top. Optimistic; rolled back + onError. */
  unsnooze(id: string): Promise<void>;
  /**
   * Records the user's choice among its actions (also read and seen); once one is taken, another
   * is refused (409). Optimistic; on a 409 or 404 it is rolled back, onError is called, and the
   * notification is fetched again (another device may have chosen, or a replacement changed its actions).
   */
  takeAction(id: string, actionId: string): Promise<void>;
  /** DELETE, optimistic; rolled back + onError on refusal. */
  remove(id: string): Promise<void>;
  getPreferences(): Promise<Preferences>;
  /**
   * PUT: replaces the whole document, `pausedUntil` included (null ends a pause), so pass the
   * stored one back to keep it.
   */
  setPreferences(preferences: Preferences): Promise<Preferences>;
}
