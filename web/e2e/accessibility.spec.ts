import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, expectUnread, openList } from './support/fixtures';

/** axe-core's WCAG 2.1 A/AA rules on the page as it is now. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

test('accessibility: no WCAG 2.1 AA violations found by axe in the main states', async ({ page, service, userId, openInbox }) => {
  await service.create(userId, { type: 'user_mentioned', title: 'Mention for axe', content: 'Some content' });
  await service.create(userId, { type: 'missed_call', title: 'Missed call for axe' });
  await openInbox(page);
  await expectUnread(page, 2);
  expect(await violations(page), 'bell closed').toEqual([]);

  await openList(page);
  expect(await violations(page), 'list open').toEqual([]);

  await service.create(userId, { type: 'system', title: 'Urgent for axe', priority: 'urgent' });
  await expect(page.getByRole('alert').filter({ hasText: 'Urgent for axe' })).toBeVisible();
  expect(await violations(page), 'with a toast').toEqual([]);

  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Preferences' }).click();
  await expect(page.getByRole('form', { name: 'Preferences' })).toBeVisible();
  expect(await violations(page), 'preferences').toEqual([]);

  await page.goto(new URL('/', page.url()).href);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await violations(page), 'sign-in').toEqual([]);
});
