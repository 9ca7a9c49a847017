/**
 * Journey 9: an organisation administrator, working in Lithuanian, manages the people of their
 * own organisation and nobody else's. They deactivate a learner, who is signed out at once and
 * told why when they try to sign in again, then reactivate them; and they erase another
 * person's data, after which the people list no longer shows that person. Runs with JavaScript
 * on and off.
 */
import type { Page } from '@playwright/test';
import {
  addOrganisation,
  expect,
  heading,
  main,
  type NewPerson,
  shownLink,
  signIn,
  signInAsAdmin,
  submitInvite,
  submitNewPerson,
  submitSignIn,
  suffix,
  switchLanguage,
  test,
  UI,
  uniqueEmail,
} from './support/tiltas';

const PASSWORD = `organisation passphrase ${Date.now()}`;

/** Creates the person on /admin/people and returns their one-time link and their page's address. */
async function createPerson(page: Page, person: NewPerson): Promise<{ link: string; pagePath: string }> {
  await page.goto('/admin/people');
  await submitNewPerson(page, person);
  await expect(main(page).getByRole('status')).toContainText('Account created.');
  const link = (await shownLink(page).textContent())!.trim();
  await page.goto(`/admin/people?q=${encodeURIComponent(person.email)}`);
  const pagePath = (await main(page).getByRole('link', { name: person.name, exact: true }).getAttribute('href'))!;
  return { link, pagePath };
}

/** Opens the one-time link in a browser of its own and sets the password. */
async function acceptLink(newPage: () => Promise<Page>, link: string): Promise<Page> {
  const page = await newPage();
  await page.goto(link);
  await submitInvite(page, PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  return page;
}

test('Journey 9: an organisation administrator manages only their own people', async ({ page, newPage }) => {
  const own = `Šiaulių apskrities VPK ${suffix()}`;
  const other = `Panevėžio apskrities VPK ${suffix()}`;
  const person = (label: string, name: string, organisation: string, roles: NewPerson['roles'] = ['Learner']): NewPerson => ({
    name: `${name} ${suffix()}`,
    email: uniqueEmail(label),
    organisation,
    roles,
  });
  const orgAdmin = person('org-admin', 'Rasa Vaitkienė', own, ['Organisation administrator']);
  const learner = person('deactivated', 'Tomas Kazlauskas', own);
  const leaver = person('erased', 'Aistė Jankauskienė', own);
  const stranger = person('stranger', 'Marius Petrauskas', other);

  const links: Record<string, { link: string; pagePath: string }> = {};
  await test.step('a platform administrator sets up two organisations and their people', async () => {
    await signInAsAdmin(page);
    await page.goto('/admin/organisations');
    await addOrganisation(page, own);
    await addOrganisation(page, other);
    for (const [key, someone] of Object.entries({ orgAdmin, learner, leaver, stranger })) {
      links[key] = await createPerson(page, someone);
    }
  });

  const admin = await acceptLink(newPage, links.orgAdmin.link);
  const learnerPage = await acceptLink(newPage, links.learner.link);
  await expect(heading(learnerPage, UI.en.welcome(learner.name))).toBeVisible();

  await test.step('in Lithuanian, the people list holds their organisation only', async () => {
    await switchLanguage(admin, 'lt');
    await admin.goto('/admin/people');
    await expect(heading(admin, 'Žmonės')).toBeVisible();
    for (const someone of [learner, leaver]) {
      await expect(main(admin).getByRole('row').filter({ hasText: someone.email })).toHaveCount(1);
    }
    await expect(main(admin).getByText(stranger.email)).toHaveCount(0);
    // Another organisation's person is not found, even by their address.
    const response = await admin.goto(links.stranger.pagePath);
    expect(response!.status()).toBe(404);
    await expect(main(admin).getByText(stranger.name)).toHaveCount(0);
  });

  await test.step('deactivating a learner signs them out, and signing in says why', async () => {
    await admin.goto(links.learner.pagePath);
    await main(admin).getByRole('button', { name: 'Išjungti paskyrą', exact: true }).click();
    await expect(main(admin).getByRole('status')).toContainText('Paskyra išjungta, visos jos sesijos baigtos.');
    await expect(main(admin).locator('dd').filter({ hasText: /^Išjungta$/ })).toHaveCount(1);

    await learnerPage.goto('/');
    await expect(heading(learnerPage, UI.en.welcomeAnonymous)).toBeVisible();
    await learnerPage.goto('/login');
    await submitSignIn(learnerPage, learner.email, PASSWORD);
    await expect(main(learnerPage).getByText('This account has been deactivated. Ask your administrator if you need access again.')).toBeVisible();
  });

  await test.step('reactivating lets them sign in again', async () => {
    await main(admin).getByRole('button', { name: 'Vėl įjungti paskyrą', exact: true }).click();
    await expect(main(admin).getByRole('status')).toContainText('Paskyra vėl įjungta. Asmuo vėl gali prisijungti.');
    await signIn(learnerPage, learner.email, PASSWORD);
    await expect(heading(learnerPage, UI.en.welcome(learner.name))).toBeVisible();
  });

  await test.step("erasing a person's data takes them off the people list", async () => {
    await admin.goto(links.leaver.pagePath);
    await main(admin).getByRole('link', { name: 'Kas bus padaryta', exact: true }).click();
    await expect(heading(admin, 'Asmens duomenų ištrynimas')).toBeVisible();
    const confirmation = main(admin).getByLabel('Patvirtinkite įvesdami šio asmens el. pašto adresą', { exact: true });
    // A wrong address is refused, and what was typed is kept to correct.
    await confirmation.fill(`x${leaver.email}`);
    await main(admin).getByRole('button', { name: 'Ištrinti šio asmens duomenis', exact: true }).click();
    await expect(main(admin).getByText('Tai ne šio asmens el. pašto adresas. Įveskite jį tiksliai taip, kaip nurodyta aukščiau.')).toBeVisible();
    await expect(confirmation).toHaveValue(`x${leaver.email}`);
    await confirmation.fill(leaver.email);
    await main(admin).getByRole('button', { name: 'Ištrinti šio asmens duomenis', exact: true }).click();
    await expect(main(admin).getByRole('status')).toContainText('Asmens duomenys ištrinti.');

    await admin.goto('/admin/people');
    await expect(main(admin).getByRole('row').filter({ hasText: learner.email })).toHaveCount(1);
    await expect(main(admin).getByText(leaver.email)).toHaveCount(0);
    await expect(main(admin).getByText(leaver.name)).toHaveCount(0);
  });
  await admin.context().close();
  await learnerPage.context().close();
});
