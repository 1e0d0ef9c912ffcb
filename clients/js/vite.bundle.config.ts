/**
 * Bundle for the size measurement only (`npm run size`): the library as one minified ESM file,
 * once with @microsoft/signalr external (what an app adds on top of SignalR) and once with it.
 */
import { defineConfig } from 'vite';

const withSignalR = process.env.BUNDLE_SIGNALR === '1';

export default defineConfig({
  logLevel: 'warn',
  build: {
    outDir: withSignalR ? 'dist-bundle/with-signalr' : 'dist-bundle/library',
    emptyOutDir: true,
    minify: true,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' },
    // Library mode keeps whitespace in ES output; minify the output fully, as an app's build would.
    rollupOptions: { external: withSignalR ? [] : ['@microsoft/signalr'], output: { minify: true } },
  },
});
