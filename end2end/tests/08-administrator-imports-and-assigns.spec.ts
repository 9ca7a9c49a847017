/**
 * Journey 8: an administrator imports learners from a CSV text, with a cohort named in the file;
 * a row with a mistake is reported at its line and column and nothing is imported until it is
 * corrected. The administrator then assigns a shipped course to the cohort with a due date, and
 * a learner from the file sets their password through the link the import showed and finds the
 * course and its due date on their home page. Finally the administrator opens the completion
 * report (its chart included) and downloads it as CSV. Runs with JavaScript on and off.
 */
import { COURSE } from './support/course';
import type { Page } from '@playwright/test';
import { addOrganisation, expect, heading, main, nav, signInAsAdmin, submitInvite, suffix, test, uniqueEmail } from './support/tiltas';

const COURSE_TITLE = 'Recognising trafficking and sexual exploitation';
const DUE = '2027-03-31';

test('Journey 8: an administrator imports learners, assigns a course to their cohort, and reports on it', async ({ page, newPage }) => {
  const organisation = `Klaipėdos apskrities VPK ${suffix()}`;
  const cohort = `Intake ${suffix()}`;
  const people = [
    { name: `Rūta Žemaitė ${suffix()}`, email: uniqueEmail('import-a') },
    { name: `Darius Šimkus ${suffix()}`, email: uniqueEmail('import-b') },
  ];
  const csv = (secondEmail: string) =>
    ['name,email,organisation,roles,cohort', ...[people[0].email, secondEmail].map((email, i) => `"${people[i].name}",${email},${organisation},learner,${cohort}`)].join('\n');

  await signInAsAdmin(page);
  await page.goto('/admin/organisations');
  await addOrganisation(page, organisation);

  await test.step('a row with a mistake is reported at its line and column, and nothing is imported', async () => {
    await page.goto('/admin/people');
    await main(page).getByRole('link', { name: 'Import people from CSV', exact: true }).click();
    await expect(heading(page, 'Import people from CSV')).toBeVisible();
    await main(page).getByLabel('Or paste the CSV text', { exact: true }).fill(csv('not-an-address'));
    await main(page).getByRole('button', { name: 'Preview', exact: true }).click();
    await expect(main(page).getByText('Problems to correct', { exact: true })).toBeVisible();
    // Line 1 is the header, so the second person is on line 3.
    const problems = main(page).locator('table.import-problems tbody tr');
    await expect(problems).toHaveCount(1);
    await expect(problems.getByRole('cell')).toHaveText(['3', 'email', 'Enter an email address like name@example.lt.']);
    await expect(main(page).getByRole('button', { name: 'Import', exact: true })).toHaveCount(0);
    // What was pasted is kept for correcting.
    await expect(main(page).getByLabel('Or paste the CSV text', { exact: true })).toHaveValue(csv('not-an-address'));
  });

  let links: string[] = [];
  await test.step('the corrected file is previewed and imported, and the links are shown once', async () => {
    await main(page).getByLabel('Or paste the CSV text', { exact: true }).fill(csv(people[1].email));
    await main(page).getByRole('button', { name: 'Preview', exact: true }).click();
    await expect(main(page).getByText('No problems found. Check the table, then import.', { exact: true })).toBeVisible();
    for (const person of people) {
      await expect(main(page).getByRole('row').filter({ hasText: person.email })).toContainText('New person');
    }
    await main(page).getByRole('button', { name: 'Import', exact: true }).click();
    await expect(main(page).getByText('Import finished.', { exact: true })).toBeVisible();
    const table = main(page).getByRole('table').filter({ hasText: people[0].email });
    links = await Promise.all(people.map(async (person) => ((await table.getByRole('row').filter({ hasText: person.email }).locator('code, a').first().textContent()) ?? '').trim()));
    for (const link of links) expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
  });

  await test.step('the cohort from the file holds both people; a course is assigned to it with a due date', async () => {
    await page.goto('/admin/cohorts');
    await main(page).getByRole('link', { name: cohort, exact: true }).click();
    await expect(heading(page, cohort)).toBeVisible();
    for (const person of people) {
      await expect(main(page).getByRole('row').filter({ hasText: person.email })).toHaveCount(1);
    }
    await main(page).getByLabel('Course', { exact: true }).selectOption({ label: COURSE_TITLE });
    await main(page).getByLabel('Due', { exact: true }).fill(DUE);
    await main(page).getByRole('button', { name: 'Assign course', exact: true }).click();
    await expect(main(page).getByRole('status')).toContainText('Course assigned to the cohort. Its learners are enrolled.');
    await expect(main(page).getByRole('row').filter({ hasText: COURSE_TITLE })).toContainText(DUE);
  });

  await test.step('a learner from the file sets a password and sees the course with its due date', async () => {
    const learner = await newPage();
    await learner.goto(links[0]);
    await submitInvite(learner, `imported passphrase ${suffix()}`);
    await expect(heading(learner, `Welcome, ${people[0].name}`)).toBeVisible();
    const course = main(learner).getByRole('listitem').filter({ hasText: COURSE_TITLE });
    await expect(course).toContainText(`Due: ${DUE}`);
    await expect(course.getByRole('link', { name: COURSE_TITLE })).toHaveAttribute('href', new RegExp(`/courses/${COURSE}`));
    await learner.context().close();
  });

  await test.step('the completion report shows the cohort, its chart, and downloads as CSV', async () => {
    await reportSteps(page, cohort, COURSE_TITLE, people.length);
  });
});

/**
 * The completion report narrowed to the cohort (filters in the address, so it can be
 * bookmarked), its two charts with their figures, and the CSV download: UTF-8 with a
 * byte-order mark, so that a spreadsheet reads the Lithuanian letters.
 */
async function reportSteps(page: Page, cohort: string, courseTitle: string, enrolled: number): Promise<void> {
  await nav(page).getByRole('link', { name: 'Reports', exact: true }).click();
  await expect(heading(page, 'Completion report')).toBeVisible();
  await main(page).getByLabel('Cohort', { exact: true }).selectOption({ label: cohort });
  await main(page).getByRole('button', { name: 'Show report', exact: true }).click();
  await expect(page).toHaveURL(/[?&]cohort=/);
  const row = main(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: courseTitle, exact: true }) });
  // The first figure is "Enrolled": both people of the cohort, neither started yet.
  await expect(row.getByRole('cell').nth(0)).toHaveText(String(enrolled));
  await expect(row.getByRole('cell').nth(1)).toHaveText(String(enrolled));

  const charts = main(page).locator('svg[role="img"]');
  await expect(charts).toHaveCount(2);
  for (const title of ['Courses completed per month, by organisation', 'Best scores at graded assessments']) {
    await expect(main(page).locator('figure').filter({ hasText: title })).toHaveCount(1);
  }
  const figures = main(page).locator('figure details').first();
  await figures.locator('summary').click();
  await expect(figures.getByRole('table')).toBeVisible();

  // The link's own address, fetched with the administrator's cookies: the file as a browser saves it.
  const href = await main(page).getByRole('link', { name: 'Download as CSV (for spreadsheets)', exact: true }).getAttribute('href');
  expect(href).toMatch(/^\/admin\/reports\.csv\?.*cohort=/);
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-disposition']).toMatch(/^attachment; filename=".+\.csv"$/);
  const bytes = await response.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  expect(text).toContain(courseTitle);
}
