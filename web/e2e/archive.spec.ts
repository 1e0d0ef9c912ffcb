import { test, expect, expectUnread, itemButton, items, openList, recordConsoleErrors, row, screenshot, showShelf } from './support/fixtures';
import { waitFor } from './support/service';

const titles = async (page: import('@playwright/test').Page) => items(page).locator('.notification-title').allTextContents();

test('archive: per item, the archive view, unarchive, and "Archive all read"', async ({ page, service, userId, openInbox }) => {
  const errors = recordConsoleErrors(page);
  const first = await service.create(userId, { title: 'Alpha' });
  const second = await service.create(userId, { title: 'Bravo' });
  await service.create(userId, { title: 'Charlie' });
  await openInbox(page);
  await openList(page);
  await expect(items(page)).toHaveCount(3);

  await page.getByRole('button', { name: 'Archive: Bravo' }).click();
  await expect(row(page, 'Bravo')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Archive (1)' })).toBeVisible();
  // Archived is read: out of the inbox and its unread count.
  await expectUnread(page, 2);
  await waitFor('the archive to reach the service', async () => (await service.get(userId, second.id)).archivedAt !== null);

  await showShelf(page, 'Archive');
  expect(await titles(page)).toEqual(['Bravo']);
  await expect(page.getByRole('button', { name: 'Mark all read' })).toHaveCount(0); // inbox actions only
  await screenshot(page, 'archive-view');
  await page.getByRole('button', { name: 'Unarchive: Bravo' }).click();
  await expect(items(page)).toHaveCount(0);
  await expect(page.getByText('Nothing is archived.')).toBeVisible();

  await showShelf(page, 'Inbox');
  expect(await titles(page)).toEqual(['Charlie', 'Bravo', 'Alpha']);
  await expectUnread(page, 2); // unarchived, it stays read

  // Archive all read: Bravo (read) and Alpha, once read; Charlie stays.
  await itemButton(page, 'Alpha').click();
  await expectUnread(page, 1);
  await page.getByRole('button', { name: 'Archive all read' }).click();
  await expect(items(page)).toHaveCount(1);
  expect(await titles(page)).toEqual(['Charlie']);
  await expect(page.getByRole('button', { name: 'Archive all read' })).toBeDisabled();
  await waitFor('archive-read to reach the service', async () => (await service.counts(userId)).archived === 2);
  expect(await service.counts(userId)).toMatchObject({ total: 1, unread: 1, archived: 2 });
  await showShelf(page, 'Archive');
  expect(await titles(page)).toEqual(['Bravo', 'Alpha']);
  expect((await service.get(userId, first.id)).archivedAt).not.toBeNull();
  expect(errors).toEqual([]);
});
