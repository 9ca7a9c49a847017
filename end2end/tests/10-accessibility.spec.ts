/**
 * Accessibility, kept by tests: every page the server serves, for every kind of person who can
 * open it (a stranger, a learner, a trainer, an administrator), with the error pages and forms
 * showing their errors, in English and Lithuanian, at 360 px and 1280 px, checked by axe-core
 * against WCAG 2.1 A and AA. The project decides JavaScript on or off. Zero violations of any
 * impact are allowed.
 *
 * `CHECKS` is keyed by the page patterns the router serves: the first test compares its keys
 * with what `tiltas routes` prints, so a new page without a check (or a check of a page that is
 * gone) fails the suite.
 *
 * For speed, each person keeps one browser context for the whole run and visits the pages in
 * it, once per language (see `combinations` for the widths).
 */
import type { Page } from '@playwright/test';
import { COURSE, COURSE_TEXT, courseModules } from './support/course';
import {
  axeViolations,
  preparePeople,
  scriptFreeChecker,
  servedPagePatterns,
  ROLES,
  WIDTHS,
  type People,
  type Records,
  type Role,
} from './support/accessibility';
import { expect, main, switchLanguage, test, UI, type Lang } from './support/tiltas';

/** One state of a page to check: where to go, and what to do there first (a form with errors). */
interface Visit {
  label: string;
  path: string;
  /** The HTTP status the page must answer with (default 200). */
  status?: number;
  act?: (page: Page, lang: Lang) => Promise<void>;
}

type Checks = Partial<Record<Role, Visit[]>>;

const SCENARIO = 'flat-in-klaipeda';
const modules = courseModules();
const PRACTICE = modules[0];
const ASSESSMENT = modules.find((m) => m.graded)!;
const SCENARIO_MODULE = modules[3];

const TEXT = {
  en: { organisationName: 'Organisation name', name: 'Name' },
  lt: { organisationName: 'Organizacijos pavadinimas', name: 'Vardas ir pavardė' },
};

/** The course page's offline control (see 12-offline.spec.ts). */
const KEEP = {
  en: { keep: 'Keep this course on this device', kept: 'This course is kept on this device: its modules open without a connection.' },
  lt: { keep: 'Išsaugoti šį kursą šiame įrenginyje', kept: 'Šis kursas išsaugotas šiame įrenginyje: jo moduliai atsidaro ir be interneto ryšio.' },
};

/** Fills a field found by its label and submits its form with Enter, as a keyboard user does. */
async function submitWith(page: Page, label: string, value: string): Promise<void> {
  const field = main(page).getByLabel(label, { exact: true }).first();
  await field.fill(value);
  await Promise.all([page.waitForLoadState('load'), field.press('Enter')]);
  await page.waitForLoadState('load');
}

/** The same visit for several people. */
function forAll(roles: Role[], visits: Visit[]): Checks {
  return Object.fromEntries(roles.map((role) => [role, visits]));
}

const SIGNED_IN: Role[] = ['learner', 'trainer', 'administrator'];

/** Every page pattern the router serves, and the states of it each person is shown. */
function pageChecks(r: Records): Record<string, Checks> {
  const course = `/courses/${COURSE}`;
  return {
    '/': forAll(ROLES, [{ label: 'home', path: '/' }]),
    '/login': {
      anonymous: [
        { label: 'sign-in', path: '/login' },
        {
          label: 'sign-in refused',
          path: '/login',
          act: async (page, lang) => {
            await main(page).getByLabel(UI[lang].email, { exact: true }).fill(r.learner.email);
            await submitWith(page, UI[lang].password, 'not the password at all');
            await expect(main(page).getByText(UI[lang].loginFailed)).toBeVisible();
          },
        },
      ],
    },
    // Self-registration is off in the suite's server: the page says it is not offered.
    '/register': { anonymous: [{ label: 'registration (off)', path: '/register' }] },
    '/invite/{token}': {
      anonymous: [
        { label: 'set password', path: r.pendingInvite },
        {
          label: 'set password refused',
          path: r.pendingInvite,
          act: async (page, lang) => {
            await main(page).getByLabel(UI[lang].newPassword, { exact: true }).fill('a long enough passphrase');
            await submitWith(page, UI[lang].repeatPassword, 'another long passphrase');
            await expect(main(page).locator('[aria-invalid="true"]').first()).toBeVisible();
          },
        },
        { label: 'invalid invitation', path: '/invite/not-a-real-token', status: 404 },
      ],
    },
    '/verify/{id}': forAll(ROLES, [{ label: 'certificate check', path: `/verify/${r.certificateId}` }]),
    '/profile': {
      ...forAll(SIGNED_IN, [{ label: 'profile', path: '/profile' }]),
      learner: [
        { label: 'profile', path: '/profile' },
        {
          label: 'profile refused',
          path: '/profile',
          act: async (page, lang) => {
            await submitWith(page, TEXT[lang].name, ' ');
            await expect(main(page).locator('[aria-invalid="true"]').first()).toBeVisible();
          },
        },
      ],
    },
    '/courses': forAll(SIGNED_IN, [{ label: 'catalogue', path: '/courses' }]),
    '/glossary': forAll(SIGNED_IN, [{ label: 'glossary', path: '/glossary' }]),
    '/courses/{slug}': {
      ...forAll(SIGNED_IN, [{ label: 'course', path: course }]),
      learner: [
        { label: 'course', path: course },
        {
          // With JavaScript the "keep this course on this device" control shows, and its
          // outcome; without, it stays hidden (offline reading needs a service worker).
          label: 'course kept on the device',
          path: course,
          act: async (page, lang) => {
            const keep = main(page).getByRole('button', { name: KEEP[lang].keep, exact: true });
            if (!(await keep.isVisible())) return;
            await keep.click();
            await expect(main(page).locator('#offline-keep').getByRole('status')).toHaveText(KEEP[lang].kept, { timeout: 60_000 });
          },
        },
      ],
    },
    // What the service worker shows for a page not kept when there is no connection.
    '/offline': forAll(ROLES, [{ label: 'offline page', path: '/offline' }]),
    '/courses/{slug}/modules/{module}': {
      learner: [
        { label: 'module content note', path: `${course}/modules/${PRACTICE.id}` },
        {
          label: 'module answered',
          path: `${course}/modules/${PRACTICE.id}?note=read`,
          act: async (page, lang) => {
            const question = main(page).locator(`#question-${PRACTICE.questions[0].id}`);
            const check = question.getByRole('button', { name: lang === 'en' ? 'Check my answer' : 'Tikrinti atsakymą', exact: true });
            if ((await check.count()) > 0) {
              await question.locator('input[type="radio"], input[type="checkbox"]').first().check();
              await check.click();
            }
            await expect(question.locator('.feedback').first()).toBeVisible();
          },
        },
        { label: 'graded assessment', path: `${course}/modules/${ASSESSMENT.id}?note=read` },
        { label: 'module with its scenario', path: `${course}/modules/${SCENARIO_MODULE.id}?note=read` },
      ],
    },
    '/courses/{slug}/scenarios/{scenario}': {
      learner: [
        { label: 'scenario', path: `${course}/scenarios/${SCENARIO}` },
        {
          label: 'scenario step played',
          path: `${course}/scenarios/${SCENARIO}`,
          act: async (page, lang) => {
            const t = COURSE_TEXT[lang];
            const start = main(page).getByRole('button', { name: t.startScenario, exact: true });
            if ((await start.count()) > 0) await start.click();
            const confirm = main(page).getByRole('button', { name: t.confirm, exact: true });
            if ((await confirm.count()) > 0) {
              await main(page).locator('input[name="choice"]').first().check();
              await confirm.click();
              await expect(main(page).getByRole('heading', { name: t.whatHappened })).toBeVisible();
            }
          },
        },
      ],
    },
    '/certificates': forAll(SIGNED_IN, [{ label: 'my certificates', path: '/certificates' }]),
    '/certificates/{id}': forAll(['learner', 'administrator'], [{ label: 'certificate', path: `/certificates/${r.certificateId}` }]),
    '/admin/organisations': {
      administrator: [
        { label: 'organisations', path: '/admin/organisations' },
        {
          label: 'organisation refused',
          path: '/admin/organisations',
          act: async (page, lang) => {
            await submitWith(page, TEXT[lang].organisationName, r.organisation);
            await expect(main(page).locator('[aria-invalid="true"]').first()).toBeVisible();
          },
        },
      ],
    },
    '/admin/people': {
      administrator: [
        { label: 'people', path: '/admin/people' },
        {
          label: 'new person refused',
          path: '/admin/people',
          act: async (page) => {
            const form = main(page).locator('form', { has: page.locator('input[name="email"]') });
            await form.locator('input[name="name"]').fill('Jonas Jonaitis');
            await form.locator('input[name="email"]').fill('jonas@localhost');
            await Promise.all([page.waitForLoadState('load'), form.locator('input[name="email"]').press('Enter')]);
            await expect(main(page).locator('[aria-invalid="true"]').first()).toBeVisible();
          },
        },
      ],
    },
    '/admin/people/import': { administrator: [{ label: 'import people', path: '/admin/people/import' }] },
    '/admin/people/{id}': { administrator: [{ label: 'person', path: `/admin/people/${r.learner.id}` }] },
    '/admin/people/{id}/erase': { administrator: [{ label: 'erase a person', path: `/admin/people/${r.learner.id}/erase` }] },
    '/admin/cohorts': { administrator: [{ label: 'cohorts', path: '/admin/cohorts' }] },
    '/admin/cohorts/{id}': { administrator: [{ label: 'cohort', path: `/admin/cohorts/${r.cohortId}` }] },
    '/admin/assignments': { administrator: [{ label: 'assignments', path: '/admin/assignments' }] },
    '/admin/certificates': { administrator: [{ label: 'certificates', path: '/admin/certificates' }] },
    '/admin/reports': { administrator: [{ label: 'completion report', path: '/admin/reports' }] },
    '/admin/reports/people': { administrator: [{ label: 'people behind a figure', path: '/admin/reports/people?status=enrolled' }] },
    '/admin/reports/people/{id}': { administrator: [{ label: "a person's records", path: `/admin/reports/people/${r.learner.id}` }] },
    '/admin/audit': { administrator: [{ label: 'audit log', path: '/admin/audit' }] },
    // Single sign-on (issue 15): the identity providers and the organisations' passwords.
    '/admin/single-sign-on': { administrator: [{ label: 'single sign-on', path: '/admin/single-sign-on' }] },
    '/author': { trainer: [{ label: 'course editor', path: '/author' }] },
    '/author/courses/{slug}': { trainer: [{ label: 'a course in the editor', path: `/author/courses/${COURSE}` }] },
    '/author/courses/{slug}/files/{file}': {
      trainer: [{ label: 'a file in the editor', path: `/author/courses/${COURSE}/files/02-indicators.en.md` }],
    },
    '/author/courses/{slug}/results': forAll(['trainer', 'administrator'], [{ label: 'course results', path: `/author/courses/${COURSE}/results` }]),
  };
}

/** The error pages, which are no route of their own. */
const ERROR_PAGES: Checks = {
  anonymous: [{ label: 'not found', path: '/no-such-page', status: 404 }],
  learner: [
    { label: 'not found', path: '/no-such-page', status: 404 },
    { label: 'forbidden', path: '/admin/people', status: 403 },
  ],
  trainer: [{ label: 'forbidden', path: '/admin/reports', status: 403 }],
  administrator: [
    { label: 'not found', path: '/courses/no-such-course', status: 404 },
    { label: 'forbidden', path: '/author', status: 403 },
  ],
};

/**
 * The languages and widths each page is checked in. Every combination of language, width and
 * JavaScript (the project) would be 8 checks of each page; these 4 (an orthogonal array: with
 * JavaScript, English wide and Lithuanian narrow; without, the other way round) still check
 * each page in every language at every width, every language with and without JavaScript, and
 * every width with and without it, in half the time. TILTAS_A11Y_EVERY_COMBINATION=1 checks
 * all 8.
 */
function combinations(javaScriptEnabled: boolean): [Lang, number[]][] {
  // English last: a signed-in person's language is saved with their account, and the other
  // journeys sign in as the same administrator expecting English.
  if (process.env.TILTAS_A11Y_EVERY_COMBINATION === '1') {
    return [
      ['lt', [...WIDTHS]],
      ['en', [...WIDTHS]],
    ];
  }
  return javaScriptEnabled
    ? [
        ['lt', [360]],
        ['en', [1280]],
      ]
    : [
        ['lt', [1280]],
        ['en', [360]],
      ];
}

const PLACEHOLDER: Records = {
  organisation: '',
  learner: { id: 'x', name: '', email: '' },
  certificateId: 'x',
  cohortId: 'x',
  pendingInvite: '/invite/x',
};

test('every page the server serves has an accessibility check, for someone who can open it', () => {
  const served = servedPagePatterns();
  expect(served.length, 'tiltas routes prints the pages').toBeGreaterThan(10);
  const checks = pageChecks(PLACEHOLDER);
  const checked = Object.keys(checks);
  expect(served.filter((pattern) => !checked.includes(pattern)), 'pages served without a check in CHECKS').toEqual([]);
  expect(checked.filter((pattern) => !served.includes(pattern)), 'checks of pages the server no longer serves').toEqual([]);
  for (const [pattern, byRole] of Object.entries(checks)) {
    expect(Object.values(byRole).flat().length, `${pattern} is visited by someone`).toBeGreaterThan(0);
  }
});

test.describe('axe-core, WCAG 2.1 A and AA', () => {
let people: People | undefined;
/** Without JavaScript, where axe runs (see `scriptFreeChecker`). */
let checker: Page | undefined;

test.beforeAll(async ({ browser }, testInfo) => {
  testInfo.setTimeout(180_000);
  const javaScriptEnabled = testInfo.project.use.javaScriptEnabled !== false;
  people = await preparePeople(browser, javaScriptEnabled);
  if (!javaScriptEnabled) checker = await scriptFreeChecker(browser);
});

test.afterAll(async () => {
  for (const page of [...Object.values(people?.pages ?? {}), ...(checker ? [checker] : [])]) await page.context().close();
});

for (const role of ROLES) {
  test(`axe finds no WCAG 2.1 A/AA violation on any page a ${role === 'anonymous' ? 'stranger' : role} opens`, async ({ javaScriptEnabled }) => {
    test.setTimeout(300_000);
    const { records, pages } = people!;
    const page = pages[role];
    const visits = [
      ...Object.values(pageChecks(records)).flatMap((checks) => checks[role] ?? []),
      ...(ERROR_PAGES[role] ?? []),
    ];
    const problems: string[] = [];
    for (const [lang, widths] of combinations(javaScriptEnabled)) {
      await page.goto('/');
      if ((await page.locator('html').getAttribute('lang')) !== lang) await switchLanguage(page, lang);
      for (const visit of visits) {
        await page.setViewportSize({ width: widths[0], height: 800 });
        const response = await page.goto(visit.path);
        expect(response?.status(), `${visit.label} (${visit.path})`).toBe(visit.status ?? 200);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        if (visit.act) await visit.act(page, lang);
        for (const width of widths) {
          await page.setViewportSize({ width, height: 800 });
          for (const violation of await axeViolations(page, checker)) {
            problems.push(`${lang} ${width}px ${visit.label} (${new URL(page.url()).pathname}): ${violation}`);
          }
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
}

test.afterEach(async () => {
  // Whatever happened, the administrator's account is left in English for the other journeys.
  const admin = people?.pages.administrator;
  if (admin && !admin.isClosed()) {
    await admin.goto('/');
    if ((await admin.locator('html').getAttribute('lang')) !== 'en') await switchLanguage(admin, 'en');
  }
});
});
