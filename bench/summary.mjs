// Prints one table of every figure in a bench/run-all.sh results folder: node bench/summary.mjs <dir>
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) { console.error('usage: node bench/summary.mjs <results dir>'); process.exit(2); }
const read = (name) => {
  try { return JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')); } catch { return null; }
};
const n = (v, d = 0) => (typeof v === 'number' ? v.toLocaleString('en-US', { maximumFractionDigits: d }) : '-');
const lat = (l) => (l && l.count > 0 ? `p50 ${l.p50Ms.toFixed(1)} p90 ${l.p90Ms.toFixed(1)} p99 ${l.p99Ms.toFixed(1)} p99.9 ${l.p999Ms.toFixed(1)} max ${l.maxMs.toFixed(1)} ms` : '-');
const out = [];
const env = read('environment.json');
if (env) out.push(`commit ${env.commit}, ${env.cores} cores, load average at start ${env.loadAverageAtStart}, dotnet ${env.dotnet}, node ${env.node}`);

const ingest = read('ingest.json');
if (ingest) {
  out.push('', `Ingest (${n(ingest.settings.rows)} rows, median of ${ingest.settings.repetitions}; fsync=${ingest.server.fsync}, synchronous_commit=${ingest.server.synchronous_commit})`);
  for (const m of ingest.methods) out.push(`  ${m.method.padEnd(18)} ${n(m.medianRowsPerSecond).padStart(10)} rows/s   ${m.description}`);
}

const counts = read('counts.json');
if (counts) {
  out.push('', `Counts at ${n(counts.settings.perUser)} notifications per user (${counts.settings.workers} workers, ${counts.settings.durationSeconds} s)`);
  for (const f of counts.figures) out.push(`  ${f.source.padEnd(18)} ${n(f.requestsPerSecond).padStart(10)} req/s    ${lat(f.latency)}`);
  if (counts.serviceOverBestSql) out.push(`  service / best SQL: ${counts.serviceOverBestSql}x`);
  else out.push('  service side: not measured here (set SERVICE_URL, or take GET counts from the load tool run against the service)');
}

for (const [file, label] of [['bare-signalr.json', 'BareSignalR (tools/LoadTest)'], ['socketio.json', 'Socket.IO 4.8.4 (load.mjs)']]) {
  const r = read(file);
  if (!r) continue;
  out.push('', label);
  if (r.skipped) { out.push(`  skipped: ${r.reason}`); continue; }
  const t = r.traffic, s = r.settings;
  out.push(`  ${s.users} users x ${s.connectionsPerUser}, rate ${s.rate}/s, mix ${s.mix}, steady ${r.phases.steadySeconds} s`);
  out.push(`  achieved ${n(t.requestsPerSecond, 1)} req/s, ${n(t.createdPerSecond, 1)} created/s, ${n(t.deliveredPerSecond, 1)} delivered/s (skipped ${t.requestsSkipped}, errors ${t.errors})`);
  out.push(`  delivery  ${lat(r.deliveryLatency)}`);
  out.push(`  create ack ${lat(r.createAckTime)}`);
  out.push(`  lost ${r.loss.lost} of ${r.loss.expected}, duplicated ${r.duplicated}; machine busy ${r.machineCpuPercent ?? '-'}%, load average at start ${r.loadAverageAtStart}`);
  for (const p of r.processes ?? []) out.push(`  ${p.role} cpu ${p.averageCpuPercent}% of a core, peak rss ${p.peakRssMb} MB`);
}
console.log(out.join('\n'));
