import { test, expect, screenshot } from './support/fixtures';

test('preferences: the view saves disabled types, mutes and DND, and shows the server\'s validation errors', async ({ page, service, userId, openInbox }) => {
  await openInbox(page);
  await page.getByRole('link', { name: 'Preferences' }).click();
  const form = page.getByRole('form', { name: 'Preferences' });
  await expect(form).toBeVisible();

  await form.getByRole('checkbox', { name: /Reaction/ }).uncheck();
  await form.getByLabel('Conversation id').fill('team-room');
  await form.getByRole('button', { name: 'Mute', exact: true }).click();
  await expect(form.getByRole('button', { name: 'Unmute team-room' })).toBeVisible();
  await form.getByRole('checkbox', { name: 'Enabled' }).check();
  await form.getByLabel('From (HH:mm)').fill('21:30');
  await form.getByLabel('Until (HH:mm)').fill('06:45');
  await form.getByLabel('Time zone').selectOption('Europe/Paris');
  await form.getByRole('button', { name: 'Save preferences' }).click();
  await expect(form.getByText('Saved.')).toBeVisible();
  await screenshot(page, 'preferences');

  const stored = await (await service.asUser(userId, 'GET', '/api/notifications/preferences')).json();
  expect(stored).toMatchObject({
    disabledTypes: ['message_reaction'],
    mutedConversations: ['team-room'],
    dnd: { enabled: true, start: '21:30', end: '06:45', timeZone: 'Europe/Paris' },
  });

  // A conversation id the service refuses (a space is not allowed): its 400 problem's errors are shown.
  await form.getByLabel('Conversation id').fill('not valid!');
  await form.getByRole('button', { name: 'Mute', exact: true }).click();
  await form.getByRole('button', { name: 'Save preferences' }).click();
  await expect(form.getByRole('alert')).toContainText('mutedConversations');
  await expect(form.getByText('Saved.')).toHaveCount(0);

  // Reload: the view is the hash, and it shows what the service stored.
  await page.reload();
  await expect(page.getByRole('form', { name: 'Preferences' }).getByRole('button', { name: 'Unmute team-room' })).toBeVisible();
});
