// Socket.IO baseline: the service's fan-out with nothing behind it but a Map.
//   POST /api/notifications, POST /api/notifications/batch (role service), GET /api/notifications
//   (recent ring, afterSeq), GET /api/notifications/counts, PATCH /api/notifications/:id/read,
//   GET /health/live; socket.io clients authenticate with auth.token or ?access_token=, join the
//   room "u:<sub>" and receive `notification` then `notification:counts`.
// Env: Auth__SigningKey (>= 32 bytes, required), Auth__Issuer, Auth__Audience, PORT (default 0 =
// any free port), HOST (default 127.0.0.1; loopback only). Prints "listening http://HOST:PORT".
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { Server } from 'socket.io';
import { verify } from './jwt.mjs';

const key = process.env.Auth__SigningKey ?? '';
if (Buffer.byteLength(key, 'utf8') < 32) {
  console.error('Auth__SigningKey (at least 32 bytes) is required.');
  process.exit(2);
}
const issuer = process.env.Auth__Issuer ?? 'notifications';
const audience = process.env.Auth__Audience ?? 'notifications';
const host = process.env.HOST ?? '127.0.0.1';
if (!['127.0.0.1', '::1', 'localhost'].includes(host)) {
  console.error(`HOST ${host} is not a loopback address.`);
  process.exit(2);
}
const port = Number(process.env.PORT ?? 0);
const MAX_BODY = 1_048_576;
const RECENT = 32; // recent notifications kept per user, as in bench/BareSignalR

const DEFAULT_PRIORITY = {
  new_message: 'normal', message_reply: 'normal', user_mentioned: 'normal', message_reaction: 'low',
  contact_request: 'high', contact_accepted: 'normal', new_conversation_direct: 'normal',
  new_conversation_group: 'normal', member_joined: 'low', missed_call: 'high', system: 'normal',
};

/** userId -> { seq, total, unread, byType, byPriority, recent[] } */
const inboxes = new Map();
const inbox = (userId) => {
  let i = inboxes.get(userId);
  if (!i) inboxes.set(userId, (i = { seq: 0, total: 0, unread: 0, byType: {}, byPriority: {}, recent: new Array(RECENT) }));
  return i;
};
const bump = (counts, k, d) => { const v = (counts[k] ?? 0) + d; if (v === 0) delete counts[k]; else counts[k] = v; };
const countsOf = (i) => ({ total: i.total, unread: i.unread, byType: { ...i.byType }, byPriority: { ...i.byPriority }, lastSeq: i.seq });

/** UUID v7 as 32 hex digits, like the service's ids (time-ordered). */
function newId(ms) {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  return b.toString('hex');
}

const str = (v) => (typeof v === 'string' ? v : null);
const iso = (ms) => new Date(ms).toISOString(); // yyyy-MM-ddTHH:mm:ss.fffZ

function draftOf(body) {
  if (!body || typeof body !== 'object' || typeof body.type !== 'string' || body.type === '') return null;
  return body;
}

function createOne(userId, d) {
  const i = inbox(userId);
  const now = Date.now();
  const seq = ++i.seq;
  const n = {
    id: newId(now), userId, seq, type: d.type,
    title: str(d.title) || 'New notification', content: str(d.content),
    priority: str(d.priority) ?? DEFAULT_PRIORITY[d.type] ?? 'normal',
    isRead: false, readAt: null, createdAt: iso(now),
    senderId: str(d.senderId), senderUsername: str(d.senderUsername), senderAvatar: str(d.senderAvatar),
    messagePreview: str(d.messagePreview), conversationId: str(d.conversationId), messageId: str(d.messageId),
    callSessionId: str(d.callSessionId),
    data: d.data && typeof d.data === 'object' && !Array.isArray(d.data) ? d.data : null,
    expiresAt: str(d.expiresAt), silent: false,
  };
  i.recent[seq % RECENT] = n;
  i.total++; i.unread++;
  bump(i.byType, n.type, 1); bump(i.byPriority, n.priority, 1);
  // One thread: the two emits are queued on every connection of the room in this order.
  const room = io.to('u:' + userId);
  room.emit('notification', n);
  room.emit('notification:counts', countsOf(i));
  return n;
}

function send(res, status, body, type = 'application/json') {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
const problem = (res, status, title) => send(res, status, { type: 'about:blank', title, status }, 'application/problem+json');

function authenticate(req) {
  const h = req.headers.authorization;
  return h && h.startsWith('Bearer ') ? verify(key, h.slice(7), { issuer, audience }) : null;
}

function readJson(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) { resolve({ tooLarge: true }); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => {
      try { resolve({ value: JSON.parse(Buffer.concat(chunks).toString('utf8')) }); } catch { resolve({}); }
    });
    req.on('error', () => resolve({}));
  });
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname;
  if (req.method === 'GET' && path === '/health/live') return send(res, 200, { status: 'Healthy' });
  if (!path.startsWith('/api/notifications')) return problem(res, 404, 'Not Found');
  const caller = authenticate(req);
  if (!caller) return problem(res, 401, 'A valid bearer token is required.');

  if (req.method === 'POST' && (path === '/api/notifications' || path === '/api/notifications/batch')) {
    if (!caller.roles.includes('service')) return problem(res, 403, "The token's role does not allow this.");
    const body = await readJson(req);
    if (body.tooLarge) return problem(res, 413, 'Payload Too Large');
    if (path === '/api/notifications') {
      const d = draftOf(body.value);
      if (!d || typeof d.userId !== 'string' || d.userId === '') return problem(res, 400, 'userId and type are required.');
      return send(res, 201, { status: 'created', notification: createOne(d.userId, d) });
    }
    const ids = body.value?.userIds;
    const d = draftOf(body.value?.notification);
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 10_000 || !ids.every((u) => typeof u === 'string' && u !== '') || !d) {
      return problem(res, 400, 'userIds and notification.type are required.');
    }
    const results = ids.map((u) => ({ userId: u, status: 'created', id: createOne(u, d).id }));
    return send(res, 200, { created: results.length, duplicate: 0, suppressed: 0, rateLimited: 0, results });
  }

  if (req.method === 'GET' && path === '/api/notifications/counts') return send(res, 200, countsOf(inbox(caller.sub)));

  if (req.method === 'GET' && path === '/api/notifications') {
    const i = inboxes.get(caller.sub);
    const limitText = url.searchParams.get('limit');
    const limit = limitText && /^\d+$/.test(limitText) && +limitText >= 1 && +limitText <= 100 ? +limitText : 50;
    const afterText = url.searchParams.get('afterSeq');
    const items = [];
    if (i) {
      const oldest = Math.max(1, i.seq - RECENT + 1);
      if (afterText !== null && /^\d+$/.test(afterText)) {
        for (let s = Math.max(oldest, +afterText + 1); s <= i.seq && items.length < limit; s++) items.push(i.recent[s % RECENT]);
      } else {
        for (let s = i.seq; s >= oldest && items.length < limit; s--) items.push(i.recent[s % RECENT]);
      }
    }
    return send(res, 200, { items, nextCursor: null, hasMore: false });
  }

  const read = req.method === 'PATCH' && /^\/api\/notifications\/([^/]+)\/read$/.exec(path);
  if (read) {
    const id = decodeURIComponent(read[1]);
    const i = inboxes.get(caller.sub);
    const n = i?.recent.find((x) => x && x.id === id);
    if (!n) return problem(res, 404, 'Not Found');
    if (!n.isRead) {
      const now = Date.now();
      n.isRead = true; n.readAt = iso(now);
      i.unread--; bump(i.byType, n.type, -1); bump(i.byPriority, n.priority, -1);
      const room = io.to('u:' + caller.sub);
      room.emit('notification:read', { ids: [id], all: false, readAt: n.readAt });
      room.emit('notification:counts', countsOf(i));
    }
    return send(res, 200, n);
  }

  return problem(res, 404, 'Not Found');
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => { if (!res.headersSent) problem(res, 500, String(e?.message ?? e)); });
});
server.keepAliveTimeout = 120_000;

const io = new Server(server, { serveClient: false, transports: ['websocket', 'polling'] });
io.use((socket, next) => {
  const token = socket.handshake.auth?.token ?? socket.handshake.query?.access_token;
  const caller = verify(key, token, { issuer, audience });
  if (!caller) return next(new Error('unauthorized'));
  socket.data.userId = caller.sub;
  next();
});
io.on('connection', (socket) => {
  const userId = socket.data.userId;
  socket.join('u:' + userId);
  socket.emit('notification:counts', countsOf(inbox(userId)));
});

server.listen(port, host, () => {
  const a = server.address();
  console.log(`listening http://${host.includes(':') ? `[${a.address}]` : a.address}:${a.port}`);
});
const stop = () => { io.close(); server.close(() => process.exit(0)); setTimeout(() => process.exit(0), 2000).unref(); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
