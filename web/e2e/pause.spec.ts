import { test, expect, expectUnread, recordConsoleErrors } from './support/fixtures';
import { waitFor } from './support/service';

test('pause: 1 h, resume, until tomorrow 9:00 in the DND zone; while paused a new one is silent; the form keeps the pause', async ({ page, service, userId, openInbox }) => {
  const errors = recordConsoleErrors(page);
  await service.asUser(userId, 'PUT', '/api/notifications/preferences', { dnd: { enabled: false, start: '22:00', end: '07:00', timeZone: 'Asia/Tokyo' } });
  await openInbox(page);
  // Every toast that ever appears (they dismiss themselves, so looking later is not enough).
  await page.evaluate(() => {
    const seen: string[] = ((window as { toastsSeen?: string[] }).toastsSeen = []);
    new MutationObserver(() => {
      document.querySelectorAll('[data-testid="toast"]').forEach((toast) => seen.push(toast.textContent ?? ''));
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.getByRole('link', { name: 'Preferences' }).click();
  const pause = page.getByRole('group', { name: 'Pause notifications' });
  await expect(pause.getByRole('status')).toHaveText('Not paused.');

  const clickedAt = Date.now();
  await pause.getByRole('button', { name: 'Pause for 1 hour' }).click();
  await expect(pause.getByRole('status')).toHaveText(/^Paused until .+ \(Asia\/Tokyo\)\.$/);
  const stored = await service.preferences(userId);
  expect(Math.abs(Date.parse(stored.pausedUntil!) - (clickedAt + 3_600_000))).toBeLessThan(60_000);

  const quiet = await service.create(userId, { title: 'Arrives while paused' });
  expect(quiet.silent).toBe(true);
  await expectUnread(page, 1);

  // Saving the form while paused keeps the pause (a PUT replaces the whole document).
  await page.getByRole('checkbox', { name: /Reaction/ }).uncheck();
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  expect((await service.preferences(userId)).pausedUntil).toBe(stored.pausedUntil);

  await pause.getByRole('button', { name: 'Resume notifications' }).click();
  await expect(pause.getByRole('status')).toHaveText('Not paused.');
  expect((await service.preferences(userId)).pausedUntil).toBeNull();
  const loud = await service.create(userId, { title: 'Arrives after resuming' });
  expect(loud.silent).toBe(false);
  await expect(page.getByRole('status').filter({ hasText: 'Arrives after resuming' })).toBeVisible();

  await pause.getByRole('button', { name: 'Pause until tomorrow 9:00' }).click();
  await expect(pause.getByRole('status')).toHaveText(/^Paused until \w{3} \d{1,2} \w{3}, 09:00 \(Asia\/Tokyo\)\.$/);
  await waitFor('the pause to reach the service', async () => (await service.preferences(userId)).pausedUntil !== null);
  const tokyo = new Date(Date.now() + 9 * 3_600_000);
  expect((await service.preferences(userId)).pausedUntil).toBe(new Date(Date.UTC(tokyo.getUTCFullYear(), tokyo.getUTCMonth(), tokyo.getUTCDate() + 1, 0)).toISOString());

  const toasts = await page.evaluate(() => (window as { toastsSeen?: string[] }).toastsSeen ?? []);
  expect(toasts.some((text) => text.includes('Arrives while paused'))).toBe(false);
  expect(toasts.some((text) => text.includes('Arrives after resuming'))).toBe(true);
  expect(errors).toEqual([]);
});
