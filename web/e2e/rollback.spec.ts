import { test, expect, expectUnread, itemButton, items, openList, shortTimings, waitForGone } from './support/fixtures';

test('rollback: a read the server refuses (404) is not left standing and an error toast appears', async ({ page, service, userId, openInbox }) => {
  await service.create(userId, { title: 'Stays unread' });
  // The one the server will refuse: it expires in a moment. Expiry pushes nothing (API.md), so the
  // page still shows it when it is clicked — a delete would be pushed and remove it first.
  const doomed = await service.create(userId, { title: 'About to vanish', expiresAt: new Date(Date.now() + 2500).toISOString() });
  await openInbox(page);
  await openList(page);
  await expect(items(page)).toHaveCount(2);
  await expectUnread(page, 2);

  // Gone on the server for real: its own GET answers 404 (the read will too).
  await waitForGone(service, userId, doomed.id);

  await itemButton(page, 'About to vanish').click();
  const errorToast = page.getByRole('alert').filter({ hasText: 'That notification no longer exists' });
  await expect(errorToast).toBeVisible();
  // A 404 means it is gone: the library drops the row and takes the server's counts again.
  await expect(page.locator('[data-testid="notification-item"]', { hasText: 'About to vanish' })).toHaveCount(0);
  await expectUnread(page, 1);
  await expect(page.locator('[data-testid="notification-item"]', { hasText: 'Stays unread' })).toHaveAttribute('data-unread', 'true');
  await errorToast.getByRole('button', { name: /Dismiss/ }).click();
  await expect(errorToast).toHaveCount(0);
});

test('rollback: an optimistic delete that cannot reach the service is undone and an error toast appears', async ({ page, api, service, userId, openInbox }) => {
  await service.create(userId, { title: 'Kept after all' });
  await openInbox(page, { timings: shortTimings });
  await openList(page);
  await expect(items(page)).toHaveCount(1);

  await api.stop();
  await page.getByRole('button', { name: 'Delete: Kept after all' }).click();
  const errorToast = page.getByRole('alert').filter({ hasText: 'could not be saved and was undone' });
  await expect(errorToast).toBeVisible({ timeout: 15_000 });
  // The row is back, still unread, and the count with it.
  await expect(items(page)).toHaveCount(1);
  await expect(items(page).first()).toHaveAttribute('data-unread', 'true');
  await expectUnread(page, 1);

  // Nothing was deleted on the service.
  await api.start();
  const counts = (await (await service.asUser(userId, 'GET', '/api/notifications/counts')).json()) as { total: number };
  expect(counts.total).toBe(1);
});
