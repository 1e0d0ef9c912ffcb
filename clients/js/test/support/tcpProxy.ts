/**
 * A real TCP proxy between the client and the Api, for controlled failures of the client's side:
 * `cutAll()` destroys every open socket (the hub's WebSocket included), `refuse(true)` resets
 * every new connection at once (HTTP requests fail with a network error), and `failRequests`
 * resets the connection of the next N requests whose request line matches (read from the first
 * bytes of each chunk the client sends: with keep-alive, every request starts a chunk). It logs
 * every request line it saw, so tests can tell how often the client tried.
 */
import net from 'node:net';

export type FailAction = 'reset' | 'hang' | string;

export class TcpProxy {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private refusing = false;
  /** Connections reset while refusing. */
  refusedConnections = 0;
  /** Connections forwarded to the Api. */
  acceptedConnections = 0;
  port = 0;
  /** `METHOD /path?query` of every HTTP request that passed or was failed, in order. */
  readonly requests: string[] = [];
  private failRule: { matches: (requestLine: string) => boolean; remaining: number; action: FailAction } | undefined;

  constructor(private readonly targetPort: () => number) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = net.createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  /** While true, every new connection is reset as soon as it is accepted. */
  refuse(on: boolean): void {
    this.refusing = on;
  }

  /**
   * The next `times` requests whose `METHOD /path?query` matches fail: by default their
   * connection is reset; `hang` forwards nothing and answers nothing (a timeout); a string is
   * written back as the raw HTTP answer (e.g. a 429 with Retry-After) instead of forwarding.
   */
  failRequests(matches: (requestLine: string) => boolean, times: number, action: FailAction = 'reset'): void {
    this.failRule = { matches, remaining: times, action };
  }

  /** Back to a clean state between tests: accepting, failing nothing, nothing logged, no sockets. */
  reset(): void {
    this.refusing = false;
    this.failRule = undefined;
    this.requests.length = 0;
    this.refusedConnections = 0;
    this.acceptedConnections = 0;
    this.cutAll();
  }

  /** How many of the logged requests match. */
  count(matches: (requestLine: string) => boolean): number {
    return this.requests.filter(matches).length;
  }

  /** Destroys every open connection, both ways. */
  cutAll(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async stop(): Promise<void> {
    this.cutAll();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.refusing) {
      this.refusedConnections++;
      client.resetAndDestroy();
      return;
    }
    this.acceptedConnections++;
    const upstream = net.connect(this.targetPort(), '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.on('data', (chunk: Buffer) => {
      const requestLine = /^([A-Z]+ \S+) HTTP\/1\.1\r\n/.exec(chunk.toString('latin1', 0, 2048))?.[1];
      if (requestLine !== undefined) {
        this.requests.push(requestLine);
        if (this.failRule && this.failRule.remaining > 0 && this.failRule.matches(requestLine)) {
          this.failRule.remaining--;
          const action = this.failRule.action;
          if (action === 'reset') {
            client.resetAndDestroy();
            close();
          } else if (action === 'hang') {
            client.removeAllListeners('data'); // swallow this request and whatever follows on the socket
            client.on('data', () => undefined);
          } else {
            client.end(action);
            upstream.destroy();
          }
          return;
        }
      }
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    upstream.pipe(client);
  }
}
