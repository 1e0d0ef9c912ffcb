import { test, expect, items, openList, recordConsoleErrors, row } from './support/fixtures';

test('collapse: replacements by collapse key update one row in place, move it to the top and show the count', async ({ page, service, userId, openInbox }) => {
  const errors = recordConsoleErrors(page);
  await openInbox(page);
  await openList(page);
  const first = await service.create(userId, { title: '1 new message in #general', collapseKey: 'general' });
  await service.create(userId, { title: 'Something else' });
  await expect(items(page)).toHaveCount(2);
  await expect(row(page, '1 new message in #general')).not.toContainText('×');

  await service.create(userId, { title: '2 new messages in #general', collapseKey: 'general' });
  const last = await service.create(userId, { title: '3 new messages in #general', collapseKey: 'general' });
  expect(last).toMatchObject({ id: first.id, collapsedCount: 3 });
  await expect(items(page).first().locator('.notification-title')).toHaveText('3 new messages in #general');
  await expect(items(page)).toHaveCount(2);
  await expect(items(page).first().locator('.collapsed-count')).toContainText('3 ×');
  // Said in words to screen readers: part of the row's button name.
  await expect(page.getByRole('button', { name: /3 new messages in #general \(3 notifications in one\)/ })).toBeVisible();
  await expect(row(page, '3 new messages in #general')).toHaveAttribute('data-unread', 'true');
  // Each replacement is news: announced like a new one.
  await expect(page.getByRole('status').filter({ hasText: '3 new messages in #general' })).toBeVisible();
  expect(errors).toEqual([]);
});
