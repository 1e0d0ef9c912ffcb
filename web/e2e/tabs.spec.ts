import type { Page, WebSocket } from '@playwright/test';
import { test, expect, itemButton, expectReady, expectUnread, items, openList } from './support/fixtures';

test('tabs: two tabs of one user stay in sync on read, read-all and delete over one hub connection', async ({ context, service, userId, appUrl }) => {
  const hubSockets: WebSocket[] = [];
  const watch = (page: Page) => page.on('websocket', (socket) => socket.url().includes('/hubs/notifications') && hubSockets.push(socket));
  const first = await context.newPage();
  const second = await context.newPage();
  watch(first);
  watch(second);

  await first.goto(`${appUrl}/?user=${userId}`);
  await expectReady(first);
  await second.goto(`${appUrl}/?user=${userId}`);
  await expectReady(second);

  for (const title of ['Tab item A', 'Tab item B', 'Tab item C', 'Tab item D']) await service.create(userId, { title });
  await expectUnread(first, 4);
  await expectUnread(second, 4);
  await openList(first);
  await openList(second);
  await expect(items(first)).toHaveCount(4);
  await expect(items(second)).toHaveCount(4);

  // Read in the first tab → read in both.
  await itemButton(first, 'Tab item A').click();
  await expectUnread(first, 3);
  await expectUnread(second, 3);
  await expect(second.locator('[data-testid="notification-item"]', { hasText: 'Tab item A' })).toHaveAttribute('data-unread', 'false');

  // Delete in the second tab → gone from both.
  await second.getByRole('button', { name: 'Delete: Tab item B' }).click();
  await expect(items(second)).toHaveCount(3);
  await expect(items(first)).toHaveCount(3);
  await expect(itemButton(first, 'Tab item B')).toHaveCount(0);
  await expectUnread(first, 2);
  await expectUnread(second, 2);

  // Mark all read in the first tab → nothing unread in either.
  await first.getByRole('button', { name: 'Mark all read' }).click();
  await expectUnread(first, 0);
  await expectUnread(second, 0);
  await expect(second.locator('[data-testid="notification-item"][data-unread="true"]')).toHaveCount(0);

  // A create still reaches both tabs through the one connection.
  await service.create(userId, { title: 'Tab item E' });
  await expectUnread(first, 1);
  await expectUnread(second, 1);

  expect(hubSockets.map((socket) => socket.url().replace(/access_token=[^&]+/, 'access_token=…'))).toHaveLength(1);
});

test('tabs: when the tab holding the connection closes, the other takes the hub over and stays live', async ({ context, service, userId, appUrl }) => {
  const hubSockets: WebSocket[] = [];
  const first = await context.newPage();
  const second = await context.newPage();
  for (const page of [first, second]) page.on('websocket', (socket) => socket.url().includes('/hubs/notifications') && hubSockets.push(socket));
  await first.goto(`${appUrl}/?user=${userId}`);
  await expectReady(first);
  await second.goto(`${appUrl}/?user=${userId}`);
  await expectReady(second);
  // The second tab follows the first one's connection.
  await expect(second.getByText('(shared with another tab)')).toBeVisible();
  expect(hubSockets).toHaveLength(1);

  await first.close();
  // It opens its own hub connection (the leader lock was released) and is live on it.
  await expect.poll(() => hubSockets.length, { timeout: 15_000 }).toBe(2);
  await expect(second.getByText('(shared with another tab)')).toHaveCount(0, { timeout: 15_000 });
  await expectReady(second);
  await service.create(userId, { title: 'After the takeover' });
  await expectUnread(second, 1);
  await openList(second);
  await expect(items(second)).toHaveCount(1);
});
