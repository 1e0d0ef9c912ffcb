// Builds the two bundles of vite.bundle.config.ts and prints their raw and gzip -9 sizes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

for (const [label, signalr] of [['library (signalr external)', '0'], ['library + @microsoft/signalr', '1']]) {
  execFileSync('npx', ['vite', 'build', '-c', 'vite.bundle.config.ts'], {
    stdio: 'inherit',
    env: { ...process.env, BUNDLE_SIGNALR: signalr },
  });
  const file = `dist-bundle/${signalr === '1' ? 'with-signalr' : 'library'}/index.js`;
  const code = readFileSync(file);
  const gzip = gzipSync(code, { level: 9 });
  console.log(`${label}: ${code.length} bytes minified, ${gzip.length} bytes gzip -9 (${file})`);
}
