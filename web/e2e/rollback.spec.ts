import { test, expect, expectUnread, itemButton, items, openList, waitForGone } from './support/fixtures';

test('rollback: a read the server refuses is rolled back and an error toast appears', async ({ page, service, userId, openInbox }) => {
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
  const errorToast = page.getByRole('alert').filter({ hasText: 'could not be saved' });
  await expect(errorToast).toBeVisible();
  // Rolled back: the item is not left looking read (the library may also drop it, as it no longer exists).
  const row = page.locator('[data-testid="notification-item"]', { hasText: 'About to vanish' });
  await expect(row.and(page.locator('[data-unread="false"]'))).toHaveCount(0);
  // The other one is untouched, and the toast can be closed.
  await expect(page.locator('[data-testid="notification-item"]', { hasText: 'Stays unread' })).toHaveAttribute('data-unread', 'true');
  await errorToast.getByRole('button', { name: /Dismiss/ }).click();
  await expect(errorToast).toHaveCount(0);
});
