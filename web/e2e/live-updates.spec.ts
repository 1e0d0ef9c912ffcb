import { test, expect, itemButton, bell, expectUnread, items, openList, screenshot } from './support/fixtures';

test('live: the badge and the open list update within 1 s of a create', async ({ page, service, userId, openInbox }) => {
  await service.create(userId, { type: 'user_mentioned', title: 'Earlier mention', senderUsername: 'Bob' });
  await openInbox(page);
  await expectUnread(page, 1);
  await screenshot(page, 'bell-with-badge');

  // Record, in the page, the moment the bell's accessible name changes (no polling delay in the measurement).
  await page.evaluate(() => {
    const button = document.querySelector('[data-bell]')!;
    const before = button.getAttribute('aria-label');
    new MutationObserver((_, observer) => {
      if (button.getAttribute('aria-label') !== before) {
        (window as { badgeChangedAt?: number }).badgeChangedAt = Date.now();
        observer.disconnect();
      }
    }).observe(button, { attributes: true, attributeFilter: ['aria-label'] });
  });
  await openList(page);
  await expect(items(page)).toHaveCount(1);

  const sentAt = Date.now();
  await service.create(userId, { type: 'missed_call', title: 'Missed call from Carol', senderUsername: 'Carol' });
  await expectUnread(page, 2, 1000);
  await expect(itemButton(page, 'Missed call from Carol')).toBeVisible({ timeout: 1000 });
  const changedAt = await page.evaluate(() => (window as { badgeChangedAt?: number }).badgeChangedAt);
  expect(changedAt).toBeDefined();
  const elapsed = changedAt! - sentAt;
  console.log(`create→badge: ${elapsed} ms`);
  test.info().annotations.push({ type: 'create→badge ms', description: String(elapsed) });
  expect(elapsed).toBeLessThan(1000);

  // Newest first, each with its type's icon, an unread dot and a relative time.
  await expect(items(page).first()).toContainText('Missed call from Carol');
  await expect(items(page).first().locator('.type-icon')).toHaveText('📞');
  await expect(items(page).first().locator('.type-icon')).toHaveClass(/type-red/);
  await expect(items(page).nth(1).locator('.type-icon')).toHaveText('@');
  await expect(items(page).first().locator('.unread-dot')).toBeVisible();
  await expect(items(page).first().locator('time')).toHaveText('just now');
  await screenshot(page, 'list-open');
});

test('keyboard: focus moves into the popover, Escape closes it and gives focus back to the bell', async ({ page, service, userId, openInbox }) => {
  await service.create(userId, { title: 'Keyboard item' });
  await openInbox(page);
  await expectUnread(page, 1);
  await bell(page).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: /Notifications/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { name: /Notifications/ })).toBeFocused();
  await expect(bell(page)).toHaveAttribute('aria-expanded', 'true');
  // The item is a named button reachable by keyboard; Enter on it marks it read.
  const item = itemButton(page, 'Keyboard item');
  await item.focus();
  await page.keyboard.press('Enter');
  await expectUnread(page, 0);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(bell(page)).toBeFocused();
  await expect(bell(page)).toHaveAttribute('aria-expanded', 'false');
});

test('relative times stay fresh: "just now" becomes "1 min ago" without a reload', async ({ page, service, userId, openInbox }) => {
  // Playwright's clock: a minute passes at once (the hub may then reconnect; the time text does not care).
  await page.clock.install();
  await openInbox(page);
  await service.create(userId, { title: 'Ages well' });
  await openList(page);
  const time = items(page).first().locator('time');
  await expect(time).toHaveText('just now');
  await page.clock.runFor(65_000);
  await expect(time).toHaveText('1 min ago');
});
