/**
 * Starts the real Notifications Api (the built Release dll) for a test file: free loopback ports,
 * a throwaway SQLite file, a fixed signing key (so a restarted process accepts old tokens).
 * `stop()` / `start()` again on the same port and db file is how tests take it down and back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Counts, Notification, NotificationType } from '../../src/types.js';
import { freePort } from './ports.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const apiDll =
  process.env.NOTIFICATIONS_API_DLL ?? path.join(repoRoot, 'src/Api/bin/Release/net10.0/Notifications.Api.dll');
const SIGNING_KEY = 'client-library-tests-signing-key-0123456789';
const READY_DEADLINE_MS = 60_000;

export interface CreateFields {
  type?: NotificationType;
  title?: string;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  conversationId?: string;
  messageId?: string;
  collapseKey?: string;
  actions?: { id: string; label: string; url?: string }[];
}

export class RealApi {
  readonly dataDir = mkdtempSync(path.join(tmpdir(), 'notifications-client-test-'));
  port = 0;
  private siloPort = 0;
  private gatewayPort = 0;
  private process: ChildProcess | undefined;
  private output = '';
  private readonly tokens = new Map<string, string>();

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!existsSync(apiDll)) throw new Error(`build first: dotnet build src/Api -c Release (missing ${apiDll})`);
    if (this.port === 0) {
      this.port = await freePort();
      this.siloPort = await freePort();
      this.gatewayPort = await freePort();
    }
    this.output = '';
    const child = spawn('dotnet', [apiDll], {
      cwd: path.join(repoRoot, 'src/Api'),
      env: {
        ...process.env,
        ASPNETCORE_ENVIRONMENT: 'Development',
        ASPNETCORE_URLS: this.baseUrl,
        Storage__SqlitePath: path.join(this.dataDir, 'n.db'),
        Auth__SigningKey: SIGNING_KEY,
        Cluster__SiloPort: String(this.siloPort),
        Cluster__GatewayPort: String(this.gatewayPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const deadline = Date.now() + READY_DEADLINE_MS;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the Api exited with ${child.exitCode}:\n${this.output}`);
      try {
        const response = await fetch(`${this.baseUrl}/health/ready`);
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await this.stop();
    throw new Error(`the Api was not ready within ${READY_DEADLINE_MS} ms:\n${this.output}`);
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  /** SIGKILL: the process dies at once (a crash; what it had stored durably stays). */
  async crash(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Stops the process and removes its data. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async token(userId: string, roles: string[] = []): Promise<string> {
    const key = `${userId}|${roles.join(',')}`;
    const known = this.tokens.get(key);
    if (known) return known;
    const response = await fetch(`${this.baseUrl}/dev/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId, roles }),
    });
    if (!response.ok) throw new Error(`/dev/token answered ${response.status}`);
    const { token } = (await response.json()) as { token: string };
    this.tokens.set(key, token);
    return token;
  }

  /** Creates one notification for `userId` as the producer (201 created, or 200 replaced by its collapse key). */
  async create(userId: string, fields: CreateFields = {}): Promise<Notification> {
    const { status, body } = await this.asProducer<{ status: string; notification: Notification }>('/api/notifications', {
      userId,
      type: 'user_mentioned',
      title: 'Hello',
      ...fields,
    });
    const expected = body.status === 'replaced' ? 200 : 201;
    if (status !== expected || !body.notification) throw new Error(`create answered ${status}: ${JSON.stringify(body)}`);
    return body.notification;
  }

  /** A POST as the producer (role service). */
  async asProducer<T>(pathAndQuery: string, body: unknown): Promise<{ status: number; body: T }> {
    const token = await this.token('producer', ['service']);
    const response = await fetch(`${this.baseUrl}${pathAndQuery}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  /** A request as the user, outside the client under test (the server's truth, or "another device"). */
  async asUser<T>(userId: string, method: string, pathAndQuery: string, body?: unknown): Promise<{ status: number; body: T }> {
    const token = await this.token(userId);
    const response = await fetch(`${this.baseUrl}${pathAndQuery}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async counts(userId: string): Promise<Counts> {
    const { status, body } = await this.asUser<Counts>(userId, 'GET', '/api/notifications/counts');
    if (status !== 200) throw new Error(`counts answered ${status}`);
    return body;
  }

  /** Every notification of the user on one shelf (default the inbox; `archived=true`, `snoozed=true`), newest first. */
  async all(userId: string, shelf = ''): Promise<Notification[]> {
    const items: Notification[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/notifications?limit=100${shelf ? `&${shelf}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const { body } = await this.asUser<{ items: Notification[]; nextCursor: string | null }>(userId, 'GET', query);
      items.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    return items;
  }
}

/** A user id no other test uses. */
export function freshUser(prefix = 'u'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
