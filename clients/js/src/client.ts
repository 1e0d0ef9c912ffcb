/**
 * Wires the parts into one inbox client: REST (http/api), gap tracking (seqTracker + catchUp),
 * the list (store + counts), the hub (or the leader tab's relay), the local cache and arrivals.
 */
import { InboxApi } from './api.js';
import { CircuitBreaker } from './breaker.js';
import { InboxCache } from './cache.js';
import { CatchUpRunner, catchUpBackoff, type CatchUpSource } from './catchUp.js';
import { delay, systemClock, type Clock } from './clock.js';
import { CountsModel, isInInbox } from './counts.js';
import { HttpClient, RequestError } from './http.js';
import { InboxHub, LogLevel, type HubEventName, type LiveReason } from './hub.js';
import { DEFAULT_MAX_HELD, resolvePageSize, resolveTimings } from './options.js';
import { SeenSeqs } from './seenSeqs.js';
import { SeqTracker } from './seqTracker.js';
import {
  InboxStore,
  actionChange,
  archiveChange,
  readChange,
  removeChange,
  snoozeChange,
  unarchiveChange,
  unsnoozeChange,
  type ListUndo,
} from './store.js';
import {
  TabCoordinator,
  canShareAcrossTabs,
  defaultChannelFactory,
  defaultLocks,
  type ChannelFactory,
  type LockManagerLike,
  type TabMessage,
} from './tabs.js';
import type {
  Arrival,
  ClientTimings,
  ConnectionStatus,
  Counts,
  InboxClient,
  InboxClientOptions,
  InboxError,
  InboxFilter,
  InboxState,
  Notification,
  NotificationArchivedEvent,
  NotificationDeletedEvent,
  NotificationPage,
  NotificationReadEvent,
  NotificationSeenEvent,
  NotificationType,
  OptimisticChange,
  Preferences,
} from './types.js';

/** Not public: lets tests run several "tabs" in one process and see inside. */
export interface InternalOptions {
  locks?: LockManagerLike;
  channelFactory?: ChannelFactory;
  hubLogLevel?: LogLevel;
  clock?: Clock;
}

/**
 * Creates the inbox client. Nothing happens until `start()`: it shows the cache at once,
 * connects the hub (or follows the leader tab), loads the counts and page 1. A stopped client
 * stays stopped: create a new one to start again.
 *
 * Promises of the changes (`markRead`, `markAllRead`, `markSeen`, `archive`, `unarchive`,
 * `archiveRead`, `snooze`, `unsnooze`, `takeAction`, `remove`) resolve once the server answered or
 * the change was rolled back; they never reject — refusals go to `onError` (kind 'rollback').
 * `getPreferences` / `setPreferences` reject on failure (and also call `onError`, kind 'preferences').
 */
export function createInboxClient(options: InboxClientOptions): InboxClient {
  return new InboxClientImpl(options, {});
}

/** For tests: `createInboxClient` with injected tab primitives and access to the parts. */
export function createInboxClientForTest(options: InboxClientOptions, internal: InternalOptions): InboxClientImpl {
  return new InboxClientImpl(options, internal);
}

/** How many pages a refresh reloads at most, and loadMore skips over when pages were refetched. */
const MAX_PAGES_PER_LOAD = 20;
const CACHE_SAVE_DELAY_MS = 250;
/** How long a page item above `trusted` may wait for its push before a catch-up fetches it. */
const PAGED_GAP_GRACE_MS = 1000;

export class InboxClientImpl implements InboxClient {
  readonly timings: ClientTimings;
  readonly tracker = new SeqTracker();
  readonly breaker: CircuitBreaker;
  readonly catchUp: CatchUpRunner;
  private readonly pageSize: number;
  private readonly store: InboxStore;
  private readonly counts = new CountsModel();
  private readonly seen = new SeenSeqs();
  /** Ids with an unsnooze in flight: their return is the user's own doing, not an arrival. */
  private readonly unsnoozing = new Set<string>();
  private readonly api: InboxApi;
  private readonly cache: InboxCache | undefined;
  private readonly tabs: TabCoordinator | undefined;
  private readonly abort = new AbortController();
  private hub: InboxHub | undefined;
  private readonly listeners = new Set<(state: InboxState) => void>();
  private readonly arrivalListeners = new Set<(arrival: Arrival) => void>();
  private status: ConnectionStatus = 'stopped';
  private isLeader = false;
  /** Page loads the UI waits for (setFilter, loadMore, refresh, start); quiet reconciles are not counted. */
  private loadsRunning = 0;
  private fromCache = false;
  private error: InboxError | null = null;
  private snapshot: InboxState;
  /** Bumped by every list replacement: answers of an older one are dropped. */
  private listGeneration = 0;
  private started = false;
  private wasFollower = false;
  private stopped = false;
  private followerPollTimer: ReturnType<typeof setTimeout> | undefined;
  private cacheTimer: ReturnType<typeof setTimeout> | undefined;
  private pagedGapTimer: ReturnType<typeof setTimeout> | undefined;
  private countsWanted: CatchUpSource | undefined;
  /** Pushed (or relayed) counts events so far: a fetched answer older than one of them is dropped. */
  private pushedCounts = 0;
  private countsLoop: Promise<void> | undefined;

  constructor(
    private readonly options: InboxClientOptions,
    private readonly internal: InternalOptions,
  ) {
    this.timings = resolveTimings(options.timings);
    this.pageSize = resolvePageSize(options);
    this.store = new InboxStore(Math.max(1, options.maxHeld ?? DEFAULT_MAX_HELD));
    const clock = internal.clock ?? systemClock;
    this.breaker = new CircuitBreaker({
      windowMs: this.timings.breakerWindowMs,
      halfOpenAfterMs: this.timings.breakerHalfOpenAfterMs,
      clock,
    });
    const http = new HttpClient({
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      getToken: options.getToken,
      retryDelaysMs: this.timings.retryDelaysMs,
      requestTimeoutMs: this.timings.requestTimeoutMs,
      breaker: this.breaker,
      signal: this.abort.signal,
    });
    this.api = new InboxApi(http);
    this.catchUp = new CatchUpRunner(
      this.tracker,
      this.api,
      {
        apply: (items) => this.applyCaughtUp(items),
        completed: (found, source) => this.arrived(found, source),
      },
      { pageSize: this.pageSize, retryMaxMs: this.timings.catchUpRetryMaxMs, signal: this.abort.signal },
    );
    const storage = options.cache === undefined ? defaultStorage() : options.cache;
    this.cache = storage ? new InboxCache(storage, options.userId) : undefined;
    // Asked for (the default) and possible here: Web Locks and BroadcastChannel (or injected ones).
    const share = (options.shareAcrossTabs ?? true) && (internal.locks !== undefined || canShareAcrossTabs());
    if (share) {
      this.tabs = new TabCoordinator(
        options.userId,
        internal.locks ?? defaultLocks(),
        internal.channelFactory ?? defaultChannelFactory,
        {
          becameLeader: () => this.becomeLeader(),
          becameFollower: () => this.becomeFollower(),
          relayed: (message) => this.onRelayed(message),
          followerJoined: () => this.tabs?.post({ kind: 'status', status: this.status }),
        },
      );
    }
    this.snapshot = this.buildSnapshot();
  }

  /** This client opened a hub connection (it is, or was, the leader). For tests. */
  get hubOpen(): boolean {
    return this.hub !== undefined;
  }

  // ---- public API ----

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.showCache();
    this.setStatus('connecting');
    if (this.tabs) this.tabs.start();
    else this.becomeLeader();
    await this.initialLoad();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    clearTimeout(this.followerPollTimer);
    clearTimeout(this.pagedGapTimer);
    if (this.cacheTimer !== undefined) {
      clearTimeout(this.cacheTimer);
      this.saveCache();
    }
    this.tabs?.stop();
    await this.hub?.stop();
    this.status = 'stopped';
    this.isLeader = false;
    this.notify();
  }

  getState(): InboxState {
    return this.snapshot;
  }

  subscribe(listener: (state: InboxState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onArrival(listener: (arrival: Arrival) => void): () => void {
    this.arrivalListeners.add(listener);
    return () => this.arrivalListeners.delete(listener);
  }

  async setFilter(filter: InboxFilter): Promise<void> {
    this.store.reset(cleanFilter(filter));
    this.fromCache = false;
    try {
      await this.loadPages(1);
    } catch {
      // reported in state.error by loadPages
    }
  }

  async loadMore(): Promise<void> {
    if (this.loadsRunning > 0 || !this.store.hasMore || this.store.atCapacity || this.stopped) return;
    const generation = this.listGeneration;
    this.loadsRunning++;
    this.notify();
    try {
      for (let pages = 0; pages < MAX_PAGES_PER_LOAD; pages++) {
        const mark = this.store.mark();
        const page = await this.api.listPage(this.store.filter, this.pageSize, this.store.nextCursor);
        if (generation !== this.listGeneration) return;
        this.markPaged(page.items);
        // After an eviction the cursor may restart above what is held: skip pages that add nothing.
        if (this.store.applyNextPage(page, mark) > 0 || !page.hasMore) break;
      }
      this.error = null;
    } catch (error) {
      if (generation === this.listGeneration) this.error = this.toError('load', error);
    } finally {
      this.loadsRunning--;
      this.changed();
    }
  }

  async refresh(): Promise<void> {
    await Promise.all([
      this.refreshCounts('catch-up').catch(() => undefined),
      this.loadPages(Math.ceil(Math.max(this.store.size, 1) / this.pageSize)).catch(() => undefined),
    ]);
  }

  async markRead(id: string): Promise<void> {
    await this.optimistic({
      change: 'markRead',
      id,
      undo: this.store.optimistic(id, readChange(now())),
      send: async () => void this.store.upsert(await this.api.markRead(id)),
    });
  }

  async markAllRead(filter: { type?: NotificationType; conversationId?: string } = {}): Promise<void> {
    const clean = { type: filter.type || undefined, conversationId: filter.conversationId || undefined };
    // Only what the view shows: one that arrives while the request is on its way stays unread (SPEC §12).
    const upToSeq = this.store.highestSeq;
    if (upToSeq === 0 || this.store.filter.archived || this.store.filter.snoozed) return;
    await this.optimistic({
      change: 'markAllRead',
      undo: this.store.optimisticReadAll(clean, upToSeq, now(), this.counts.value),
      send: async () => (await this.api.markAllRead({ ...clean, upToSeq })).counts,
    });
  }

  async markSeen(upToSeq: number): Promise<void> {
    const seq = Math.floor(upToSeq);
    if (!(seq >= 0)) return;
    const undo = this.store.optimisticSeen(seq, now(), this.counts.value);
    if (undo.delta.unseen === 0 && this.counts.value?.unseen === 0) return; // nothing unseen: nothing to send
    await this.optimistic({ change: 'markSeen', undo, send: async () => (await this.api.markSeen(seq)).counts });
  }

  async archive(id: string): Promise<void> {
    await this.optimistic({
      change: 'archive',
      id,
      undo: this.store.optimistic(id, archiveChange(now())),
      send: async () => void this.store.upsert(await this.api.archive(id)),
    });
  }

  async unarchive(id: string): Promise<void> {
    await this.optimistic({
      change: 'unarchive',
      id,
      undo: this.store.optimistic(id, unarchiveChange),
      send: async () => void this.store.upsert(await this.api.unarchive(id)),
    });
  }

  async archiveRead(): Promise<void> {
    await this.optimistic({
      change: 'archiveRead',
      undo: this.store.optimisticArchiveRead(now(), this.counts.value),
      send: async () => {
        const change = await this.api.archiveRead();
        // The archive view cannot know which ones joined it; the push says so while live.
        if (this.status !== 'live' && this.store.filter.archived) this.reloadShown();
        return change.counts;
      },
    });
  }

  async snooze(id: string, until: Date | string): Promise<void> {
    const sent = typeof until === 'string' ? until : until.toISOString();
    const parsed = new Date(sent);
    // Shown as the server will answer it: UTC, milliseconds (API.md v2); the server judges what does not parse.
    const shown = Number.isNaN(parsed.getTime()) ? sent : parsed.toISOString();
    await this.optimistic({
      change: 'snooze',
      id,
      undo: this.store.optimistic(id, snoozeChange(shown)),
      send: async () => void this.store.upsert(await this.api.snooze(id, sent)),
    });
  }

  async unsnooze(id: string): Promise<void> {
    this.unsnoozing.add(id);
    try {
      await this.optimistic({
        change: 'unsnooze',
        id,
        undo: this.store.optimistic(id, unsnoozeChange),
        send: async () => {
          const returned = await this.api.unsnooze(id);
          this.seen.add(returned.seq); // its push, or a catch-up, is then no arrival
          this.store.upsert(returned);
        },
      });
    } finally {
      this.unsnoozing.delete(id);
    }
  }

  async takeAction(id: string, actionId: string): Promise<void> {
    await this.optimistic({
      change: 'takeAction',
      id,
      undo: this.store.optimistic(id, actionChange(actionId, now())),
      send: async () => void this.store.upsert(await this.api.takeAction(id, actionId)),
      // 409: another action was taken (elsewhere); 404: the notification is gone, or a replacement
      // by collapse key took this action away. Either way, what the server holds now says which.
      refetchOn: [404, 409],
    });
  }

  async remove(id: string): Promise<void> {
    await this.optimistic({
      change: 'remove',
      id,
      undo: this.store.optimistic(id, removeChange),
      send: async () => {
        await this.api.remove(id);
        this.store.applyDeleted(id); // also when it was not shown: a late page must not bring it back
      },
    });
  }

  async getPreferences(): Promise<Preferences> {
    try {
      return await this.api.getPreferences();
    } catch (error) {
      throw this.reportPreferences(error);
    }
  }

  async setPreferences(preferences: Preferences): Promise<Preferences> {
    try {
      return await this.api.setPreferences(preferences);
    } catch (error) {
      throw this.reportPreferences(error);
    }
  }

  // ---- start-up ----

  private showCache(): void {
    const cached = this.cache?.load();
    if (!cached) return;
    if (cached.items.length > 0) {
      this.store.showCached(cached.items);
      this.markKnown(cached.items);
      this.fromCache = true;
    }
    if (cached.counts) {
      this.counts.setFromCache(cached.counts);
      this.fromCache = true;
    }
    this.notify();
  }

  /**
   * Counts first — their `lastSeq` is the tracker's baseline — then page 1, so that everything up
   * to the baseline is in the page (or older history). Retried with backoff until it worked;
   * `start()` waits for the first attempt only.
   */
  private async initialLoad(): Promise<void> {
    let signalFirst: () => void = () => undefined;
    const firstAttempt = new Promise<void>((resolve) => {
      signalFirst = resolve;
    });
    void (async () => {
      for (let attempt = 0; !this.stopped; attempt++) {
        try {
          if (!this.tracker.initialized) {
            const counts = await this.api.counts();
            this.applyServerCounts(counts, 'catch-up');
            this.tracker.initialize(counts.lastSeq);
            this.catchUp.kick();
          }
          if (!this.stopped) await this.loadPages(1);
          signalFirst();
          return;
        } catch (error) {
          if (this.stopped) break;
          if (!this.error) this.error = this.toError('load', error);
          this.notify();
          signalFirst();
          try {
            await delay(catchUpBackoff(attempt, this.timings.catchUpRetryMaxMs), this.abort.signal);
          } catch {
            break;
          }
        }
      }
      signalFirst();
    })();
    await firstAttempt;
  }

  // ---- the hub, or the leader's relay ----

  private becomeLeader(): void {
    if (this.stopped) return;
    // A follower that takes over may have missed events between the old leader's going and now.
    const takeover = this.wasFollower;
    this.isLeader = true;
    clearTimeout(this.followerPollTimer);
    this.followerPollTimer = undefined;
    this.hub = new InboxHub(
      {
        baseUrl: this.options.baseUrl.replace(/\/+$/, ''),
        getToken: this.options.getToken,
        reconnectDelaysMs: this.timings.reconnectDelaysMs,
        pollIntervalMs: this.timings.pollIntervalMs,
        logLevel: this.internal.hubLogLevel ?? LogLevel.None,
      },
      {
        event: (name, payload) => {
          this.tabs?.post({ kind: 'event', name, payload });
          this.onHubEvent(name, payload);
        },
        status: (status) => {
          this.tabs?.post({ kind: 'status', status });
          this.setStatus(status);
        },
        live: (reason) => {
          this.tabs?.post({ kind: 'live' });
          this.onLive(reason === 'connected' && takeover ? 'reconnected' : reason);
        },
        poll: () => this.poll(),
      },
    );
    this.notify();
    void this.hub.start();
  }

  private becomeFollower(): void {
    this.isLeader = false;
    this.wasFollower = true;
    this.notify();
  }

  private onRelayed(message: TabMessage): void {
    if (this.stopped) return;
    switch (message.kind) {
      case 'event':
        this.onHubEvent(message.name, message.payload);
        break;
      case 'status':
        this.setStatus(message.status);
        this.followLeaderPolling(message.status === 'polling');
        break;
      case 'live':
        this.onLive('reconnected');
        break;
    }
  }

  /** While the leader polls, followers poll too: they keep their own state by REST. */
  private followLeaderPolling(polling: boolean): void {
    if (!polling) {
      clearTimeout(this.followerPollTimer);
      this.followerPollTimer = undefined;
      return;
    }
    if (this.followerPollTimer !== undefined) return;
    const tick = () => {
      if (this.stopped || this.isLeader) return;
      this.poll();
      this.followerPollTimer = setTimeout(tick, this.timings.pollIntervalMs);
    };
    this.followerPollTimer = setTimeout(tick, 0);
  }

  /**
   * (Re)connected, or a new leader: events may have been missed — catch up (what it finds are
   * arrivals), then reconcile counts and the pages shown (reads and deletes are not replayed).
   */
  private onLive(reason: LiveReason): void {
    if (this.stopped) return;
    this.catchUp.request('catch-up');
    if (reason === 'connected' || !this.tracker.initialized) return;
    void (async () => {
      await this.catchUp.idle();
      if (this.stopped) return;
      this.requestCounts('catch-up');
      this.reloadShown();
    })();
  }

  /** A quiet reload of the pages shown: what changed without a new seq is not replayed by `afterSeq`. */
  private reloadShown(): void {
    void this.loadPages(Math.ceil(Math.max(this.store.size, 1) / this.pageSize), { quiet: true }).catch(() => undefined);
  }

  /** A polling tick (the hub is down): counts, then a catch-up. */
  private poll(): void {
    if (this.stopped) return;
    this.requestCounts('poll');
    this.catchUp.request('poll');
  }

  private onHubEvent(name: HubEventName, payload: unknown): void {
    if (this.stopped) return;
    switch (name) {
      case 'notification': {
        const notification = payload as Notification;
        const isNew = this.seen.add(notification.seq);
        this.store.upsert(notification);
        this.tracker.onPush(notification.seq);
        this.catchUp.kick();
        this.changed();
        if (isNew) this.emitArrival({ notifications: [notification], source: 'push' });
        break;
      }
      case 'notification:updated': {
        // Replaced by id; a new seq (replacement, return from snooze) puts it at the top and is a
        // seq the gap logic has received (API.md v2, "Seq amendment").
        const notification = payload as Notification;
        const trusted = this.tracker.trusted;
        const unseenSeq = this.seen.add(notification.seq);
        this.store.upsert(notification);
        this.tracker.onPush(notification.seq);
        this.catchUp.kick();
        this.changed();
        const putOnTop = trusted === undefined || notification.seq > trusted;
        if (unseenSeq && putOnTop && isInInbox(notification) && !this.unsnoozing.has(notification.id)) {
          this.emitArrival({ notifications: [notification], source: 'push' });
        }
        break;
      }
      case 'notification:read':
        this.store.applyRead(payload as NotificationReadEvent);
        this.changed();
        break;
      case 'notification:seen':
        this.store.applySeen(payload as NotificationSeenEvent);
        this.changed();
        break;
      case 'notification:archived':
        this.store.applyArchivedAll(payload as NotificationArchivedEvent);
        // Which ones joined the archive is not in the event: an archive view reloads what it shows.
        if (this.store.filter.archived) this.reloadShown();
        this.changed();
        break;
      case 'notification:deleted':
        this.store.applyDeleted((payload as NotificationDeletedEvent).id);
        this.changed();
        break;
      case 'notification:counts':
        this.pushedCounts++;
        this.applyServerCounts(payload as Counts, 'catch-up');
        this.changed();
        break;
    }
  }

  // ---- catch-up ----

  private applyCaughtUp(items: Notification[]): Notification[] {
    const found = items.filter((item) => this.seen.add(item.seq) && !this.unsnoozing.has(item.id));
    for (const item of items) this.store.upsert(item);
    if (items.length > 0) this.changed();
    return found;
  }

  private arrived(found: Notification[], source: CatchUpSource): void {
    if (found.length === 0) return;
    // Events were missed, so counts events may have been too: ask for the server's.
    this.requestCounts(source);
    this.emitArrival({ notifications: found, source });
  }

  // ---- counts ----

  private applyServerCounts(counts: Counts, source: CatchUpSource): void {
    this.counts.setFromServer(counts);
    this.tracker.onLastSeq(counts.lastSeq);
    if (this.tracker.hasGap) this.catchUp.request(source);
  }

  /**
   * Fetches the server's counts soon: coalesced with one already wanted, and retried with the
   * catch-up's backoff until it worked (a refresh after a 404 or a reconnect is not dropped).
   */
  private requestCounts(source: CatchUpSource): void {
    if (this.countsWanted !== 'poll') this.countsWanted = source;
    if (this.countsLoop || this.stopped) return;
    this.countsLoop = (async () => {
      for (let attempt = 0; this.countsWanted !== undefined && !this.stopped; ) {
        const wanted = this.countsWanted;
        this.countsWanted = undefined;
        try {
          await this.refreshCounts(wanted);
          attempt = 0;
        } catch {
          if (this.stopped) return;
          this.countsWanted ??= wanted;
          await delay(catchUpBackoff(attempt++, this.timings.catchUpRetryMaxMs), this.abort.signal).catch(() => undefined);
        }
      }
    })().finally(() => {
      this.countsLoop = undefined;
    });
  }

  /**
   * GET counts. An answer is dropped when pushed counts arrived while it was on its way (they are
   * newer: a create's counts event would otherwise be overwritten by an older snapshot), but its
   * `lastSeq` still informs the tracker.
   */
  private async refreshCounts(source: CatchUpSource): Promise<void> {
    const pushedBefore = this.pushedCounts;
    const counts = await this.api.counts();
    if (this.stopped) return;
    if (this.pushedCounts !== pushedBefore) {
      this.tracker.onLastSeq(counts.lastSeq);
      if (this.tracker.hasGap) this.catchUp.request(source);
      return;
    }
    this.applyServerCounts(counts, source);
    this.changed();
  }

  // ---- list loads ----

  /**
   * Replaces the list with the first `pageCount` pages of the filter (page 1 for a new filter,
   * the pages shown for a refresh). Items pushed meanwhile survive; a newer load wins.
   */
  private async loadPages(pageCount: number, { quiet = false } = {}): Promise<void> {
    const generation = ++this.listGeneration;
    const mark = this.store.mark();
    if (!quiet) {
      this.loadsRunning++;
      this.notify();
    }
    try {
      const pages: NotificationPage[] = [];
      let cursor: string | undefined;
      const count = Math.min(Math.max(1, pageCount), MAX_PAGES_PER_LOAD);
      for (let index = 0; index < count; index++) {
        const page = await this.api.listPage(this.store.filter, this.pageSize, cursor);
        pages.push(page);
        if (!page.hasMore || !page.nextCursor) break;
        cursor = page.nextCursor;
      }
      if (generation !== this.listGeneration || this.stopped) return;
      for (const page of pages) this.markPaged(page.items);
      this.store.replaceWithPages(pages, mark);
      this.fromCache = false;
      this.error = null;
    } catch (error) {
      if (generation === this.listGeneration && !this.stopped && !quiet) this.error = this.toError('load', error);
      throw error;
    } finally {
      if (!quiet) this.loadsRunning--;
      if (!this.stopped) this.changed();
    }
  }

  // ---- optimistic changes ----

  /**
   * Applies `undo`'s change at once (counts too), sends it, and on refusal (5xx after the
   * retries, breaker open, network, a 4xx) rolls back exactly that change. A 404 means it is gone:
   * it is removed instead (the caller still hears of it) — unless `refetchOn` names the status:
   * then it is rolled back and fetched again. `send` may return the counts its answer carried;
   * while live the pushed counts follow anyway, otherwise they are taken (or fetched).
   */
  private async optimistic(request: {
    change: OptimisticChange;
    id?: string;
    undo: ListUndo | undefined;
    send: () => Promise<Counts | void>;
    refetchOn?: number[];
  }): Promise<void> {
    const { id, undo, send } = request;
    const generation = undo ? this.counts.adjust(undo.delta) : 0;
    const pushedBefore = this.pushedCounts;
    this.changed();
    try {
      const counts = await send();
      if (this.stopped) return;
      undo?.confirm();
      if (this.status !== 'live') {
        // An answer older than pushed counts would undo them; otherwise it is the newest there is.
        if (counts && this.pushedCounts === pushedBefore) this.applyServerCounts(counts, 'catch-up');
        else this.requestCounts('catch-up');
      }
    } catch (error) {
      if (this.stopped) return;
      const status = error instanceof RequestError ? error.status : undefined;
      const refetch = id !== undefined && status !== undefined && request.refetchOn?.includes(status);
      if (status === 404 && id !== undefined && !refetch) {
        this.store.applyDeleted(id);
        this.requestCounts('catch-up');
      } else if (undo) {
        undo.undo();
        this.counts.revert(undo.delta, generation);
      }
      if (refetch) void this.refetch(id);
      this.changed();
      this.reportError({ ...this.toError('rollback', error), change: request.change, ...(id !== undefined ? { id } : {}) });
    } finally {
      this.changed();
    }
  }

  /** What the server holds now of `id` (after a conflict): it replaces the item, or a 404 removes it. */
  private async refetch(id: string): Promise<void> {
    try {
      const current = await this.api.get(id);
      if (!this.stopped) this.store.upsert(current);
    } catch (error) {
      if (this.stopped || !(error instanceof RequestError) || error.status !== 404) return;
      this.store.applyDeleted(id);
    }
    this.requestCounts('catch-up');
    this.changed();
  }

  // ---- state, arrivals, errors, cache ----

  /** Cached items are history: never arrivals. */
  private markKnown(items: readonly Notification[]): void {
    for (const item of items) this.seen.add(item.seq);
  }

  /**
   * Items of a page load are history, not arrivals — up to `trusted`. One above it is new and has
   * not come by push or catch-up yet (its push may be on its way, or was missed): it stays unseen,
   * so that it arrives once by whichever comes, and it counts as known to exist (a gap if no push).
   */
  private markPaged(items: readonly Notification[]): void {
    const trusted = this.tracker.trusted;
    let highestNew = 0;
    for (const item of items) {
      if (trusted === undefined || item.seq <= trusted) this.seen.add(item.seq);
      else highestNew = Math.max(highestNew, item.seq);
    }
    if (highestNew > 0) {
      this.tracker.onLastSeq(highestNew);
      // Give its push a moment before the catch-up (which would find it too; either way once).
      clearTimeout(this.pagedGapTimer);
      this.pagedGapTimer = setTimeout(() => this.catchUp.kick(), PAGED_GAP_GRACE_MS);
    }
  }

  private emitArrival(arrival: Arrival): void {
    for (const listener of [...this.arrivalListeners]) {
      try {
        listener(arrival);
      } catch {
        // a listener's failure is the listener's
      }
    }
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.stopped || this.status === status) return;
    this.status = status;
    this.notify();
  }

  /** State changed in a way the cache keeps. */
  private changed(): void {
    this.notify();
    if (!this.cache || this.stopped || this.cacheTimer !== undefined) return;
    this.cacheTimer = setTimeout(() => {
      this.cacheTimer = undefined;
      this.saveCache();
    }, CACHE_SAVE_DELAY_MS);
  }

  private saveCache(): void {
    if (!this.cache || this.fromCache) return;
    const unfiltered = Object.keys(this.store.filter).length === 0;
    // Under a filter the list is not the inbox's head: keep the cached items, update the counts.
    const items = unfiltered ? this.store.items : (this.cache.load()?.items ?? []);
    this.cache.save(items, this.counts.value);
  }

  private notify(): void {
    this.snapshot = this.buildSnapshot();
    for (const listener of [...this.listeners]) {
      try {
        listener(this.snapshot);
      } catch {
        // a listener's failure is the listener's
      }
    }
  }

  private buildSnapshot(): InboxState {
    return {
      status: this.status,
      isLeader: this.isLeader,
      counts: this.counts.value,
      items: this.store.items,
      filter: this.store.filter,
      hasMore: this.store.hasMore,
      loading: !this.stopped && this.loadsRunning > 0,
      fromCache: this.fromCache,
      error: this.error,
    };
  }

  private reportPreferences(error: unknown): unknown {
    this.reportError(this.toError('preferences', error));
    return error;
  }

  private reportError(error: InboxError): void {
    try {
      this.options.onError?.(error);
    } catch {
      // the callback's failure is the callback's
    }
  }

  private toError(kind: InboxError['kind'], error: unknown): InboxError {
    const status = error instanceof RequestError ? error.status : undefined;
    const message = error instanceof Error ? error.message : String(error);
    return { kind: status === 401 ? 'auth' : kind, message, ...(status !== undefined ? { status } : {}) };
  }
}

function cleanFilter(filter: InboxFilter): InboxFilter {
  const clean: InboxFilter = {};
  if (filter.type) clean.type = filter.type;
  if (filter.isRead !== undefined) clean.isRead = filter.isRead;
  if (filter.conversationId) clean.conversationId = filter.conversationId;
  // false is the default shelf (the inbox), as absent: kept out so the inbox view is always `{}`-like.
  if (filter.archived) clean.archived = true;
  if (filter.snoozed) clean.snoozed = true;
  return clean;
}

function now(): string {
  return new Date().toISOString();
}

function defaultStorage(): Storage | undefined {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? undefined;
  } catch {
    return undefined; // access itself can throw (sandboxed frames)
  }
}
