import { test, expect, expectReady, expectUnread, itemButton, items, openList } from './support/fixtures';

test('filters: type, unread only and conversation id each narrow the list; empty state when nothing matches', async ({ page, service, userId, openInbox }) => {
  await service.create(userId, { type: 'new_message', title: 'Message in c1', conversationId: 'c1' });
  await service.create(userId, { type: 'user_mentioned', title: 'Mention in c2', conversationId: 'c2' });
  await service.create(userId, { type: 'message_reaction', title: 'Reaction in c1', conversationId: 'c1' });
  await openInbox(page);
  await openList(page);
  await expect(items(page)).toHaveCount(3);
  await itemButton(page, 'Reaction in c1').click();
  await expectUnread(page, 2);

  const dialog = page.getByRole('dialog', { name: /Notifications/ });
  await dialog.getByLabel('Type').selectOption('user_mentioned');
  await expect(items(page)).toHaveCount(1);
  await expect(items(page).first()).toContainText('Mention in c2');

  await dialog.getByLabel('Type').selectOption('');
  await dialog.getByRole('checkbox', { name: 'Unread only' }).check();
  await expect(items(page)).toHaveCount(2);
  await expect(page.locator('[data-testid="notification-item"]', { hasText: 'Reaction in c1' })).toHaveCount(0);

  await dialog.getByRole('checkbox', { name: 'Unread only' }).uncheck();
  await dialog.getByLabel('Conversation').fill('c1');
  await dialog.getByLabel('Conversation').press('Enter');
  await expect(items(page)).toHaveCount(2);
  await expect(page.locator('[data-testid="notification-item"]', { hasText: 'Mention in c2' })).toHaveCount(0);

  await dialog.getByLabel('Conversation').fill('nowhere');
  await dialog.getByLabel('Conversation').press('Enter');
  await expect(items(page)).toHaveCount(0);
  await expect(dialog.getByText('No notifications match these filters.')).toBeVisible();

  // "Mark all read" with a conversation filter reads only that conversation.
  await dialog.getByLabel('Conversation').fill('c1');
  await dialog.getByLabel('Conversation').press('Enter');
  await expect(items(page)).toHaveCount(2);
  await dialog.getByRole('button', { name: 'Mark all read' }).click();
  await expectUnread(page, 1);
  const counts = (await (await service.asUser(userId, 'GET', '/api/notifications/counts')).json()) as { unread: number; byType: Record<string, number> };
  expect(counts).toMatchObject({ unread: 1, byType: { user_mentioned: 1 } });
  await expectReady(page);
});

test('sign-in and producer panel: pick a user without ?user=, then create a notification from the Development panel', async ({ page, appUrl, userId }) => {
  await page.goto(appUrl);
  await page.getByLabel('User id').fill(userId);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`\\?user=${userId}$`));
  await expect(page.getByTestId('signed-in-user')).toHaveText(userId);
  await expectReady(page);
  await expectUnread(page, 0);

  await page.getByText(/Development: create notifications/).click();
  await page.getByLabel('Type', { exact: true }).selectOption('contact_request');
  await page.getByLabel('Priority').selectOption('high');
  await page.getByLabel('Title').fill('Made in the panel');
  await page.getByLabel('How many').fill('2');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.locator('.producer-result')).toHaveText('2 created');
  await expectUnread(page, 2);
  await openList(page);
  await expect(items(page)).toHaveCount(2);
  await expect(items(page).first().locator('.type-icon')).toHaveText('🤝');
});
