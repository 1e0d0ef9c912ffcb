import { test, expect, expectUnread, openList } from './support/fixtures';

test('virtualization: a 2,000-item list keeps fewer than 100 item nodes in the DOM while scrolling to the oldest', async ({ page, service, userId, openInbox }) => {
  test.setTimeout(150_000);
  const created = await service.createMany(userId, 2000, 'Bulk', 48);
  const oldest = created[0]!;
  await openInbox(page);
  await expectUnread(page, 2000, 15_000);
  await expect(page.getByTestId('badge')).toHaveText('99+');
  await openList(page);

  // The largest number of item nodes ever in the DOM, watched in the page while it scrolls.
  await page.evaluate(() => {
    const state = ((window as { itemNodes?: { max: number } }).itemNodes = { max: 0 });
    const count = () => {
      state.max = Math.max(state.max, document.querySelectorAll('[data-testid="notification-item"]').length);
    };
    count();
    new MutationObserver(count).observe(document.body, { childList: true, subtree: true });
  });

  const list = page.getByTestId('notification-list');
  const end = page.getByText('That is everything.');
  const deadline = Date.now() + 120_000;
  while (!(await end.isVisible())) {
    expect(Date.now(), 'reached the end of the list in time').toBeLessThan(deadline);
    await list.evaluate((element) => element.scrollBy(0, 1500));
    // Let the page render the new window (and the next page load start) before measuring.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await page.getByTestId('notification-item').count()).toBeLessThan(100);
  }
  await list.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  const last = page.locator('[data-testid="notification-item"][aria-posinset="2000"]');
  await expect(last.locator('.notification-title')).toHaveText(oldest.title);
  const max = await page.evaluate(() => (window as { itemNodes?: { max: number } }).itemNodes!.max);
  console.log(`most item nodes in the DOM while scrolling 2,000 items: ${max}`);
  expect(max).toBeLessThan(100);
  expect(max).toBeGreaterThan(0);
});
