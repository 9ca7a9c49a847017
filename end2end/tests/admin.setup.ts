/**
 * Journey 1, first part, run exactly once per suite (the link works once): the founding
 * administrator opens the set-up link the server printed on first start, tries a password that
 * is too short, then one that does not match its repetition, then sets a good one and lands on
 * the home page signed in. The password chosen here (from global-setup) is what every later
 * test signs in with.
 */
import { test as setup } from '@playwright/test';
import { e2eState, expect, expectHome, expectPageFrame, expectPath, heading, main, nav, submitInvite, submitSignIn, UI, url } from './support/tiltas';

setup('the first administrator sets a password from the one-time start-up link', async ({ page }) => {
  const state = e2eState();
  const t = UI.en;

  await setup.step('the link opens the set-password page for the administrator', async () => {
    const response = await page.goto(state.setupLink);
    expect(response!.status()).toBe(200);
    await expect(heading(page, t.inviteTitle)).toBeVisible();
    await expect(main(page).getByText(state.adminEmail, { exact: true })).toBeVisible();
    await expectPageFrame(page, 'en', 'anonymous');
  });

  await setup.step('a password shorter than 12 characters is refused beside the field', async () => {
    await submitInvite(page, 'short pass', 'short pass');
    await expectPath(page, new URL(state.setupLink).pathname);
    const password = main(page).getByLabel(t.newPassword, { exact: true });
    await expect(main(page).getByText('Use at least 12 characters.', { exact: true })).toBeVisible();
    await expect(password).toHaveAccessibleDescription(/Use at least 12 characters\./);
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    // Passwords are never sent back into the page.
    await expect(password).toHaveValue('');
    await expectPageFrame(page, 'en', 'anonymous');
  });

  await setup.step('two different passwords are refused', async () => {
    await submitInvite(page, state.adminPassword, `${state.adminPassword} typo`);
    await expectPath(page, new URL(state.setupLink).pathname);
    await expect(main(page).getByText('The two passwords do not match.', { exact: true })).toBeVisible();
    await expect(main(page).getByLabel(t.newPassword, { exact: true })).toHaveValue('');
  });

  await setup.step('a good password signs the administrator in and lands on the home page', async () => {
    await submitInvite(page, state.adminPassword);
    await expectHome(page, 'en', { name: 'Administrator', roles: 'Administrator' });
    await expectPageFrame(page, 'en', 'administrator');
  });

  await setup.step('the link cannot be used a second time', async () => {
    await page.goto(state.setupLink);
    await expect(heading(page, t.inviteTitle)).toBeVisible();
    await expect(main(page).getByText(
      'This invitation link is not valid or has expired. Ask your administrator for a new one.', { exact: true },
    )).toBeVisible();
    await expect(main(page).getByRole('button', { name: t.savePassword })).toHaveCount(0);
    await expect(main(page).getByLabel(t.newPassword, { exact: true })).toHaveCount(0);
  });

  await setup.step('the chosen password works for signing in again', async () => {
    await nav(page).getByRole('button', { name: t.signOut, exact: true }).click();
    await expect(page).toHaveURL(url('/login'));
    await expect(main(page).getByText(t.signedOut, { exact: true })).toBeVisible();
    await submitSignIn(page, state.adminEmail, state.adminPassword);
    await expectHome(page, 'en', { name: 'Administrator', roles: 'Administrator' });
  });
});
