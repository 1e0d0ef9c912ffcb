import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const lowest = 10_000;
const attempts = 200;
const handedOut = new Set<number>();

/**
 * A loopback port for a server a test starts, free when chosen.
 *
 * A port probed with listen(0) comes from the kernel's ephemeral range, the range every outgoing
 * connection takes its source port from: between the probe and the Api's own bind, any connect()
 * on the machine (the co-hosted silo dialing its gateway, the browser) can take it, and the Api
 * dies with "address already in use" (CI saw exactly that). Below the range only another listener
 * can take a port, so ports are drawn there at random, never twice in a run, and checked free.
 * Restarting a server on the same port relies on this too.
 */
export async function freePort(): Promise<number> {
  const ceiling = ephemeralRangeStart();
  if (ceiling - lowest >= 1_000) {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const port = lowest + Math.floor(Math.random() * (ceiling - lowest));
      if (handedOut.has(port)) continue;
      handedOut.add(port);
      if ((await tryListen(port)) !== null) return port;
    }
  }
  // A machine whose ephemeral range starts too low for the above: the kernel's choice.
  const port = await tryListen(0);
  if (port === null) throw new Error('no free loopback port');
  return port;
}

/** Listens on the port and releases it at once; the port bound, or null when it was taken. */
function tryListen(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = address !== null && typeof address !== 'string' ? address.port : null;
      server.close(() => resolve(bound));
    });
  });
}

function ephemeralRangeStart(): number {
  try {
    const start = Number.parseInt(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0] ?? '', 10);
    return Number.isFinite(start) ? start : 49_152;
  } catch {
    // IANA's dynamic range: what Windows and macOS use.
    return 49_152;
  }
}
