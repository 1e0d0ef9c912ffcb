import { test as base, expect, type Page } from '@playwright/test';
import type { ClientTimings } from '@notifications/client';
import { ApiServer } from './apiServer';
import { startAppServer, type AppServer } from './appServer';
import { freshUserId, ServiceCalls, waitFor } from './service';

/**
 * Where the app is opened. Unset or `api`: the Api's own origin, which serves web/dist at `/` in
 * Development — the shape a deployment has. `preview`: `vite preview` of web/dist, proxying to the
 * test's Api (the resilience tests always use it: they need a server that outlives the Api).
 */
const appMode = process.env.E2E_BASE_URL ?? 'api';
if (appMode !== 'preview' && appMode !== 'api') throw new Error(`E2E_BASE_URL must be unset, 'preview' or 'api' (got ${appMode})`);

/** Timings that make reconnect → polling → back take seconds instead of a minute. */
export const shortTimings: Partial<ClientTimings> = {
  retryDelaysMs: [0, 100, 200, 400],
  breakerWindowMs: 3000,
  breakerHalfOpenAfterMs: 500,
  reconnectDelaysMs: [0, 250, 250, 250, 250],
  pollIntervalMs: 1000,
  catchUpRetryMaxMs: 1000,
};

interface Fixtures {
  /** The real service, started for this test on free ports with its own database. */
  api: ApiServer;
  /** Origin the pages load the app from. */
  appUrl: string;
  /**
   * The preview server of web/dist, whatever E2E_BASE_URL says: for tests that need the app served
   * by something that outlives the Api, or that cut the page off from the service.
   */
  preview: AppServer;
  service: ServiceCalls;
  /** A user id of this test only. */
  userId: string;
  /** Opens the app signed in as `userId` (optionally with test timings) and waits until it is live. */
  openInbox: (page: Page, options?: { timings?: Partial<ClientTimings>; url?: string }) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern
  api: async ({}, use) => {
    const api = await ApiServer.create();
    await api.start();
    try {
      await use(api);
    } finally {
      await api.dispose();
    }
  },
  preview: async ({ api }, use) => {
    const server = await startAppServer(api.url);
    try {
      await use(server);
    } finally {
      await server.close();
    }
  },
  appUrl: async ({ api }, use) => {
    if (appMode === 'api') return use(api.url);
    const server = await startAppServer(api.url);
    try {
      await use(server.url);
    } finally {
      await server.close();
    }
  },
  service: async ({ api }, use) => use(new ServiceCalls(() => api.url)),
  // eslint-disable-next-line no-empty-pattern
  userId: async ({}, use, testInfo) => use(freshUserId(`web-${testInfo.title.split(' ')[0]!.toLowerCase().replace(/[^a-z0-9]/g, '')}`)),
  openInbox: async ({ appUrl, userId }, use) => {
    await use(async (page, options = {}) => {
      if (options.timings) {
        await page.addInitScript((timings) => {
          (window as { __NOTIFICATIONS_TIMINGS__?: Partial<ClientTimings> }).__NOTIFICATIONS_TIMINGS__ = timings;
        }, options.timings);
      }
      await page.goto(`${options.url ?? appUrl}/?user=${userId}`);
      await expectReady(page);
    });
  },
});

export { expect };

/** Live, with the service's counts and the first page loaded (so a push is then a new arrival). */
export async function expectReady(page: Page): Promise<void> {
  await expect(connectionStatus(page)).toHaveAttribute('data-status', 'live', { timeout: 15_000 });
  await expect(bell(page)).toHaveAttribute('aria-busy', 'false', { timeout: 15_000 });
}

export const bell = (page: Page) => page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
export const connectionStatus = (page: Page) => page.getByTestId('connection-status');
export const items = (page: Page) => page.getByTestId('notification-item');
/** The item's main button (its accessible name starts with the title), not its delete button. */
export const itemButton = (page: Page, title: string) => page.locator('.notification-main', { hasText: title });

export async function expectUnread(page: Page, unread: number, timeout = 5000): Promise<void> {
  await expect(page.getByRole('button', { name: `Notifications, ${unread} unread`, exact: true })).toBeVisible({ timeout });
}

export async function openList(page: Page): Promise<void> {
  await bell(page).click();
  await expect(page.getByRole('dialog', { name: /Notifications/ })).toBeVisible();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: new URL(`../screenshots/${name}.png`, import.meta.url).pathname });
}

/** Waits until the notification no longer exists on the server (GET answers 404). */
export async function waitForGone(service: ServiceCalls, userId: string, id: string): Promise<void> {
  await waitFor(`notification ${id} to be gone`, async () => (await service.asUser(userId, 'GET', `/api/notifications/${id}`)).status === 404, 15_000, 200);
}

/**
 * Every console error and uncaught exception of the page from now on. A v2 spec ends by checking
 * it is empty (or holds exactly the failed request it provoked: the browser logs a 4xx as an error).
 */
export function recordConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return errors;
}

/** The row of the notification titled `title`. */
export const row = (page: Page, title: string) => page.locator('[data-testid="notification-item"]', { has: page.locator('.notification-title', { hasText: title }) });

/** The popover's shelf switcher ("Show": Inbox, Snoozed, Archive). */
export async function showShelf(page: Page, shelf: 'Inbox' | 'Snoozed' | 'Archive'): Promise<void> {
  const button = page.getByRole('group', { name: 'Show' }).getByRole('button', { name: new RegExp(`^${shelf}`) });
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
}
