/**
 * Journey 1: the first administrator (whose password the admin-setup project set through the
 * one-time start-up link) signs in, adds an organisation, adds a learner to it (after an
 * invalid email and a missing organisation are refused with the typed values kept), copies the
 * learner's one-time link from the page, and replaces it with a new one.
 */
import {
  addOrganisation,
  e2eState,
  expect,
  expectPageFrame,
  expectPath,
  heading,
  invitePattern,
  main,
  newPersonForm,
  nav,
  shownLink,
  signIn,
  submitNewPerson,
  suffix,
  test,
  UI,
  uniqueEmail,
  url,
} from './support/tiltas';

test('Journey 1: the administrator adds an organisation and a learner, and gets the learner a one-time link', async ({ page, newPage }) => {
  const state = e2eState();
  const t = UI.en;
  const organisation = `Kauno apskrities VPK ${suffix()}`;
  const learner = { name: `Jonas Kazlauskas ${suffix()}`, email: uniqueEmail('jonas') };
  const invalidEmail = `jonas.${suffix()}@localhost`;
  const organisationRow = () => main(page).getByRole('row').filter({ hasText: organisation });
  const learnerRow = () => main(page).getByRole('row').filter({ hasText: learner.email });
  let firstLink = '';

  await test.step('signs in and is welcomed as Administrator', async () => {
    await signIn(page, state.adminEmail, state.adminPassword);
    await expect(heading(page, t.welcome('Administrator'))).toBeVisible();
    await expectPageFrame(page, 'en', 'administrator');
  });

  await test.step('opens Organisations from the navigation and adds one', async () => {
    await nav(page).getByRole('link', { name: 'Organisations', exact: true }).click();
    await expect(page).toHaveURL(url('/admin/organisations'));
    await expect(heading(page, 'Organisations')).toBeVisible();
    await expectPageFrame(page, 'en', 'administrator');
    await expect(organisationRow()).toHaveCount(0);

    await addOrganisation(page, organisation);
    await expectPath(page, '/admin/organisations');
    await expect(organisationRow().getByRole('cell')).toHaveText([organisation, '0', /Rename$/]);
    await expectPageFrame(page, 'en', 'administrator');
  });

  await test.step('the outcome is shown once only', async () => {
    await page.goto('/admin/organisations');
    await expect(heading(page, 'Organisations')).toBeVisible();
    await expect(main(page).getByText('Organisation added.')).toHaveCount(0);
    await expect(organisationRow()).toHaveCount(1);
  });

  await test.step('the same name a second time is refused beside the field, the typed name kept', async () => {
    const field = main(page).getByLabel('Organisation name', { exact: true });
    await field.fill(organisation);
    await main(page).getByRole('button', { name: 'Add organisation', exact: true }).click();
    await expectPath(page, '/admin/organisations');
    await expect(main(page).getByText('An organisation with this name already exists.', { exact: true })).toBeVisible();
    await expect(field).toHaveAccessibleDescription('An organisation with this name already exists.');
    await expect(field).toHaveValue(organisation);
    await expect(main(page).getByText('Organisation added.')).toHaveCount(0);
    await expect(organisationRow()).toHaveCount(1);
    await expectPageFrame(page, 'en', 'administrator');
  });

  await test.step('opens People: the form suggests a learner without an organisation', async () => {
    await nav(page).getByRole('link', { name: 'People', exact: true }).click();
    await expect(page).toHaveURL(url('/admin/people'));
    await expect(heading(page, 'People')).toBeVisible();
    await expect(main(page).getByRole('heading', { name: 'Add a person' })).toBeVisible();
    await expectPageFrame(page, 'en', 'administrator');
    const select = newPersonForm(page).getByLabel('Organisation', { exact: true });
    await expect(select.locator('option').first()).toHaveText('No organisation');
    await expect(select.locator('option', { hasText: organisation })).toHaveCount(1);
    await expect(main(page).getByRole('checkbox', { name: 'Learner', exact: true })).toBeChecked();
    await expect(main(page).getByRole('checkbox', { name: 'Trainer', exact: true })).not.toBeChecked();
    await expect(main(page).getByRole('checkbox', { name: 'Administrator', exact: true })).not.toBeChecked();
    // The administrator is listed, active.
    await expect(main(page).getByRole('row').filter({ hasText: state.adminEmail })).toContainText('Active');
  });

  await test.step('an email address whose domain has no dot is refused; name and choices are kept', async () => {
    // Accepted by the browser's own check for type=email, refused by the server's.
    await submitNewPerson(page, { name: learner.name, email: invalidEmail, organisation });
    await expectPath(page, '/admin/people');
    const email = main(page).getByLabel('Email address', { exact: true });
    await expect(main(page).getByText('Enter an email address like name@example.lt.', { exact: true })).toBeVisible();
    await expect(email).toHaveAccessibleDescription('Enter an email address like name@example.lt.');
    await expect(email).toHaveValue(invalidEmail);
    await expect(main(page).getByLabel('Name', { exact: true })).toHaveValue(learner.name);
    await expect(newPersonForm(page).getByLabel('Organisation', { exact: true }).locator('option:checked')).toHaveText(organisation);
    await expect(main(page).getByRole('checkbox', { name: 'Learner', exact: true })).toBeChecked();
    await expect(main(page).getByRole('checkbox', { name: 'Trainer', exact: true })).not.toBeChecked();
    await expect(main(page).getByRole('checkbox', { name: 'Administrator', exact: true })).not.toBeChecked();
    await expect(main(page).getByRole('status')).toHaveCount(0);
    await expect(learnerRow()).toHaveCount(0);
    await expect(main(page).getByRole('row').filter({ hasText: invalidEmail })).toHaveCount(0);
    await expectPageFrame(page, 'en', 'administrator');
  });

  await test.step('a learner without an organisation is refused', async () => {
    await submitNewPerson(page, { name: learner.name, email: learner.email });
    await expectPath(page, '/admin/people');
    await expect(main(page).getByText('Choose the organisation this person belongs to.', { exact: true })).toBeVisible();
    await expect(main(page).getByLabel('Name', { exact: true })).toHaveValue(learner.name);
    await expect(main(page).getByLabel('Email address', { exact: true })).toHaveValue(learner.email);
    await expect(newPersonForm(page).getByLabel('Organisation', { exact: true }).locator('option:checked')).toHaveText('No organisation');
    await expect(learnerRow()).toHaveCount(0);
  });

  await test.step('the corrected form creates the account and shows a one-time link', async () => {
    await submitNewPerson(page, { name: learner.name, email: learner.email, organisation });
    await expectPath(page, '/admin/people');
    await expect(main(page).getByRole('status')).toContainText(
      'Account created. Give this one-time link to the person so they can set their password. It works once, for 7 days:',
    );
    await expect(shownLink(page)).toHaveText(invitePattern());
    firstLink = (await shownLink(page).textContent())!.trim();
    await expect(learnerRow().getByRole('cell')).toHaveText([
      learner.name,
      learner.email,
      organisation,
      'Learner',
      /^\s*Waiting for the person to set a password\s*New link\s*$/,
    ]);
    await expect(learnerRow().getByRole('button', { name: 'New link' })).toBeVisible();
    // The form is empty again for the next person.
    await expect(main(page).getByLabel('Email address', { exact: true })).toHaveValue('');
    await expectPageFrame(page, 'en', 'administrator');
  });

  await test.step('the organisation now counts one person', async () => {
    await nav(page).getByRole('link', { name: 'Organisations', exact: true }).click();
    await expect(organisationRow().getByRole('cell')).toHaveText([organisation, '1', /Rename$/]);
  });

  await test.step('the copied link opens the set-password page for the learner', async () => {
    const learnerPage = await newPage();
    const response = await learnerPage.goto(firstLink);
    expect(response!.status()).toBe(200);
    await expect(heading(learnerPage, t.inviteTitle)).toBeVisible();
    await expect(main(learnerPage).getByText(learner.email, { exact: true })).toBeVisible();
    await expect(main(learnerPage).getByLabel(t.newPassword, { exact: true })).toBeVisible();
    await expectPageFrame(learnerPage, 'en', 'anonymous');
  });

  await test.step('"New link" replaces the link: the old one stops working, the new one works', async () => {
    await nav(page).getByRole('link', { name: 'People', exact: true }).click();
    await learnerRow().getByRole('button', { name: 'New link' }).click();
    await expectPath(page, '/admin/people');
    await expect(main(page).getByRole('status')).toContainText('New one-time link (earlier links no longer work):');
    await expect(shownLink(page)).toHaveText(invitePattern());
    const newLink = (await shownLink(page).textContent())!.trim();
    expect(newLink).not.toBe(firstLink);
    await expectPageFrame(page, 'en', 'administrator');

    const learnerPage = await newPage();
    await learnerPage.goto(firstLink);
    await expect(main(learnerPage).getByText(
      'This invitation link is not valid or has expired. Ask your administrator for a new one.', { exact: true },
    )).toBeVisible();
    await expect(main(learnerPage).getByLabel(t.newPassword, { exact: true })).toHaveCount(0);
    await learnerPage.goto(newLink);
    await expect(main(learnerPage).getByText(learner.email, { exact: true })).toBeVisible();
    await expect(main(learnerPage).getByLabel(t.newPassword, { exact: true })).toBeVisible();
  });
});
