import { test, expect, expectUnread, items, openList, recordConsoleErrors, row, screenshot } from './support/fixtures';
import { waitFor } from './support/service';

test('seen: opening the bell marks what it shows seen; those stay highlighted as new while it is open, not after', async ({ page, service, userId, openInbox }) => {
  const errors = recordConsoleErrors(page);
  await service.create(userId, { type: 'user_mentioned', title: 'First mention' });
  await service.create(userId, { type: 'missed_call', title: 'Missed call from Eve' });
  await openInbox(page);
  expect(await service.counts(userId)).toMatchObject({ unread: 2, unseen: 2 });

  await openList(page);
  await expect(items(page)).toHaveCount(2);
  // Highlighted in words, not only by colour: the row's button says "New".
  await expect(page.getByRole('button', { name: /^New Missed call from Eve/ })).toBeVisible();
  await expect(row(page, 'First mention')).toHaveAttribute('data-new', 'true');
  await waitFor('the seen to reach the service', async () => (await service.counts(userId)).unseen === 0);
  // Seen is not read: the bell keeps the unread count.
  await expectUnread(page, 2);
  await screenshot(page, 'seen-new-highlighted');

  // One arriving while the list is open is unseen, so new.
  await service.create(userId, { type: 'new_message', title: 'Arrived while open' });
  await expect(row(page, 'Arrived while open')).toHaveAttribute('data-new', 'true');
  await expectUnread(page, 3);

  await page.keyboard.press('Escape');
  await openList(page);
  // Seen at the last opening: no longer new. The one that arrived since is, and is now seen too.
  await expect(row(page, 'First mention')).toHaveAttribute('data-new', 'false');
  await expect(row(page, 'Missed call from Eve')).toHaveAttribute('data-new', 'false');
  await expect(page.getByRole('button', { name: /^Missed call from Eve/ })).toBeVisible();
  await expect(row(page, 'Arrived while open')).toHaveAttribute('data-new', 'true');
  await waitFor('the second seen to reach the service', async () => (await service.counts(userId)).unseen === 0);
  await expectUnread(page, 3);
  expect(errors).toEqual([]);
});
