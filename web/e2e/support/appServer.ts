import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { preview, type Plugin, type PreviewServer } from 'vite';
import { freePort } from './ports';

const webRoot = resolve(import.meta.dirname, '../..');
const serviceRoutes = ['/api', '/hubs', '/dev', '/health'];

export interface AppServer {
  url: string;
  /**
   * While false, the page's requests to the service are answered 503 by the app server (a
   * controlled network failure between this browser and a running service); other clients still
   * reach the Api directly.
   */
  setServiceReachable(reachable: boolean): void;
  close(): Promise<void>;
}

/**
 * Serves the built app (web/dist) with `vite preview` on a free port, proxying the service's
 * routes to the Api so the page stays same-origin (the Api sends no CORS headers). Used until the
 * Api serves web/dist itself; then E2E_BASE_URL=api opens the app at the Api's own URL instead.
 */
export async function startAppServer(apiUrl: string): Promise<AppServer> {
  if (!existsSync(join(webRoot, 'dist/index.html'))) throw new Error('build first: npm run build -w web (web/dist/index.html is missing)');
  const port = await freePort();
  let reachable = true;
  const gate: Plugin = {
    name: 'e2e-service-gate',
    configurePreviewServer(server) {
      // Runs before the proxy. In polling mode the client reaches the hub only via an HTTP
      // negotiate, so refusing HTTP is enough to keep it away from the service.
      server.middlewares.use((request, response, next) => {
        if (!reachable && serviceRoutes.some((route) => request.url?.startsWith(route))) {
          response.statusCode = 503;
          response.end();
          return;
        }
        next();
      });
    },
  };
  const server: PreviewServer = await preview({
    root: webRoot,
    configFile: false,
    logLevel: 'silent',
    plugins: [gate],
    preview: {
      host: '127.0.0.1',
      port,
      strictPort: true,
      proxy: Object.fromEntries(serviceRoutes.map((route) => [route, { target: apiUrl, ws: route === '/hubs' }])),
    },
  });
  return {
    url: `http://127.0.0.1:${port}`,
    setServiceReachable: (value) => {
      reachable = value;
    },
    close: () => server.close(),
  };
}
