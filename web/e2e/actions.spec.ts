import { test, expect, expectUnread, openList, recordConsoleErrors, screenshot } from './support/fixtures';
import { waitFor } from './support/service';

const contactActions = [
  { id: 'accept', label: 'Accept' },
  { id: 'decline', label: 'Decline' },
];

test('actions: the choice is recorded, marked and the buttons disabled; the notification is read', async ({ page, service, userId, openInbox }) => {
  const errors = recordConsoleErrors(page);
  const created = await service.create(userId, { type: 'contact_request', title: 'Dana wants to connect', actions: contactActions });
  await openInbox(page);
  await expectUnread(page, 1);
  await openList(page);
  const group = page.getByRole('group', { name: 'Actions: Dana wants to connect' });
  await expect(group.getByRole('button')).toHaveText(['Accept', 'Decline']);
  await screenshot(page, 'actions');
  await group.getByRole('button', { name: 'Accept' }).click();
  await expect(group.getByRole('button', { name: /Accept/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(group.getByRole('button', { name: 'Decline' })).toHaveAttribute('aria-pressed', 'false');
  await expect(group.getByRole('button', { name: /Accept/ })).toBeDisabled();
  await expect(group.getByRole('button', { name: 'Decline' })).toBeDisabled();
  await expectUnread(page, 0);
  await waitFor('the choice to reach the service', async () => (await service.get(userId, created.id)).actedAction === 'accept');
  expect(errors).toEqual([]);
});

test('actions: a choice already made on another device is refused (409): undone, an error toast, and the other choice shown', async ({ page, service, userId, openInbox }) => {
  const errors = recordConsoleErrors(page);
  // A controlled message loss on the page's hub connection: the real frames pass, except the
  // notification:updated ones while `dropping`, so the page does not hear of the other device's choice.
  let dropping = false;
  await page.routeWebSocket(/\/hubs\/notifications/, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      if (!dropping || typeof message !== 'string') return socket.send(message);
      // SignalR's JSON protocol: records ended by U+001E, several may share a frame.
      const kept = message.split('\u001e').filter((record) => record !== '' && !record.includes('"notification:updated"'));
      if (kept.length > 0) socket.send(kept.map((record) => `${record}\u001e`).join(''));
    });
  });
  const created = await service.create(userId, { type: 'contact_request', title: 'Finn wants to connect', actions: contactActions });
  await openInbox(page);
  await openList(page);
  const group = page.getByRole('group', { name: 'Actions: Finn wants to connect' });
  await expect(group.getByRole('button', { name: 'Accept' })).toBeEnabled();

  dropping = true;
  const elsewhere = await service.asUser(userId, 'POST', `/api/notifications/${created.id}/actions/decline`);
  expect(elsewhere.status).toBe(200);
  await expectUnread(page, 0); // its counts came through: the page is live, it only missed the update
  await expect(group.getByRole('button', { name: 'Accept' })).toBeEnabled();

  await group.getByRole('button', { name: 'Accept' }).click();
  const toast = page.getByRole('alert').filter({ hasText: 'Another choice was already made for that notification' });
  await expect(toast).toBeVisible();
  // The library fetched what the service holds: Decline is the choice.
  await expect(group.getByRole('button', { name: /Decline/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(group.getByRole('button', { name: 'Accept' })).toHaveAttribute('aria-pressed', 'false');
  await expect(group.getByRole('button', { name: 'Accept' })).toBeDisabled();
  expect((await service.get(userId, created.id)).actedAction).toBe('decline');
  // The browser logs the refused request itself; nothing else.
  expect(errors).toEqual([expect.stringContaining('409')]);
});
