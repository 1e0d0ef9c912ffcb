import { resolve } from 'node:path';
import { preview, type PreviewServer } from 'vite';
import { freePort } from './ports';

const webRoot = resolve(import.meta.dirname, '../..');

/**
 * Serves the built app (web/dist) with `vite preview` on a free port, proxying the service's
 * routes to the Api so the page stays same-origin (the Api sends no CORS headers). Used until the
 * Api serves web/dist itself; then E2E_BASE_URL=api opens the app at the Api's own URL instead.
 */
export async function startAppServer(apiUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const server: PreviewServer = await preview({
    root: webRoot,
    configFile: false,
    logLevel: 'silent',
    preview: {
      host: '127.0.0.1',
      port,
      strictPort: true,
      proxy: {
        '/api': apiUrl,
        '/hubs': { target: apiUrl, ws: true },
        '/dev': apiUrl,
        '/health': apiUrl,
      },
    },
  });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
