import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The Api serves the built app at `/` (no SPA fallback), so the app has one page and
// asset URLs are rooted at `/`. `npm run dev` proxies the service's routes to a local Api
// (NOTIFICATIONS_API_URL, default http://127.0.0.1:5000) so the app stays same-origin.
const apiUrl = process.env.NOTIFICATIONS_API_URL ?? 'http://127.0.0.1:5000';

export default defineConfig({
  base: '/',
  plugins: [react()],
  server: {
    proxy: {
      '/api': apiUrl,
      '/hubs': { target: apiUrl, ws: true },
      '/dev': apiUrl,
      '/health': apiUrl,
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: false,
  },
});
