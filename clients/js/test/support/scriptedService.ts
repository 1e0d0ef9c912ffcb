/**
 * For unit tests of the client without the Api: `fetch` answered in-process by routes the test
 * sets, over a list and counts the test owns; every request recorded. Answers can be held until
 * the test releases them, to look at the optimistic state in between.
 */
import type { Counts, Notification } from '../../src/types.js';
import { counts as emptyCounts } from './notifications.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

export interface Answer {
  status: number;
  body?: unknown;
}

type Handler = (request: RecordedRequest) => Answer | Promise<Answer>;

const isInInbox = (item: Notification) => item.archivedAt === null && item.snoozedUntil === null;

export class ScriptedService {
  readonly requests: RecordedRequest[] = [];
  /** The server's notifications, any order; lists answer from them. */
  items: Notification[] = [];
  counts: Counts = emptyCounts();
  private readonly routes: { method: string; path: string | RegExp; handler: Handler }[] = [];

  constructor() {
    this.on('GET', '/api/notifications/counts', () => ({ status: 200, body: this.counts }));
    this.on('GET', '/api/notifications', ({ query }) => {
      const afterSeq = query.get('afterSeq');
      if (afterSeq !== null) {
        const found = this.items.filter((item) => isInInbox(item) && item.seq > Number(afterSeq)).sort((a, b) => a.seq - b.seq);
        return { status: 200, body: { items: found, hasMore: false, nextCursor: null } };
      }
      const archived = query.get('archived') === 'true';
      const snoozed = query.get('snoozed') === 'true';
      const shelf = this.items
        .filter((item) => (item.archivedAt !== null) === archived && (item.snoozedUntil !== null) === snoozed)
        .sort((a, b) => b.seq - a.seq);
      return { status: 200, body: { items: shelf, hasMore: false, nextCursor: null } };
    });
  }

  /** Sets the server's notifications and counts them as the server does (API.md v2, "Counts"). */
  setItems(items: Notification[]): void {
    this.items = items;
    const counts = emptyCounts({ lastSeq: Math.max(this.counts.lastSeq, ...items.map((item) => item.seq)) });
    for (const item of items) {
      if (item.archivedAt !== null) counts.archived++;
      else if (item.snoozedUntil !== null) counts.snoozed++;
      else {
        counts.total++;
        if (item.seenAt === null) counts.unseen++;
        if (!item.isRead) {
          counts.unread++;
          const byType = counts.byType as Record<string, number>;
          const byPriority = counts.byPriority as Record<string, number>;
          byType[item.type] = (byType[item.type] ?? 0) + 1;
          byPriority[item.priority] = (byPriority[item.priority] ?? 0) + 1;
        }
      }
    }
    this.counts = counts;
  }

  /** Answers `method path` (an exact path or a pattern); a later route for the same request wins. */
  on(method: string, path: string | RegExp, handler: Handler): void {
    this.routes.unshift({ method, path, handler });
  }

  /** Answers the next matching request only when `release` is called (with the answer to give). */
  hold(method: string, path: string | RegExp): { release(answer: Answer): void; requested: Promise<RecordedRequest> } {
    let release: (answer: Answer) => void = () => undefined;
    let requested: (request: RecordedRequest) => void = () => undefined;
    const answer = new Promise<Answer>((resolve) => (release = resolve));
    const seen = new Promise<RecordedRequest>((resolve) => (requested = resolve));
    this.on(method, path, (request) => {
      requested(request);
      return answer;
    });
    return { release: (value) => release(value), requested: seen };
  }

  /** The requests made to `method path` so far. */
  made(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && request.path === path);
  }

  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init.method ?? 'GET';
    const request: RecordedRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    this.requests.push(request);
    const route = this.routes.find(
      (candidate) => candidate.method === method && (typeof candidate.path === 'string' ? candidate.path === url.pathname : candidate.path.test(url.pathname)),
    );
    const answer = route ? await route.handler(request) : { status: 404, body: problem(404, 'no route in the test') };
    const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
    const type = answer.status >= 400 ? 'application/problem+json' : 'application/json';
    return new Response(answer.status === 204 ? null : text, { status: answer.status, headers: { 'Content-Type': type } });
  };
}

export function problem(status: number, detail: string, errors?: Record<string, string[]>): unknown {
  return { type: 'about:blank', title: detail, status, detail, ...(errors ? { errors } : {}) };
}
