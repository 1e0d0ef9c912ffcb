import { randomBytes } from 'node:crypto';

export interface CreatedNotification {
  id: string;
  seq: number;
  title: string;
  silent: boolean;
  priority: string;
  collapsedCount: number;
  snoozedUntil: string | null;
  archivedAt: string | null;
  seenAt: string | null;
  actedAction: string | null;
}

/** Calls the real service the way a producer and a user would (no browser involved). */
export class ServiceCalls {
  private producerToken: Promise<string> | null = null;

  constructor(private readonly apiUrl: () => string) {}

  async token(userId: string, roles: string[] = []): Promise<string> {
    const response = await fetch(`${this.apiUrl()}/dev/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId, roles }),
    });
    if (!response.ok) throw new Error(`POST /dev/token answered ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  }

  /** `POST /api/notifications` as the producer; fails the test unless it answers 201 created. */
  async create(userId: string, notification: Record<string, unknown>): Promise<CreatedNotification> {
    this.producerToken ??= this.token('e2e-producer', ['service']);
    const response = await fetch(`${this.apiUrl()}/api/notifications`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await this.producerToken}` },
      body: JSON.stringify({ type: 'new_message', ...notification, userId }),
    });
    const body = (await response.json()) as { status: string; notification: CreatedNotification };
    // 201 created, or 200 replaced (a collapse key: the same id, updated in place).
    const answered = `${response.status} ${body.status}`;
    if (answered !== '201 created' && answered !== '200 replaced') throw new Error(`create answered ${response.status} ${JSON.stringify(body)}`);
    return body.notification;
  }

  /** The user's notification as the service holds it now. */
  async get(userId: string, id: string): Promise<CreatedNotification> {
    const response = await this.asUser(userId, 'GET', `/api/notifications/${id}`);
    if (response.status !== 200) throw new Error(`GET ${id} answered ${response.status}`);
    return (await response.json()) as CreatedNotification;
  }

  async counts(userId: string): Promise<{ total: number; unread: number; unseen: number; archived: number; snoozed: number }> {
    return (await (await this.asUser(userId, 'GET', '/api/notifications/counts')).json()) as never;
  }

  async preferences(userId: string): Promise<{ pausedUntil: string | null; dnd: { timeZone: string } }> {
    return (await (await this.asUser(userId, 'GET', '/api/notifications/preferences')).json()) as never;
  }

  /**
   * Many creates titled `${prefix} #1` … `#count`, at most `concurrency` in flight (so seq order
   * need not follow the numbers); answers them sorted by seq, oldest first.
   */
  async createMany(userId: string, count: number, prefix: string, concurrency = 32): Promise<CreatedNotification[]> {
    const created: CreatedNotification[] = [];
    let next = 1;
    const worker = async () => {
      while (next <= count) {
        const n = next++;
        created.push(await this.create(userId, { title: `${prefix} #${n}` }));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
    return created.sort((a, b) => a.seq - b.seq);
  }

  /** A request as the user (their own inbox). */
  async asUser(userId: string, method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.apiUrl()}${path}`, {
      method,
      headers: { Authorization: `Bearer ${await this.token(userId)}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

/** A user id nobody else uses, so tests never see each other's notifications. */
export function freshUserId(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}`;
}

/** Polls `check` until it returns true or the deadline passes (no bare sleeps). */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 10_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((next) => setTimeout(next, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
