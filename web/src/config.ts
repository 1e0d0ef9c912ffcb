import type { ClientTimings } from '@notifications/client';

declare global {
  interface Window {
    /** Browser tests shorten the library's reconnect/poll delays by setting this before the app loads. */
    __NOTIFICATIONS_TIMINGS__?: Partial<ClientTimings>;
  }
}

/**
 * Origin of the service. Empty means the page's own origin: the Api serves the built app at `/`,
 * and `vite dev` / `vite preview` proxy the service's routes. The Api sends no CORS headers, so a
 * different origin only works behind a proxy.
 */
export const apiBaseUrl: string = import.meta.env.VITE_API_BASE_URL ?? '';

export function readTimings(): Partial<ClientTimings> | undefined {
  return window.__NOTIFICATIONS_TIMINGS__;
}

/**
 * Notifications the library may hold in memory. Above the library's default (500) so a user can
 * scroll a long inbox down to its oldest entry; still a bound.
 */
export const maxHeldNotifications = 5000;
