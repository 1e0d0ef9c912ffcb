import { test, expect, connectionStatus, expectUnread, items, openList, screenshot, shortTimings } from './support/fixtures';

test('resilience: Api down → reconnecting → polling; back → everything created meanwhile appears once', async ({ page, api, service, userId, openInbox }) => {
  await service.create(userId, { title: 'Before the outage' });
  await openInbox(page, { timings: shortTimings });
  await expectUnread(page, 1);

  await api.stop();
  await expect(connectionStatus(page)).toHaveAttribute('data-status', 'reconnecting', { timeout: 10_000 });
  await expect(connectionStatus(page)).toContainText('Reconnecting');
  await expect(connectionStatus(page)).toHaveAttribute('data-status', 'polling', { timeout: 20_000 });
  await expect(connectionStatus(page)).toContainText('polling');
  await screenshot(page, 'polling-indicator');

  // Back on the same port and database; create at once, before the page has reconnected.
  await api.start();
  const titles = ['During outage 1', 'During outage 2', 'During outage 3'];
  for (const title of titles) await service.create(userId, { title });

  await expect(connectionStatus(page)).toHaveAttribute('data-status', 'live', { timeout: 20_000 });
  await expectUnread(page, 4, 10_000);
  await openList(page);
  await expect(items(page)).toHaveCount(4);
  for (const title of [...titles, 'Before the outage']) {
    await expect(page.locator('[data-testid="notification-item"]', { hasText: title })).toHaveCount(1);
  }
  // Newest first after the catch-up.
  await expect(items(page).first()).toContainText('During outage 3');
  // Several arrived at once through the catch-up or a poll: one summary toast, not one each.
  const pushedOneByOne = await page.getByRole('status').filter({ hasText: 'During outage 1' }).count();
  if (pushedOneByOne === 0) await expect(page.getByRole('status').filter({ hasText: /3 new notifications/ })).toBeVisible();
});

test('cache: a reload with the Api stopped shows the cached newest 50', async ({ page, api, service, userId, openInbox, previewUrl }) => {
  const created = await service.createMany(userId, 60, 'Cached');
  const newest = created.slice(-50).reverse();
  // The app must be served by something that outlives the Api: the preview server, whatever E2E_BASE_URL says.
  await openInbox(page, { timings: shortTimings, url: previewUrl });
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
  // Exactly the newest 50: the spacer holds 50 rows, and the last one is the 50th newest.
  const list = page.getByTestId('notification-list');
  await expect(list.locator('ul')).toHaveAttribute('style', /height: 3800px/);
  await list.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  const last = page.locator('[data-testid="notification-item"][aria-posinset="50"]');
  await expect(last.locator('.notification-title')).toHaveText(newest[49]!.title);
  await expect(page.locator('[data-testid="notification-item"][aria-posinset="51"]')).toHaveCount(0);
});
