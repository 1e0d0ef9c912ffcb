import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './ports';

const repoRoot = resolve(import.meta.dirname, '../../..');
const apiDll = process.env.NOTIFICATIONS_API_DLL ?? join(repoRoot, 'src/Api/bin/Release/net10.0/Notifications.Api.dll');
/** Fixed so that a restarted process accepts the tokens minted before the restart. */
const signingKey = 'web-e2e-signing-key-0123456789-abcdefghijklmnop';
const readyDeadlineMs = 60_000;

/**
 * The real service (the built Api dll, Development, co-hosted silo, SQLite in a temp dir) on free
 * loopback ports. `stop()` and `start()` again reuse the same ports and database, which is how tests
 * take the service away and bring it back.
 */
export class ApiServer {
  private process: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly siloPort: number,
    private readonly gatewayPort: number,
    private readonly dataDir: string,
  ) {}

  static async create(): Promise<ApiServer> {
    if (!existsSync(apiDll)) throw new Error(`build first: dotnet build src/Api -c Release (missing ${apiDll})`);
    const dataDir = mkdtempSync(join(tmpdir(), 'notifications-web-e2e-'));
    return new ApiServer(await freePort(), await freePort(), await freePort(), dataDir);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process !== null;
  }

  async start(): Promise<void> {
    if (this.process) return;
    this.output = '';
    const child = spawn('dotnet', [apiDll], {
      cwd: join(repoRoot, 'src/Api'),
      env: {
        ...process.env,
        ASPNETCORE_ENVIRONMENT: 'Development',
        ASPNETCORE_URLS: this.url,
        Storage__SqlitePath: join(this.dataDir, 'n.db'),
        Auth__SigningKey: signingKey,
        Cluster__SiloPort: String(this.siloPort),
        Cluster__GatewayPort: String(this.gatewayPort),
        Logging__LogLevel__Default: 'Warning',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.process = child;
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`the Api exited (${code}) before it was ready:\n${this.output}`))),
    );
    await Promise.race([this.waitUntilReady(), exited]);
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + readyDeadlineMs;
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`${this.url}/health/ready`, { signal: AbortSignal.timeout(2000) });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((next) => setTimeout(next, 200));
    }
    throw new Error(`the Api was not ready within ${readyDeadlineMs / 1000} s:\n${this.output}`);
  }
}
