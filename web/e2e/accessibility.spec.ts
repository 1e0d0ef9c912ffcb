import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, expectUnread, openList, showShelf } from './support/fixtures';

/** axe-core's WCAG 2.1 A/AA rules on the page as it is now. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

test('accessibility: no WCAG 2.1 AA violations found by axe in the main states', async ({ page, service, userId, openInbox }) => {
  await service.create(userId, { type: 'user_mentioned', title: 'Mention for axe', content: 'Some content' });
  await service.create(userId, { type: 'missed_call', title: 'Missed call for axe' });
  // v2: a collapsed one and one with actions (one taken), so their parts are in the list too.
  await service.create(userId, { title: 'Collapsed for axe', collapseKey: 'axe' });
  await service.create(userId, { title: 'Collapsed for axe', collapseKey: 'axe' });
  const withActions = await service.create(userId, { title: 'Actions for axe', actions: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] });
  await service.create(userId, { title: 'Chosen for axe', actions: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] });
  await openInbox(page);
  await expectUnread(page, 5);
  expect(await violations(page), 'bell closed').toEqual([]);

  await openList(page);
  await page.getByRole('group', { name: 'Actions: Chosen for axe' }).getByRole('button', { name: 'Yes' }).click();
  await expect(page.getByRole('group', { name: 'Actions: Chosen for axe' }).getByRole('button', { name: /Yes/ })).toHaveAttribute('aria-pressed', 'true');
  expect(await violations(page), 'list open').toEqual([]);

  await page.getByRole('button', { name: 'Snooze: Actions for axe' }).click();
  await expect(page.getByRole('group', { name: 'Snooze Actions for axe until' })).toBeVisible();
  expect(await violations(page), 'snooze choices').toEqual([]);
  await page.getByRole('button', { name: 'Tomorrow 9:00' }).click();
  await page.getByRole('button', { name: 'Archive: Missed call for axe' }).click();
  await showShelf(page, 'Snoozed');
  await expect(page.getByRole('button', { name: `Unsnooze: ${withActions.title}` })).toBeVisible();
  expect(await violations(page), 'snoozed view').toEqual([]);
  await showShelf(page, 'Archive');
  await expect(page.getByRole('button', { name: 'Unarchive: Missed call for axe' })).toBeVisible();
  expect(await violations(page), 'archive view').toEqual([]);
  await showShelf(page, 'Inbox');

  await service.create(userId, { type: 'system', title: 'Urgent for axe', priority: 'urgent' });
  await expect(page.getByRole('alert').filter({ hasText: 'Urgent for axe' })).toBeVisible();
  expect(await violations(page), 'with a toast').toEqual([]);

  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: 'Preferences' }).click();
  await expect(page.getByRole('form', { name: 'Preferences' })).toBeVisible();
  expect(await violations(page), 'preferences').toEqual([]);
  await page.getByRole('button', { name: 'Pause for 1 hour' }).click();
  await expect(page.getByRole('button', { name: 'Resume notifications' })).toBeVisible();
  expect(await violations(page), 'preferences, paused').toEqual([]);

  await page.goto(new URL('/', page.url()).href);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await violations(page), 'sign-in').toEqual([]);
});
