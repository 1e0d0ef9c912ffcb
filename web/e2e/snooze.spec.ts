import { test, expect, items, openList, recordConsoleErrors, row, screenshot, showShelf } from './support/fixtures';
import { waitFor } from './support/service';

/** Tomorrow 9:00 on Tokyo's wall clock (UTC+9 all year: no DST to reason about), as the service answers it. */
function tomorrowNineInTokyo(now = new Date()): string {
  const tokyo = new Date(now.getTime() + 9 * 3_600_000);
  return new Date(Date.UTC(tokyo.getUTCFullYear(), tokyo.getUTCMonth(), tokyo.getUTCDate() + 1, 9 - 9)).toISOString();
}

test('snooze: choices in the DND time zone, the snoozed view, unsnooze, and a return pushed while the page is open', async ({ page, service, userId, openInbox }) => {
  const errors = recordConsoleErrors(page);
  // "Tomorrow 9:00" is on the wall clock of the user's do-not-disturb time zone.
  const put = await service.asUser(userId, 'PUT', '/api/notifications/preferences', {
    dnd: { enabled: false, start: '22:00', end: '07:00', timeZone: 'Asia/Tokyo' },
  });
  expect(put.status).toBe(200);
  const later = await service.create(userId, { title: 'Read this later' });
  await service.create(userId, { title: 'Stays in the inbox' });
  await openInbox(page);
  await openList(page);
  await expect(items(page)).toHaveCount(2);

  const snoozeButton = page.getByRole('button', { name: 'Snooze: Read this later' });
  await snoozeButton.click();
  await expect(snoozeButton).toHaveAttribute('aria-expanded', 'true');
  const choices = page.getByRole('group', { name: 'Snooze Read this later until' });
  await expect(choices.getByRole('button')).toHaveText(['1 hour', 'Tomorrow 9:00', 'Next week (Mon 9:00)', 'Cancel']);
  await expect(choices.getByRole('button', { name: '1 hour' })).toBeFocused();
  await screenshot(page, 'snooze-choices');
  await choices.getByRole('button', { name: 'Tomorrow 9:00' }).click();
  await expect(row(page, 'Read this later')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Snoozed (1)' })).toBeVisible();
  await waitFor('the snooze to reach the service', async () => (await service.get(userId, later.id)).snoozedUntil !== null);
  expect((await service.get(userId, later.id)).snoozedUntil).toBe(tomorrowNineInTokyo());

  await showShelf(page, 'Snoozed');
  await expect(row(page, 'Read this later')).toContainText('Snoozed until');
  await expect(row(page, 'Read this later')).toContainText('09:00');
  await page.getByRole('button', { name: 'Unsnooze: Read this later' }).click();
  await expect(items(page)).toHaveCount(0);
  await expect(page.getByText('Nothing is snoozed.')).toBeVisible();
  await showShelf(page, 'Inbox');
  // Back at the top: a return takes a new seq.
  await expect(items(page).first().locator('.notification-title')).toHaveText('Read this later');

  // A return on its own, pushed to the open page: snoozed for 2 s by another device.
  const snoozed = await service.asUser(userId, 'PATCH', `/api/notifications/${later.id}/snooze`, { until: new Date(Date.now() + 2000).toISOString() });
  expect(snoozed.status).toBe(200);
  await expect(row(page, 'Read this later')).toHaveCount(0);
  // The service pushes the return within 5 s of snoozedUntil (API.md v2).
  await expect(items(page).first().locator('.notification-title')).toHaveText('Read this later', { timeout: 10_000 });
  await expect(items(page)).toHaveCount(2);
  await expect(row(page, 'Read this later')).toHaveAttribute('data-unread', 'true');
  // A return is announced like a new one.
  await expect(page.getByRole('status').filter({ hasText: 'Read this later' })).toBeVisible();
  expect(errors).toEqual([]);
});
