import { test, expect, expectUnread, items, openList, screenshot } from './support/fixtures';

/** HH:mm in UTC, `offsetMinutes` from now. */
function utcTime(offsetMinutes: number): string {
  const at = new Date(Date.now() + offsetMinutes * 60_000);
  return `${String(at.getUTCHours()).padStart(2, '0')}:${String(at.getUTCMinutes()).padStart(2, '0')}`;
}

test('toasts: a silent notification (do-not-disturb) shows no toast, an urgent one does', async ({ page, service, userId, openInbox }) => {
  // Do-not-disturb over the current time, through the preferences API.
  const put = await service.asUser(userId, 'PUT', '/api/notifications/preferences', {
    dnd: { enabled: true, start: utcTime(-60), end: utcTime(60), timeZone: 'UTC' },
  });
  expect(put.status).toBe(200);

  await openInbox(page);
  // Every toast that ever appears, recorded in the page (they auto-dismiss, so looking later is not enough).
  await page.evaluate(() => {
    const seen: string[] = ((window as { toastsSeen?: string[] }).toastsSeen = []);
    new MutationObserver(() => {
      document.querySelectorAll('[data-testid="toast"]').forEach((toast) => {
        const text = toast.textContent ?? '';
        if (!seen.includes(text)) seen.push(text);
      });
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  });

  const quiet = await service.create(userId, { title: 'Quiet message during DND' });
  expect(quiet.silent).toBe(true);
  await expectUnread(page, 1);

  const loud = await service.create(userId, { type: 'system', title: 'Urgent system notice', priority: 'urgent' });
  expect(loud.silent).toBe(false);
  const urgentToast = page.getByRole('alert').filter({ hasText: 'Urgent system notice' });
  await expect(urgentToast).toBeVisible();
  await screenshot(page, 'toast-urgent');
  await expectUnread(page, 2);

  // Both are in the list; only the urgent one was ever toasted.
  await openList(page);
  await expect(items(page)).toHaveCount(2);
  const seen = await page.evaluate(() => (window as { toastsSeen?: string[] }).toastsSeen ?? []);
  expect(seen.some((text) => text.includes('Urgent system notice'))).toBe(true);
  expect(seen.some((text) => text.includes('Quiet message during DND'))).toBe(false);

  // Toasts can be closed.
  await urgentToast.getByRole('button', { name: /Dismiss/ }).click();
  await expect(urgentToast).toHaveCount(0);
});

test('toasts: an ordinary new notification shows a status toast with its title, which dismisses itself', async ({ page, service, userId, openInbox }) => {
  // The page's timers run on Playwright's clock, so the auto-dismiss is fast-forwarded, not slept.
  await page.clock.install();
  await openInbox(page);
  await service.create(userId, { type: 'contact_request', title: 'Dana wants to connect' });
  const toast = page.getByRole('status').filter({ hasText: 'Dana wants to connect' });
  await expect(toast).toBeVisible();
  await page.clock.runFor(3000);
  await expect(toast).toBeVisible();
  await page.clock.runFor(4000);
  await expect(toast).toHaveCount(0);
});
