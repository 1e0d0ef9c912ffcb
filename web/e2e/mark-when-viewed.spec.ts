import type { Request } from '@playwright/test';
import { test, expect, expectUnread, items, openList } from './support/fixtures';

const isReadRequest = (request: Request) => request.method() === 'PATCH' && /\/api\/notifications\/[^/]+\/read$/.test(new URL(request.url()).pathname);

test('mark read when viewed: off by default (opening marks nothing); on, items 2 s in view are marked read in one batch', async ({ page, service, userId, openInbox }) => {
  // 20 notifications: more than the list shows at once, so the ones below the fold must stay unread.
  await service.createMany(userId, 20, 'Viewed', 4);
  // The page's timers run on Playwright's clock, so "2 s in view" is fast-forwarded, not slept.
  await page.clock.install();
  await openInbox(page);
  await expectUnread(page, 20);
  const reads: { url: string; at: number }[] = [];
  page.on('request', (request) => isReadRequest(request) && reads.push({ url: request.url(), at: Date.now() }));

  await openList(page);
  await expect(page.getByRole('checkbox', { name: /Mark read when viewed/ })).not.toBeChecked();
  await expect(items(page).first()).toBeVisible();
  await page.clock.runFor(5000);
  await expectUnread(page, 20);
  expect(reads).toHaveLength(0);

  await page.getByRole('checkbox', { name: /Mark read when viewed/ }).check();
  await page.clock.runFor(1500);
  expect(reads).toHaveLength(0);
  await page.clock.runFor(1000);
  // The rows at least half in view are due: a 448 px viewport of 104 px rows shows 4 to 5 of them.
  await expect.poll(() => reads.length).toBeGreaterThanOrEqual(4);
  const inView = await page.getByTestId('notification-list').evaluate((list) => {
    const box = list.getBoundingClientRect();
    return [...list.querySelectorAll<HTMLElement>('[data-testid="notification-item"]')].filter((row) => {
      const r = row.getBoundingClientRect();
      const visible = Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top);
      return visible >= r.height / 2;
    }).length;
  });
  await expectUnread(page, 20 - inView);
  expect(reads).toHaveLength(inView);
  // One batch: all requests left together, not one every 2 s.
  expect(Math.max(...reads.map((r) => r.at)) - Math.min(...reads.map((r) => r.at))).toBeLessThan(500);
  await expect(page.locator('[data-testid="notification-item"][data-unread="true"]').first()).toBeAttached();
});
