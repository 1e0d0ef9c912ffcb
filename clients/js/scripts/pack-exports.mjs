// npm ignores `publishConfig.exports`, so packing swaps them: `dist` before `npm pack` / `npm publish`
// (prepack) points `exports` at the compiled dist/, `src` after it (postpack) points them back at
// src/index.ts, which the workspace (the web app) imports without a build.
import { readFileSync, writeFileSync } from 'node:fs';

const target = process.argv[2];
const file = new URL('../package.json', import.meta.url);
const pkg = JSON.parse(readFileSync(file, 'utf8'));
const exportsFor = {
  src: { '.': { types: './src/index.ts', default: './src/index.ts' } },
  dist: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
};
if (!exportsFor[target]) throw new Error('usage: pack-exports.mjs src|dist');
pkg.exports = exportsFor[target];
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
