/**
 * What the accessibility checks share: the four kinds of people (each signed in, in a browser
 * context of their own), the records their pages need (a certificate, a cohort, a pending
 * invitation), the axe-core run with the WCAG 2.1 A and AA rules, and the list of page patterns
 * the server really serves (`tiltas routes`).
 */
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { COURSE } from './course';
import {
  addOrganisation,
  e2eState,
  expect,
  invitePattern,
  main,
  shownLink,
  signInAsAdmin,
  submitInvite,
  submitNewPerson,
  suffix,
  uniqueEmail,
  type NewPerson,
} from './tiltas';

export type Role = 'anonymous' | 'learner' | 'trainer' | 'administrator';
export const ROLES: Role[] = ['anonymous', 'learner', 'trainer', 'administrator'];

/** The two widths every page is checked at: a small phone and a laptop. */
export const WIDTHS = [360, 1280] as const;

/** WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The records the pages are opened with. */
export interface Records {
  organisation: string;
  learner: { id: string; name: string; email: string };
  certificateId: string;
  cohortId: string;
  /** A one-time link nobody has used: the set-password page. */
  pendingInvite: string;
}

export interface People {
  records: Records;
  pages: Record<Role, Page>;
}

const PASSWORD = `accessible passphrase ${suffix()}`;

/** Creates a person on /admin/people (already open) and returns their one-time link. */
async function createPerson(admin: Page, person: NewPerson): Promise<string> {
  await admin.goto('/admin/people');
  await submitNewPerson(admin, person);
  await expect(main(admin).getByRole('status')).toContainText('Account created.');
  await expect(shownLink(admin)).toHaveText(invitePattern());
  return (await shownLink(admin).textContent())!.trim();
}

/**
 * An administrator, a learner enrolled in the shipped course and holding a certificate for
 * it, a trainer, and a stranger, each in a `browser.newContext()` of their own with the
 * project's JavaScript setting.
 */
export async function preparePeople(browser: Browser, javaScriptEnabled: boolean): Promise<People> {
  const state = e2eState();
  const open = async (): Promise<Page> => {
    const context = await browser.newContext({ javaScriptEnabled, baseURL: state.baseURL, locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    return context.newPage();
  };
  const admin = await open();
  await signInAsAdmin(admin);
  const organisation = `Org a11y ${suffix()}`;
  await admin.goto('/admin/organisations');
  await addOrganisation(admin, organisation);
  const learner = { name: `Ona Petraitienė ${suffix()}`, email: uniqueEmail('a11y-learner') };
  const learnerLink = await createPerson(admin, { ...learner, organisation, roles: ['Learner'] });
  const trainerLink = await createPerson(admin, { name: `Jonas Trainer ${suffix()}`, email: uniqueEmail('a11y-trainer'), organisation, roles: ['Trainer'] });
  const pendingInvite = await createPerson(admin, { name: `Pending ${suffix()}`, email: uniqueEmail('a11y-pending'), organisation, roles: ['Learner'] });

  const accept = async (link: string): Promise<Page> => {
    const page = await open();
    await page.goto(link);
    await submitInvite(page, PASSWORD);
    await expect(page).toHaveURL(/\/$/);
    return page;
  };
  const learnerPage = await accept(learnerLink);
  const trainerPage = await accept(trainerLink);

  await learnerPage.goto('/courses');
  const card = main(learnerPage).locator('.course-card').filter({ has: learnerPage.locator(`a[href="/courses/${COURSE}"]`) });
  await card.getByRole('button', { name: 'Enrol', exact: true }).click();
  await expect(learnerPage).toHaveURL(new RegExp(`/courses/${COURSE}$`));

  // A certificate issued by hand: its page, and its public check.
  await admin.goto('/admin/certificates');
  const learnerSelect = main(admin).getByLabel('Learner', { exact: true });
  const learnerId = (await learnerSelect.locator('option', { hasText: learner.name }).getAttribute('value'))!;
  await learnerSelect.selectOption(learnerId);
  await main(admin).getByLabel('Course', { exact: true }).selectOption(COURSE);
  await main(admin).getByLabel(/^Note/).fill('Classroom session, Vilnius');
  await main(admin).getByRole('button', { name: 'Issue the certificate', exact: true }).click();
  await expect(main(admin).getByRole('status').first()).toContainText('Certificate issued.');
  const certificateHref = await main(admin).locator('.certificate-list li', { hasText: learner.name }).first().locator('a').getAttribute('href');
  const certificateId = certificateHref!.split('/').pop()!;

  await admin.goto('/admin/cohorts');
  const cohort = `Cohort a11y ${suffix()}`;
  await main(admin).getByLabel('Cohort name', { exact: true }).fill(cohort);
  await main(admin).getByRole('button', { name: 'Add cohort', exact: true }).click();
  // A new cohort opens its own page.
  await expect(admin).toHaveURL(/\/admin\/cohorts\/[^/?#]+$/);
  const cohortId = new URL(admin.url()).pathname.split('/').pop()!;

  return {
    records: { organisation, learner: { ...learner, id: learnerId }, certificateId, cohortId, pendingInvite },
    pages: { anonymous: await open(), learner: learnerPage, trainer: trainerPage, administrator: admin },
  };
}

/**
 * Where axe runs for a page seen without JavaScript. axe is itself a script, which a context
 * with JavaScript off cannot run, so the page as that browser has it (its DOM, with any script
 * element taken out, since none ran) is shown at the same address and width in a context
 * of its own that loads no script: the same document and the same stylesheet, laid out alike.
 */
export async function scriptFreeChecker(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: true, baseURL: e2eState().baseURL, locale: 'en-GB' });
  await context.route('**/*', (route) => (route.request().resourceType() === 'script' ? route.abort() : route.fallback()));
  return context.newPage();
}

async function copyInto(checker: Page, page: Page): Promise<void> {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
  const address = page.url().split('#')[0];
  await checker.setViewportSize(page.viewportSize()!);
  const serve = (url: URL) => url.href === address;
  await checker.route(serve, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  await checker.goto(address);
  await checker.unroute(serve);
}

/**
 * The WCAG A and AA violations axe finds on the page as it is now, one line each. For a page
 * without JavaScript, pass the `scriptFreeChecker` to run axe in.
 */
export async function axeViolations(page: Page, checker?: Page): Promise<string[]> {
  let target = page;
  if (checker) {
    await copyInto(checker, page);
    target = checker;
  }
  // Only violations are wanted: axe then skips detailing what passed, which is most of its time.
  // (`options` replaces the options object, so it comes before `withTags`, which adds to it.)
  const results = await new AxeBuilder({ page: target }).options({ resultTypes: ['violations'] }).withTags(WCAG_TAGS).analyze();
  return results.violations.map((violation) => {
    const where = violation.nodes
      .slice(0, 3)
      .map((node) => `${node.target.join(' ')}${node.failureSummary ? ` (${node.failureSummary.replace(/\s+/g, ' ').slice(0, 160)})` : ''}`)
      .join('; ');
    return `${violation.id} [${violation.impact}] ${violation.nodes.length} node(s): ${where}`;
  });
}

/** The page patterns the server serves, as `tiltas routes` prints them from the router's list. */
export function servedPagePatterns(): string[] {
  const binary = path.resolve(__dirname, '../..', process.env.TILTAS_BIN ?? '../target/debug/tiltas');
  const output = execFileSync(binary, ['routes'], { env: { ...process.env, TILTAS_LOG: 'warn' } }).toString();
  return output.split('\n').map((line) => line.trim()).filter((line) => line !== '');
}
