// The retention trim rate, measured from outside against the real service (bench/retention.sh
// drives it). Two steps, one process each, the service restarted between them:
//   seed   --url U --users N --per-user M [--concurrency C]   creates M notifications for each of N users
//   watch  --url U --users N --cap K                           wakes the inboxes (restarted with cap K),
//          times until each one's counts reach K, then checks that the list holds exactly K
// Loopback only; every loop is bounded in count and time. Needs the Development /dev/token route.
import { argv, exit } from "node:process";

const [mode, ...rest] = argv.slice(2);
const options = Object.fromEntries(
  rest.reduce((pairs, value, i, all) => (i % 2 === 0 ? [...pairs, [value.replace(/^--/, ""), all[i + 1]]] : pairs), []),
);
const url = new URL(options.url ?? "http://127.0.0.1:5000");
if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) {
  console.error("retention.mjs only targets loopback addresses");
  exit(2);
}
const users = Number(options.users ?? 4);
const userId = (i) => `retention-${i}`;

async function token(sub, roles = []) {
  const response = await fetch(new URL("/dev/token", url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ userId: sub, roles }),
  });
  if (!response.ok) throw new Error(`/dev/token answered ${response.status}`);
  return (await response.json()).token;
}

async function call(path, bearer, init = {}) {
  const response = await fetch(new URL(path, url), {
    ...init,
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json", ...(init.headers ?? {}) },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  return text.length === 0 ? null : JSON.parse(text);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

if (mode === "seed") {
  const perUser = Number(options["per-user"] ?? 20_000);
  const concurrency = Number(options.concurrency ?? 16);
  const service = await token("retention-producer", ["service"]);
  const jobs = [];
  for (let u = 0; u < users; u++) for (let i = 0; i < perUser; i++) jobs.push([u, i]);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const [u, i] = jobs[next++];
        await call("/api/notifications", service, {
          method: "POST",
          body: JSON.stringify({ userId: userId(u), type: i % 3 === 0 ? "system" : "new_message", conversationId: "c1", title: `n${i}` }),
        });
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`seeded ${jobs.length} notifications (${users} users x ${perUser}) in ${seconds.toFixed(1)} s, ${(jobs.length / seconds).toFixed(0)}/s`);
} else if (mode === "watch") {
  const cap = Number(options.cap ?? 10_000);
  const tokens = await Promise.all(Array.from({ length: users }, (_, u) => token(userId(u))));
  const started = performance.now();
  // Only creates happened, so lastSeq is how many each user had; the first call wakes the inbox.
  const seeded = await Promise.all(tokens.map((t) => call("/api/notifications/counts", t).then((c) => c.lastSeq)));
  const done = new Array(users).fill(null);
  const countsLatency = [];
  for (let round = 0; done.some((d) => d === null); round++) {
    if (round > 20_000 || performance.now() - started > 600_000) throw new Error("the trim did not finish within 10 minutes");
    await Promise.all(
      tokens.map(async (t, u) => {
        if (done[u] !== null) return;
        const asked = performance.now();
        const counts = await call("/api/notifications/counts", t);
        countsLatency.push(performance.now() - asked);
        if (counts.total <= cap) done[u] = { ms: performance.now() - started, total: counts.total, lastSeq: counts.lastSeq };
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20)); // a poll interval, not a synchronisation
  }
  const seconds = Math.max(...done.map((d) => d.ms)) / 1000;
  const trimmed = seeded.reduce((sum, count) => sum + Math.max(0, count - cap), 0);
  // The list holds exactly what the counts say (walked in pages of 100).
  for (let u = 0; u < users; u++) {
    let listed = 0;
    let cursor = null;
    for (let page = 0; page < 1_000; page++) {
      const answer = await call(`/api/notifications?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, tokens[u]);
      listed += answer.items.length;
      if (!answer.hasMore) break;
      cursor = answer.nextCursor;
    }
    if (listed !== done[u].total) throw new Error(`${userId(u)}: counts say ${done[u].total}, the list holds ${listed}`);
  }
  console.log(
    `trimmed ${trimmed} notifications of ${users} users (had ${seeded.join(", ")}) down to ${cap} each in ${seconds.toFixed(2)} s: ` +
      `${(trimmed / seconds).toFixed(0)} notifications/s; per user done at ${done.map((d) => (d.ms / 1000).toFixed(2)).join(", ")} s; ` +
      `GET counts during the trim: median ${median(countsLatency).toFixed(1)} ms, max ${Math.max(...countsLatency).toFixed(1)} ms (${countsLatency.length} requests); ` +
      `lists equal counts: yes`,
  );
} else {
  console.error("usage: node bench/retention.mjs seed|watch --url http://127.0.0.1:PORT --users N [--per-user M] [--cap K]");
  exit(2);
}
