/**
 * Journey 2: a learner opens the one-time link an administrator gave them, sets a password and
 * is signed in; switches the interface to Lithuanian, opens the profile, signs out, and finds
 * the old session dead. Signing in again (after a wrong password, which gets the same message
 * as an unknown address) on another device brings the Lithuanian interface back: the choice
 * was saved to the profile, not only to a cookie.
 */
import {
  acceptInvitation,
  expect,
  expectHome,
  expectPageFrame,
  expectPath,
  heading,
  learnerInvitedByAdmin,
  main,
  nav,
  submitInvite,
  submitSignIn,
  switchLanguage,
  test,
  UI,
  uniqueEmail,
  url,
} from './support/tiltas';

test('Journey 2: a learner sets a password, works in Lithuanian, signs out, and signs in again', async ({ page, newPage }) => {
  const learner = await learnerInvitedByAdmin(newPage, 'ona');
  const en = UI.en;
  const lt = UI.lt;

  await test.step('the one-time link shows the learner\'s email; different passwords are refused', async () => {
    const response = await page.goto(learner.link);
    expect(response!.status()).toBe(200);
    await expect(heading(page, en.inviteTitle)).toBeVisible();
    await expect(main(page).getByText(learner.email, { exact: true })).toBeVisible();
    await expectPageFrame(page, 'en', 'anonymous');
    await submitInvite(page, learner.password, `${learner.password}!`);
    await expectPath(page, new URL(learner.link).pathname);
    await expect(main(page).getByText('The two passwords do not match.', { exact: true })).toBeVisible();
    await expectPageFrame(page, 'en', 'anonymous');
  });

  await test.step('a good password signs the learner in: name, role and organisation on the home page', async () => {
    await submitInvite(page, learner.password);
    await expectHome(page, 'en', { name: learner.name, roles: 'Learner', organisation: learner.organisation });
    await expectPageFrame(page, 'en', 'learner');
  });

  await test.step('the used link no longer works', async () => {
    const other = await newPage();
    await other.goto(learner.link);
    await expect(main(other).getByText(
      'This invitation link is not valid or has expired. Ask your administrator for a new one.', { exact: true },
    )).toBeVisible();
    await expect(main(other).getByLabel(en.newPassword, { exact: true })).toHaveCount(0);
    await other.context().close();
  });

  await test.step('"Lietuvių" reloads the page in Lithuanian', async () => {
    await switchLanguage(page, 'lt');
    await expectPath(page, '/');
    await expectHome(page, 'lt', { name: learner.name, roles: lt.learner, organisation: learner.organisation });
    await expectPageFrame(page, 'lt', 'learner');
    await expect(nav(page, 'lt').getByRole('link', { name: lt.home, exact: true })).toBeVisible();
    await expect(nav(page, 'lt').getByRole('link', { name: lt.profile, exact: true })).toBeVisible();
    await expect(nav(page, 'lt').getByRole('button', { name: lt.signOut, exact: true })).toBeVisible();
    await expect(page.getByText(en.welcome(learner.name))).toHaveCount(0);
  });

  await test.step('the profile is in Lithuanian, with Lithuanian as the preferred language', async () => {
    await nav(page, 'lt').getByRole('link', { name: lt.profile, exact: true }).click();
    await expect(page).toHaveURL(url('/profile'));
    await expect(heading(page, lt.profileTitle)).toBeVisible();
    await expectPageFrame(page, 'lt', 'learner');
    await expect(main(page).getByText(learner.email, { exact: true })).toBeVisible();
    await expect(main(page).getByLabel(lt.name, { exact: true })).toHaveValue(learner.name);
    await expect(main(page).getByLabel(lt.preferredLanguage, { exact: true })).toHaveValue('lt');
    await expect(main(page).getByRole('heading', { name: 'Pakeisti slaptažodį' })).toBeVisible();
    await expect(main(page).getByLabel('Dabartinis slaptažodis', { exact: true })).toBeVisible();

    await main(page).getByRole('button', { name: lt.save, exact: true }).click();
    await expectPath(page, '/profile');
    await expect(main(page).getByRole('status')).toHaveText(lt.profileSaved);
    await expect(main(page).getByLabel(lt.name, { exact: true })).toHaveValue(learner.name);
    await expectPageFrame(page, 'lt', 'learner');
  });

  const sessionCookie = (await page.context().cookies()).find((cookie) => cookie.name === 'tiltas_session');

  await test.step('"Atsijungti" signs out to the sign-in page: "Atsijungėte."', async () => {
    expect(sessionCookie, 'a signed-in browser holds a session cookie').toBeTruthy();
    await nav(page, 'lt').getByRole('button', { name: lt.signOut, exact: true }).click();
    await expect(page).toHaveURL(url('/login'));
    await expect(heading(page, lt.loginTitle)).toBeVisible();
    await expect(main(page).getByText(lt.signedOut, { exact: true })).toBeVisible();
    await expectPageFrame(page, 'lt', 'anonymous');
    await expect(nav(page, 'lt').getByRole('link', { name: lt.signIn, exact: true })).toBeVisible();
  });

  await test.step('/profile now sends to the sign-in page, even with the old session cookie put back', async () => {
    await page.goto('/profile');
    await expect(page).toHaveURL(url('/login'));
    await expect(heading(page, lt.loginTitle)).toBeVisible();

    await page.context().addCookies([sessionCookie!]);
    await page.goto('/profile');
    await expect(page).toHaveURL(url('/login'));
    await expect(heading(page, lt.loginTitle)).toBeVisible();
    await expect(main(page).getByText(lt.profileTitle)).toHaveCount(0);
    await expectPageFrame(page, 'lt', 'anonymous');
  });

  await test.step('a wrong password gets the generic message, in Lithuanian here', async () => {
    await submitSignIn(page, learner.email, 'not the right password', 'lt');
    await expectPath(page, '/login');
    await expect(main(page).getByText(lt.loginFailed, { exact: true })).toBeVisible();
    await expect(main(page).getByLabel(lt.email, { exact: true })).toHaveValue(learner.email);
    await expect(main(page).getByLabel(lt.password, { exact: true })).toHaveValue('');
    await expectPageFrame(page, 'lt', 'anonymous');
  });

  await test.step('on another device: wrong password and unknown address get the same message', async () => {
    const other = await newPage();
    await other.goto('/login');
    await expectPageFrame(other, 'en', 'anonymous');

    await submitSignIn(other, learner.email, 'not the right password either');
    await expectPath(other, '/login');
    await expect(main(other).getByText(en.loginFailed, { exact: true })).toBeVisible();
    const wrongPasswordText = await main(other).innerText();

    await submitSignIn(other, uniqueEmail('nobody'), 'not the right password either');
    await expectPath(other, '/login');
    await expect(main(other).getByText(en.loginFailed, { exact: true })).toBeVisible();
    await expect(heading(other, en.loginTitle)).toBeVisible();
    // Apart from the typed address, the page says exactly the same.
    expect(await main(other).innerText()).toBe(wrongPasswordText);

    await test.step('the right password signs in, and the interface is Lithuanian again', async () => {
      await submitSignIn(other, learner.email, learner.password);
      await expectHome(other, 'lt', { name: learner.name, roles: lt.learner, organisation: learner.organisation });
      await expectPageFrame(other, 'lt', 'learner');
      // Signed in, the sign-in page has nothing to offer: it sends home.
      await other.goto('/login');
      await expectPath(other, '/');
      await expect(heading(other, lt.welcome(learner.name))).toBeVisible();
      await other.goto('/profile');
      await expect(heading(other, lt.profileTitle)).toBeVisible();
      await expect(main(other).getByLabel(lt.preferredLanguage, { exact: true })).toHaveValue('lt');
    });
  });
});
