import { test, expect, connectionStatus, expectUnread, items, openList, screenshot, shortTimings } from './support/fixtures';

test('resilience: Api down → reconnecting → polling; back → everything created meanwhile appears once', async ({ page, api, preview, service, userId, openInbox }) => {
  await service.create(userId, { title: 'Before the outage' });
  // Through the preview server, whatever E2E_BASE_URL says: it can keep the page away from the
  // restarted Api until the test has created what the page must then catch up on.
  await openInbox(page, { timings: shortTimings, url: preview.url });
  await expectUnread(page, 1);

  await api.stop();
  await expect(connectionStatus(page)).toHaveAttribute('data-status', 'reconnecting', { timeout: 10_000 });
  await expect(connectionStatus(page)).toContainText('Reconnecting');
  await expect(connectionStatus(page)).toHaveAttribute('data-status', 'polling', { timeout: 20_000 });
  await expect(connectionStatus(page)).toContainText('polling');
  await screenshot(page, 'polling-indicator');

  // Back on the same port and database; create before the page has reconnected (it cannot reach
  // the service until the gate opens).
  preview.setServiceReachable(false);
  await api.start();
  const titles = ['During outage 1', 'During outage 2', 'During outage 3'];
  for (const title of titles) await service.create(userId, { title });
  preview.setServiceReachable(true);

  await expect(connectionStatus(page)).toHaveAttribute('data-status', 'live', { timeout: 20_000 });
  await expectUnread(page, 4, 10_000);
  // Found together by one poll / catch-up: one summary toast, none per notification.
  await expect(page.getByRole('status').filter({ hasText: '3 new notifications' })).toBeVisible();
  await expect(page.getByTestId('toast').filter({ hasText: 'During outage' })).toHaveCount(0);

  await openList(page);
  await expect(items(page)).toHaveCount(4);
  for (const title of [...titles, 'Before the outage']) {
    await expect(page.locator('[data-testid="notification-item"]', { hasText: title })).toHaveCount(1);
  }
  await expect(items(page).first()).toContainText('During outage 3');

  // Still exactly once after the library's own refresh cycle: the server's counts agree.
  const counts = (await (await service.asUser(userId, 'GET', '/api/notifications/counts')).json()) as { unread: number; total: number };
  expect(counts).toMatchObject({ unread: 4, total: 4 });
});

test('cache: a reload with the Api stopped shows the cached newest 50', async ({ page, api, service, userId, openInbox, preview }) => {
  const created = await service.createMany(userId, 60, 'Cached');
  const newest = created.slice(-50).reverse();
  // The app must be served by something that outlives the Api: the preview server, whatever E2E_BASE_URL says.
  await openInbox(page, { timings: shortTimings, url: preview.url });
  await expectUnread(page, 60);
  await openList(page);
  await expect(items(page).first().locator('.notification-title')).toHaveText(newest[0]!.title);

  await api.stop();
  await page.reload();
  await expect(connectionStatus(page)).not.toHaveAttribute('data-status', 'live');
  await expectUnread(page, 60);
  await openList(page);
  await expect(page.getByText('Showing saved notifications')).toBeVisible();
  await expect(items(page).first().locator('.notification-title')).toHaveText(newest[0]!.title);
  // Exactly the newest 50: the spacer holds 50 rows (of 104 px, rowHeight), and the last one is the 50th newest.
  const list = page.getByTestId('notification-list');
  await expect(list.locator('ul')).toHaveAttribute('style', /height: 5200px/);
  await list.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  const last = page.locator('[data-testid="notification-item"][aria-posinset="50"]');
  await expect(last.locator('.notification-title')).toHaveText(newest[49]!.title);
  await expect(page.locator('[data-testid="notification-item"][aria-posinset="51"]')).toHaveCount(0);
});
