/**
 * Journey 14 (issue 15, xAPI): a learner enrols in a shipped course and reads its first module;
 * the platform administrator opens the learner's page and downloads their learning records as
 * xAPI statements. The file holds the enrolment ("launched") and the reading ("experienced"),
 * told of a pseudonymous account on this site, never the learner's name or email. Runs with
 * JavaScript on and off (the download is a plain link either way).
 *
 * Delivery of the same statements to a real learning record store is tested by
 * server/tests/xapi_delivery.rs, against Ralph on this machine.
 */
import * as fs from 'node:fs';
import { COURSE, COURSE_TEXT, courseModules, markRead, openModule } from './support/course';
import { acceptInvitation, expect, learnerInvitedByAdmin, main, signInAsAdmin, test, url } from './support/tiltas';

const DOWNLOAD = "Download this person's learning records as xAPI statements (JSON)";

test("Journey 14: an administrator downloads a learner's records as xAPI statements", async ({ page, newPage }) => {
  const t = COURSE_TEXT.en;
  const first = courseModules().find((m) => !m.graded)!;
  const learner = await learnerInvitedByAdmin(newPage, 'xapi');

  await test.step('the learner enrols and reads the first module', async () => {
    await acceptInvitation(page, learner);
    await page.goto('/courses');
    const card = main(page).locator('.course-card').filter({ has: page.locator(`a[href="/courses/${COURSE}"]`) });
    await card.getByRole('button', { name: 'Enrol', exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}$`));
    await openModule(page, t, first.id);
    await markRead(page, t);
  });

  await test.step("the administrator downloads them from the learner's page", async () => {
    const admin = await newPage();
    await signInAsAdmin(admin);
    await admin.goto(`/admin/people?q=${encodeURIComponent(learner.email)}`);
    await main(admin).getByRole('link', { name: learner.name, exact: true }).click();
    const link = main(admin).getByRole('link', { name: DOWNLOAD, exact: true });
    await expect(link).toHaveAttribute('href', /^\/admin\/people\/[^/]+\/xapi\.json$/);
    const [download] = await Promise.all([admin.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^xapi-learner-.+\.json$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const statements = JSON.parse(text) as Array<Record<string, any>>;
    expect(statements.map((s) => s.verb.id)).toEqual([
      'http://adlnet.gov/expapi/verbs/launched',
      'http://adlnet.gov/expapi/verbs/experienced',
    ]);
    const [launched, read] = statements;
    expect(launched.actor.account.homePage).toBe(url('/'));
    expect(read.actor).toEqual(launched.actor);
    expect(read.object.id).toMatch(new RegExp(`/xapi/activities/courses/${COURSE}/versions/[^/]+/modules/${first.id}$`));
    expect(read.context.registration).toBe(launched.context.registration);
    expect(text).not.toContain(learner.email);
    expect(text).not.toContain(learner.name);
  });
});
