// Load driver for the Socket.IO baseline (the .NET load tool speaks SignalR, not socket.io).
// N users with live socket.io connections; producers create notifications at an open-loop rate
// (linear ramp, then steady); each notification carries { runId, sentAt } in `data`, sentAt in
// microseconds since the epoch, so delivery latency is send -> `notification` event on the same
// machine and clock. Reports throughput, percentiles, lost and duplicated, like tools/LoadTest.
// Every loop is bounded in count (--max-requests) and time (ramp + duration + drain).
import http from 'node:http';
import os from 'node:os';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { mint } from './jwt.mjs';

const HELP = `Socket.IO load driver: N users with live socket.io connections, producers creating
notifications at a target rate; reports delivery latency, loss and duplicates.

Usage: node load.mjs --url http://127.0.0.1:3000 [options]

Options:`;
const time = (v) => {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(String(v).trim());
  if (!m) throw new Error(`'${v}' is not a time (30, 30s, 500ms, 2m).`);
  const n = Number(m[1]);
  return m[2] === 'ms' ? n / 1000 : m[2] === 'm' ? n * 60 : n;
};
const int = (min, max) => (v) => {
  const n = Number(String(v).replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`'${v}' is not a whole number in [${min}, ${max}].`);
  return n;
};
const mix = (v) => {
  const m = { single: 0, batch: 0, read: 0 };
  for (const part of v.split(',').filter(Boolean)) {
    const [k, w] = part.split('=');
    if (!(k in m) || !/^\d+$/.test(w ?? '')) throw new Error(`--mix: '${part}' is not single|batch|read=weight.`);
    m[k] = Number(w);
  }
  if (m.single + m.batch === 0) throw new Error('--mix: at least one of single and batch must be above 0.');
  return m;
};
const TABLE = [
  ['--url', 'URL', 'Server base URL (loopback only unless --allow-remote).', 'url', (v) => new URL(v)],
  ['--users', 'N', 'Users, each with live connections (default 1000).', 'users', int(1, 100_000)],
  ['--connections-per-user', 'C', 'Connections per user, 1-10 (default 1).', 'connectionsPerUser', int(1, 10)],
  ['--rate', 'R', 'Operations/s from the mix (default 500).', 'rate', (v) => { const n = Number(v); if (!(n > 0 && n <= 1e6)) throw new Error(`--rate '${v}'`); return n; }],
  ['--duration', 'SEC', 'Steady phase after the ramp (default 30s).', 'duration', time],
  ['--ramp-up', 'SEC', 'Linear ramp of the rate from 0 (default 10s).', 'rampUp', time],
  ['--mix', 'MIX', 'Operation weights, e.g. single=90,batch=5,read=5 (the default).', 'mix', mix],
  ['--batch-size', 'K', 'Recipients per batch request, <= users (default 10).', 'batchSize', int(1, 10_000)],
  ['--payload-bytes', 'B', 'Content length (default 100; beyond 1000 padded into data).', 'payloadBytes', int(0, 9_000)],
  ['--seed', 'S', 'Seed of the random choices (default 1).', 'seed', int(-(2 ** 31), 2 ** 31 - 1)],
  ['--json', 'FILE', 'Also write every figure as JSON to FILE.', 'json', String],
  ['--allow-remote', null, 'Allow a target that is not a loopback address.', 'allowRemote', () => true],
  ['--max-requests', 'N', 'Hard bound on traffic requests (default 5000000).', 'maxRequests', int(1, 2 ** 31 - 1)],
  ['--max-in-flight', 'N', 'Traffic requests in flight at most (default 1000); beyond, ops are skipped.', 'maxInFlight', int(1, 100_000)],
  ['--producers', 'P', 'Producer identities with role service (default 4).', 'producers', int(1, 1000)],
  ['--connect-concurrency', 'N', 'Connections opened at once (default 64).', 'connectConcurrency', int(1, 10_000)],
  ['--connect-timeout', 'SEC', 'Bound on the connect phase (default 180s).', 'connectTimeout', time],
  ['--drain', 'SEC', 'Wait for outstanding deliveries after the last send (default 10s).', 'drain', time],
  ['--signing-key', 'KEY', 'HS256 key, >= 32 bytes (default: env Auth__SigningKey).', 'signingKey', String],
  ['--issuer', 'ISS', 'Token issuer (default notifications).', 'issuer', String],
  ['--audience', 'AUD', 'Token audience (default notifications).', 'audience', String],
  ['--user-prefix', 'P', 'User id prefix; the run id is appended (default sio).', 'userPrefix', String],
  ['--server-pid', 'PID', 'Sample CPU and RSS of this local process (repeatable).', 'serverPids', int(1, 2 ** 31 - 1)],
];

function parse(argv) {
  const o = {
    url: null, users: 1000, connectionsPerUser: 1, rate: 500, duration: 30, rampUp: 10,
    mix: { single: 90, batch: 5, read: 5 }, batchSize: 10, payloadBytes: 100, seed: 1, json: null,
    allowRemote: false, maxRequests: 5_000_000, maxInFlight: 1000, producers: 4, connectConcurrency: 64,
    connectTimeout: 180, drain: 10, signingKey: process.env.Auth__SigningKey ?? '', issuer: 'notifications',
    audience: 'notifications', userPrefix: 'sio', serverPids: [],
  };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (['--help', '-h', '-?'].includes(arg)) {
      console.log([HELP, ...TABLE.map(([n, v, h]) => `  ${(v ? `${n} ${v}` : n).padEnd(28)} ${h}`), '',
        'Exit codes: 0 all delivered, 1 lost or duplicated notifications, 2 bad arguments, 3 the run could not start.'].join('\n'));
      process.exit(0);
    }
    let inline = null;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) { inline = arg.slice(eq + 1); arg = arg.slice(0, eq); }
    const row = TABLE.find((r) => r[0] === arg);
    if (!row) throw new Error(`Unknown option '${arg}' (see --help).`);
    let value = '';
    if (row[1] !== null) {
      if (inline !== null) value = inline;
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new Error(`${arg} needs a value (${row[1]}).`);
    }
    const parsed = row[4](value);
    if (row[3] === 'serverPids') o.serverPids.push(parsed); else o[row[3]] = parsed;
  }
  if (!o.url) throw new Error('--url is required.');
  const loopback = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(o.url.hostname) || o.url.hostname.startsWith('127.');
  if (!loopback && !o.allowRemote) throw new Error(`${o.url} is not a loopback address; pass --allow-remote to load it anyway.`);
  if (Buffer.byteLength(o.signingKey, 'utf8') < 32) throw new Error('A signing key of at least 32 bytes is required (--signing-key or env Auth__SigningKey).');
  if (o.mix.batch > 0 && o.batchSize > o.users) throw new Error(`--batch-size ${o.batchSize} is more than --users ${o.users}.`);
  if (!/^[A-Za-z0-9_-]{1,20}$/.test(o.userPrefix)) throw new Error('--user-prefix: 1-20 characters of [A-Za-z0-9_-].');
  return o;
}

let options;
try { options = parse(process.argv.slice(2)); } catch (e) { console.error(e.message); process.exit(2); }
const o = options;

// ---- helpers -----------------------------------------------------------------------------------
const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let rngState = (o.seed >>> 0) || 1;
const rand = () => { rngState ^= rngState << 13; rngState >>>= 0; rngState ^= rngState >>> 17; rngState ^= rngState << 5; rngState >>>= 0; return rngState / 4294967296; };
const pick = (n) => Math.floor(rand() * n);

/** Latencies in ms, kept exactly (bounded) and sorted once at the end. */
class Recorder {
  constructor(cap = 20_000_000) { this.cap = cap; this.chunks = [new Float64Array(65536)]; this.n = 0; this.dropped = 0; }
  add(ms) {
    if (this.n >= this.cap) { this.dropped++; return; }
    const chunk = Math.floor(this.n / 65536);
    if (chunk === this.chunks.length) this.chunks.push(new Float64Array(65536));
    this.chunks[chunk][this.n % 65536] = ms;
    this.n++;
  }
  summary() {
    if (this.n === 0) return { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, p999Ms: 0, maxMs: 0 };
    const all = new Float64Array(this.n);
    let k = 0;
    for (const c of this.chunks) for (let i = 0; i < c.length && k < this.n; i++) all[k++] = c[i];
    all.sort();
    let sum = 0; for (const v of all) sum += v;
    const at = (p) => all[Math.min(this.n - 1, Math.max(0, Math.ceil((p / 100) * this.n) - 1))];
    const r = (v) => Math.round(v * 1000) / 1000;
    return { count: this.n, meanMs: r(sum / this.n), p50Ms: r(at(50)), p90Ms: r(at(90)), p99Ms: r(at(99)), p999Ms: r(at(99.9)), maxMs: r(all[this.n - 1]) };
  }
}

function procCpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch { return null; }
}
function procRssMb(pid, field = 'VmRSS') {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch { return null; }
}
function machineTicks() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  } catch { return null; }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: o.maxInFlight + 16 });
function request(method, path, token, body) {
  return new Promise((resolve) => {
    const payload = body === undefined ? null : Buffer.from(body);
    const req = http.request(new URL(path, o.url), {
      method, agent, timeout: 30_000,
      headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => resolve({ status: 0, error: e.code ?? e.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve({ status: 0, error: e.code ?? e.message }));
    if (payload) req.write(payload);
    req.end();
  });
}

// ---- run state ---------------------------------------------------------------------------------
const runId = randomBytes(4).toString('hex');
const startedAt = new Date();
const loadAverageAtStart = Math.round(os.loadavg()[0] * 100) / 100;
const tokenOptions = { issuer: o.issuer, audience: o.audience };
const userIds = Array.from({ length: o.users }, (_, i) => `${o.userPrefix}-${runId}-${i}`);
const userTokens = userIds.map((sub) => mint(o.signingKey, { sub, ...tokenOptions }));
const producerTokens = Array.from({ length: o.producers }, (_, i) => mint(o.signingKey, { sub: `${o.userPrefix}-${runId}-producer-${i}`, roles: ['service'], ...tokenOptions }));
const content = 'x'.repeat(Math.min(o.payloadBytes, 1000));
const pad = o.payloadBytes > 1000 ? 'p'.repeat(o.payloadBytes - 1000) : null;

const delivery = new Recorder();
const createAck = new Recorder();
const batchAck = new Recorder();
const statuses = {};
const status = (op, code) => { const k = `${op} ${code}`; statuses[k] = (statuses[k] ?? 0) + 1; };
const counters = { issued: 0, skipped: 0, errors: 0, created: 0, deliveries: 0, caughtUp: 0, foreign: 0, duplicated: 0 };
const conn = { requested: o.users * o.connectionsPerUser, opened: 0, failedToOpen: 0, openFailures: {}, withoutSnapshot: 0, drops: 0, reconnects: 0 };
const expectedIds = []; // [id, userIndex]
const connections = []; // per connection: { user, socket, live, steady, everDropped, received:Set, lastSeq }
const byUser = Array.from({ length: o.users }, () => []);
const lastReceived = new Array(o.users).fill(null);
let stopping = false;

async function catchUp(c) {
  // What a real client does after a reconnect: afterSeq from the last seq it saw (bounded pages).
  for (let page = 0; page < 100; page++) {
    const r = await request('GET', `api/notifications?limit=100&afterSeq=${c.lastSeq}`, userTokens[c.user]);
    status('catch-up', r.status || r.error);
    if (r.status !== 200) return;
    const list = JSON.parse(r.text);
    for (const n of list.items) {
      c.lastSeq = Math.max(c.lastSeq, n.seq);
      if (n.data?.runId === runId && !c.received.has(n.id)) { c.received.add(n.id); counters.caughtUp++; }
    }
    if (!list.hasMore || list.items.length === 0) return;
  }
}

function open(index, user) {
  return new Promise((resolve) => {
    const c = { index, user, live: false, steady: false, everDropped: false, received: new Set(), lastSeq: 0, opened: false };
    let snapshot;
    const snapshotSeen = new Promise((r) => { snapshot = r; });
    const socket = io(o.url.origin, {
      transports: ['websocket'], auth: { token: userTokens[user] }, forceNew: true, multiplex: false,
      reconnection: true, reconnectionDelay: 500, reconnectionDelayMax: 5000, reconnectionAttempts: 20, timeout: 20_000,
    });
    c.socket = socket;
    const failTimer = setTimeout(() => {
      if (!c.opened) {
        conn.failedToOpen++; conn.openFailures.timeout = (conn.openFailures.timeout ?? 0) + 1;
        socket.close(); resolve(c);
      }
    }, 30_000);
    socket.on('connect', () => {
      c.live = true;
      if (!c.opened) {
        c.opened = true; conn.opened++; clearTimeout(failTimer);
        // The server greets a connection with a counts snapshot once it joined its room.
        Promise.race([snapshotSeen.then(() => true), sleep(10_000).then(() => false)]).then((ok) => {
          if (!ok) conn.withoutSnapshot++;
          resolve(c);
        });
      } else {
        conn.reconnects++;
        void catchUp(c);
      }
    });
    socket.on('connect_error', (e) => {
      if (!c.opened && !socket.active) {
        clearTimeout(failTimer);
        conn.failedToOpen++; conn.openFailures[e.message] = (conn.openFailures[e.message] ?? 0) + 1;
        resolve(c);
      }
    });
    socket.on('disconnect', () => {
      if (stopping) return;
      c.live = false; c.everDropped = true; c.steady = false; conn.drops++;
    });
    socket.on('notification:counts', () => snapshot());
    socket.on('notification', (n) => {
      const at = nowUs();
      if (n?.data?.runId !== runId) { counters.foreign++; return; }
      c.lastSeq = Math.max(c.lastSeq, n.seq);
      if (c.received.has(n.id)) { counters.duplicated++; return; }
      c.received.add(n.id);
      lastReceived[c.user] = n.id;
      counters.deliveries++;
      delivery.add((at - n.data.sentAt) / 1000);
    });
    connections.push(c);
    byUser[user].push(c);
  });
}

// ---- connect -----------------------------------------------------------------------------------
const samplers = o.serverPids.map((pid) => ({ role: 'server', pid, cpu0: procCpuSeconds(pid), peakRss: procRssMb(pid) ?? 0 }));
samplers.push({ role: 'load driver', pid: process.pid, cpu0: procCpuSeconds(process.pid), peakRss: procRssMb(process.pid) ?? 0 });
const sampleTimer = setInterval(() => { for (const s of samplers) s.peakRss = Math.max(s.peakRss, procRssMb(s.pid) ?? 0); }, 1000);

const t0 = performance.now();
{
  const live = await fetchLive();
  if (!live) finish(`${o.url} did not answer GET /health/live`);
  const jobs = [];
  for (let u = 0; u < o.users; u++) for (let k = 0; k < o.connectionsPerUser; k++) jobs.push([jobs.length, u]);
  let next = 0;
  const deadline = performance.now() + o.connectTimeout * 1000;
  const worker = async () => { while (next < jobs.length && performance.now() < deadline) { const [i, u] = jobs[next++]; await open(i, u); } };
  await Promise.all(Array.from({ length: Math.min(o.connectConcurrency, jobs.length) }, worker));
}
const connectSeconds = (performance.now() - t0) / 1000;
if (conn.opened === 0) finish('no connection opened');

async function fetchLive() {
  for (let i = 0; i < 20; i++) {
    const r = await request('GET', 'health/live', 'none');
    if (r.status === 200) return true;
    await sleep(250);
  }
  return false;
}

// ---- traffic (open loop) -----------------------------------------------------------------------
for (const c of connections) c.steady = c.live;
const cpuStart = samplers.map((s) => procCpuSeconds(s.pid));
const machineStart = machineTicks();
const total = o.mix.single + o.mix.batch + o.mix.read;
let inFlight = 0;
let producerTurn = 0;

function envelope(sentAt) {
  const data = pad ? { runId, sentAt, pad } : { runId, sentAt };
  return { type: 'new_message', title: 'Load test', senderId: 'load-producer', content, data };
}
function distinctUsers(k) {
  const set = new Set();
  for (let guard = 0; set.size < k && guard < k * 50; guard++) set.add(pick(o.users));
  return [...set];
}

async function operation() {
  const draw = pick(total);
  const token = producerTokens[producerTurn++ % producerTokens.length];
  const sentAt = nowUs();
  if (draw < o.mix.single) {
    const u = pick(o.users);
    const r = await request('POST', 'api/notifications', token, JSON.stringify({ userId: userIds[u], ...envelope(sentAt) }));
    createAck.add((nowUs() - sentAt) / 1000);
    status('single', r.status || r.error);
    if (r.status === 201) { counters.created++; expectedIds.push([JSON.parse(r.text).notification.id, u]); } else counters.errors++;
  } else if (draw < o.mix.single + o.mix.batch) {
    const users = distinctUsers(o.batchSize);
    const r = await request('POST', 'api/notifications/batch', token, JSON.stringify({ userIds: users.map((u) => userIds[u]), notification: envelope(sentAt) }));
    batchAck.add((nowUs() - sentAt) / 1000);
    status('batch', r.status || r.error);
    if (r.status === 200) {
      const body = JSON.parse(r.text);
      body.results.forEach((x, i) => { if (x.status === 'created') { counters.created++; expectedIds.push([x.id, users[i]]); } });
    } else counters.errors++;
  } else {
    // As tools/LoadTest: 40 % list, 40 % counts, 20 % mark read (the user's last received one).
    const u = pick(o.users);
    const draw5 = pick(5);
    const last = lastReceived[u];
    const op = draw5 <= 1 ? 'list' : draw5 === 4 && last ? 'mark-read' : 'counts';
    const r = op === 'list' ? await request('GET', 'api/notifications?limit=20', userTokens[u])
      : op === 'counts' ? await request('GET', 'api/notifications/counts', userTokens[u])
      : await request('PATCH', `api/notifications/${encodeURIComponent(last)}/read`, userTokens[u]);
    status(op, r.status || r.error);
    if (r.status !== 200) counters.errors++;
  }
}

const trafficStart = performance.now();
const trafficEnd = trafficStart + (o.rampUp + o.duration) * 1000;
const steadyStart = trafficStart + o.rampUp * 1000;
let createdAtSteadyStart = null, deliveriesAtSteadyStart = null, issuedAtSteadyStart = null;
const due = (t) => {
  const s = (t - trafficStart) / 1000;
  return s < o.rampUp ? (o.rate * s * s) / (2 * o.rampUp) : (o.rate * o.rampUp) / 2 + o.rate * (s - o.rampUp);
};
let scheduled = 0;
const pending = new Set();
let lastProgress = trafficStart;
while (performance.now() < trafficEnd && counters.issued + counters.skipped < o.maxRequests) {
  const now = performance.now();
  if (createdAtSteadyStart === null && now >= steadyStart) {
    createdAtSteadyStart = counters.created; deliveriesAtSteadyStart = counters.deliveries; issuedAtSteadyStart = counters.issued;
  }
  const target = Math.min(Math.floor(due(now)), o.maxRequests);
  while (scheduled < target) {
    scheduled++;
    if (inFlight >= o.maxInFlight) { counters.skipped++; continue; }
    counters.issued++; inFlight++;
    const p = operation().catch(() => { counters.errors++; }).finally(() => { inFlight--; pending.delete(p); });
    pending.add(p);
  }
  if (now - lastProgress >= 5000) {
    lastProgress = now;
    process.stderr.write(`  t=${((now - trafficStart) / 1000).toFixed(0)}s issued ${counters.issued} created ${counters.created} delivered ${counters.deliveries} in flight ${inFlight}\n`);
  }
  await sleep(1);
}
const trafficSeconds = (performance.now() - trafficStart) / 1000;
const steadyEndCreated = counters.created, steadyEndDeliveries = counters.deliveries, steadyEndIssued = counters.issued;
await Promise.race([Promise.allSettled([...pending]), sleep(35_000)]);

// ---- drain -------------------------------------------------------------------------------------
const drainStart = performance.now();
const steadyExpected = () => {
  let n = 0;
  for (const [, u] of expectedIds) for (const c of byUser[u]) if (c.steady) n++;
  return n;
};
const expectedTotal = steadyExpected();
while (performance.now() - drainStart < o.drain * 1000) {
  let got = 0;
  for (const c of connections) if (c.steady) got += c.received.size;
  if (got >= expectedTotal) break;
  await sleep(100);
}
const drainSeconds = (performance.now() - drainStart) / 1000;
const cpuEnd = samplers.map((s) => procCpuSeconds(s.pid));
const machineEnd = machineTicks();
finish(null);

// ---- report ------------------------------------------------------------------------------------
function finish(setupError) {
  stopping = true;
  clearInterval(sampleTimer);
  const expectedOnline = typeof expectedIds === 'undefined' ? [] : expectedIds;
  let expected = 0, lost = 0, expectedRe = 0, missingRe = 0;
  const lostSamples = [];
  for (const [id, u] of expectedOnline) {
    for (const c of byUser[u]) {
      if (c.steady) { expected++; if (!c.received.has(id)) { lost++; if (lostSamples.length < 5) lostSamples.push(`${id} -> ${userIds[u]}`); } } else if (c.opened) { expectedRe++; if (!c.received.has(id)) missingRe++; }
    }
  }
  const steadySeconds = setupError ? 0 : Math.max(0.001, trafficSeconds - o.rampUp);
  const per = (a, b) => (setupError || a === null ? 0 : Math.round(((b - a) / steadySeconds) * 10) / 10);
  const processes = samplers.map((s, i) => {
    const cpu = setupError ? null : cpuEnd?.[i] != null && cpuStart?.[i] != null ? cpuEnd[i] - cpuStart[i] : null;
    return { role: s.role, pid: s.pid, available: cpu !== null, cpuSeconds: cpu ?? 0, averageCpuPercent: cpu !== null ? Math.round((cpu / trafficSeconds) * 1000) / 10 : 0, peakRssMb: Math.round(s.peakRss), highWaterRssMb: Math.round(procRssMb(s.pid, 'VmHWM') ?? 0) };
  });
  const machineCpuPercent = !setupError && machineStart && machineEnd
    ? Math.round((1 - (machineEnd.idle - machineStart.idle) / (machineEnd.total - machineStart.total)) * 1000) / 10 : null;
  const result = {
    tool: 'bench/SocketIo/load.mjs', target: 'socket.io 4.8.4', runId, startedAt: startedAt.toISOString(),
    settings: { urls: [o.url.href], users: o.users, connectionsPerUser: o.connectionsPerUser, rate: o.rate, durationSeconds: o.duration, rampUpSeconds: o.rampUp, mix: `single=${o.mix.single},batch=${o.mix.batch},read=${o.mix.read}`, batchSize: o.batchSize, payloadBytes: o.payloadBytes, seed: o.seed, producers: o.producers, maxInFlight: o.maxInFlight },
    setupError, interrupted: false,
    phases: { connectSeconds: round(connectSeconds), trafficSeconds: round(setupError ? 0 : trafficSeconds), steadySeconds: round(setupError ? 0 : steadySeconds), drainSeconds: round(setupError ? 0 : drainSeconds) },
    traffic: {
      requestsIssued: counters.issued, requestsSkipped: counters.skipped, errors: counters.errors, notificationsCreated: counters.created,
      deliveries: counters.deliveries, deliveredByCatchUp: counters.caughtUp, foreignNotifications: counters.foreign,
      requestsPerSecond: setupError ? 0 : per(issuedAtSteadyStart, steadyEndIssued), createdPerSecond: setupError ? 0 : per(createdAtSteadyStart, steadyEndCreated), deliveredPerSecond: setupError ? 0 : per(deliveriesAtSteadyStart, steadyEndDeliveries),
    },
    deliveryLatency: delivery.summary(), createAckTime: createAck.summary(), batchAckTime: batchAck.summary(),
    httpStatuses: statuses,
    connections: { requested: conn.requested, opened: conn.opened, failedToOpen: conn.failedToOpen, openFailures: conn.openFailures, withoutSnapshot: conn.withoutSnapshot, drops: conn.drops, reconnects: conn.reconnects, closedForGood: connections.filter((c) => c.opened && !c.live).length, caughtUpNotifications: counters.caughtUp, steadyConnections: connections.filter((c) => c.steady).length },
    loss: { expected, lost, expectedOnReconnected: expectedRe, missingOnReconnected: missingRe, lostSamples },
    duplicated: counters.duplicated, processes, machineCpuPercent, loadAverageAtStart,
  };
  result.exitCode = setupError ? 3 : lost > 0 || counters.duplicated > 0 ? 1 : 0;
  console.log(summary(result));
  if (o.json) fs.writeFileSync(o.json, JSON.stringify(result, null, 2));
  for (const c of connections) c.socket?.close();
  agent.destroy();
  process.exit(result.exitCode);
}

function round(v) { return Math.round(v * 10) / 10; }

function summary(r) {
  const row = (n, v) => `  ${n.padEnd(30)} ${v}`;
  const lat = (n, l) => row(n, l.count === 0 ? '-' : `p50 ${l.p50Ms.toFixed(1)}  p90 ${l.p90Ms.toFixed(1)}  p99 ${l.p99Ms.toFixed(1)}  p99.9 ${l.p999Ms.toFixed(1)}  max ${l.maxMs.toFixed(1)} ms  (n=${l.count})`);
  const s = r.settings, t = r.traffic, k = r.connections;
  const lines = [
    `Run ${r.runId}  ${r.startedAt}  (${r.target})`,
    row('target', s.urls.join(', ')),
    row('settings', `${s.users} users x ${s.connectionsPerUser} conn, rate ${s.rate}/s, mix ${s.mix}, batch ${s.batchSize}, payload ${s.payloadBytes} B`),
    row('phases (s)', `connect ${r.phases.connectSeconds}, traffic ${r.phases.trafficSeconds} (steady ${r.phases.steadySeconds}), drain ${r.phases.drainSeconds}`),
  ];
  if (r.setupError) lines.push(row('SETUP ERROR', r.setupError));
  lines.push('Throughput (steady phase)',
    row('requests/s', `${t.requestsPerSecond}  (issued ${t.requestsIssued}, skipped ${t.requestsSkipped}, errors ${t.errors})`),
    row('notifications created/s', `${t.createdPerSecond}  (acknowledged ${t.notificationsCreated})`),
    row('deliveries/s', `${t.deliveredPerSecond}  (pushed ${t.deliveries}, by catch-up ${t.deliveredByCatchUp})`),
    'Latency', lat('delivery (send -> event)', r.deliveryLatency), lat('single create ack (201)', r.createAckTime), lat('batch ack (200)', r.batchAckTime),
    'Correctness',
    row('LOST', `${r.loss.lost} of ${r.loss.expected} expected deliveries on steady connections`),
    row('DUPLICATED', String(r.duplicated)),
    row('reconnected: missing', `${r.loss.missingOnReconnected} of ${r.loss.expectedOnReconnected} after catch-up`),
    ...r.loss.lostSamples.map((x) => row('  lost e.g.', x)),
    'Connections',
    row('opened / requested', `${k.opened} / ${k.requested}  (steady ${k.steadyConnections}, no snapshot ${k.withoutSnapshot})`),
    row('failures', `failed to open ${k.failedToOpen}, dropped ${k.drops}, reconnected ${k.reconnects}`),
    ...Object.entries(k.openFailures).map(([why, n]) => row('  open failure', `${n} x ${why}`)),
    'HTTP', ...Object.entries(r.httpStatuses).map(([key, n]) => row(`  ${key}`, String(n))),
    'Processes (CPU in % of one core)',
    ...r.processes.map((p) => row(`${p.role} (pid ${p.pid})`, p.available ? `avg cpu ${p.averageCpuPercent}% (${p.cpuSeconds.toFixed(1)} s), peak rss ${p.peakRssMb} MB (hwm ${p.highWaterRssMb} MB)` : 'not readable')),
    row('machine', `busy ${r.machineCpuPercent ?? '-'}% of all ${os.cpus().length} cores; load average at start ${r.loadAverageAtStart}`),
    r.exitCode === 0 ? (k.steadyConnections === 0 ? 'RESULT: no connection stayed up the whole run, so loss could not be measured.' : 'RESULT: every acknowledged notification reached every steady connection exactly once.')
      : r.exitCode === 1 ? 'RESULT: FAILED - notifications were lost or duplicated.' : 'RESULT: the run could not start.');
  return lines.join('\n');
}
