/**
 * Journey 7: a learner fails the graded final assessment, an administrator grants another
 * attempt, and the learner passes it. Under the strict reveal rule nothing during or after the
 * failed attempt says which answers were right; the administrator's grant needs a reason and
 * skips the 24-hour wait; the second attempt draws again; once passed, the answers are shown.
 * Passing alone does not complete the course: reading the modules and playing the graded scenario
 * then does. With JavaScript on it runs in English; with JavaScript off, in Lithuanian (the
 * administrator works in English).
 *
 * The right and wrong answers come from the course's Markdown on disk (support/course.ts).
 */
import { COURSE, COURSE_TEXT, courseModules, expectNothingRevealed, markRead, openModule, playScenarioToEnd, shownDraw, takeAttempt, type DrawnQuestion } from './support/course';
import { acceptInvitation, expect, heading, learnerInvitedByAdmin, main, signInAsAdmin, switchLanguage, test } from './support/tiltas';

const TEXT = {
  en: {
    ...COURSE_TEXT.en,
    enrol: 'Enrol',
    enrolled: 'You are enrolled. Start with the first module.',
    rules: 'Each attempt has 10 questions, drawn from a larger set, and you need 70% to pass. Attempts: 0 of 3 used.',
    attemptDone: 'The attempt is finished. Your result is below.',
    leftScenario: 'Play the case scenario',
  },
  lt: {
    ...COURSE_TEXT.lt,
    enrol: 'Užsiregistruoti',
    enrolled: 'Užsiregistravote. Pradėkite nuo pirmojo modulio.',
    rules: 'Kiekviename bandyme yra 10 klausimų, atrinktų iš didesnio rinkinio; norint išlaikyti, reikia 70%. Panaudota bandymų: 0 iš 3.',
    attemptDone: 'Bandymas baigtas. Jūsų rezultatas pateiktas žemiau.',
    leftScenario: 'Atlikite atvejo scenarijų',
  },
};

/** What the administrator reads on the course's results page (always in English here). */
const ADMIN = {
  resultsLink: "Learners' results",
  grant: 'Grant another attempt',
  reason: 'Reason (kept in the record)',
  reasonMissing: 'Write why you grant another attempt; the reason is kept in the record.',
  granted: 'Another attempt was granted and recorded.',
};

/** A draw as one comparable text: question ids in order, each with its option order. */
function drawKey(draw: DrawnQuestion[]): string {
  return JSON.stringify(draw.map((q) => [q.id, q.labels]));
}

test('Journey 7: a learner fails the final assessment, is granted another attempt, gets a new draw, passes and completes the course', async ({
  page,
  newPage,
  javaScriptEnabled,
}) => {
  const lang = javaScriptEnabled ? 'en' : 'lt';
  const t = TEXT[lang];
  const assessment = courseModules().find((m) => m.graded)!;
  expect(assessment.id).toBe('final-assessment');
  const learner = await learnerInvitedByAdmin(newPage, 'assessment');
  let firstDraw: DrawnQuestion[] = [];

  await test.step('a new learner enrols and opens the final assessment straight away', async () => {
    await acceptInvitation(page, learner);
    if (lang === 'lt') await switchLanguage(page, 'lt');
    await page.goto(`/courses/${COURSE}`);
    await main(page).getByRole('button', { name: t.enrol, exact: true }).click();
    await expect(main(page).getByRole('status')).toHaveText(t.enrolled);
    // The assessment does not wait for the other modules to be read.
    await openModule(page, t, assessment.id);
    await expect(main(page).locator('#assessment')).toContainText(t.rules);
    await expect(main(page).getByRole('button', { name: t.markRead, exact: true })).toHaveCount(0);
    // The bank is not on the page before an attempt starts.
    await expect(main(page).locator('section.question')).toHaveCount(0);
  });

  await test.step('attempt 1: every answer wrong, and nothing says which answers were right', async () => {
    firstDraw = await takeAttempt(page, lang, assessment, 1, 'wrong');
    const section = main(page).locator('#assessment');
    await expect(section.getByRole('status')).toHaveText(t.attemptDone);
    await expect(section).toContainText(t.attemptFailed);
    await expect(section).toContainText(t.answersHidden);
    await expect(section).toContainText(t.nextAttemptAt);
    await expect(section.getByRole('button', { name: t.anyStartAttempt })).toHaveCount(0);
    // After a failed strict attempt not even the questions are shown again.
    await expect(section.locator('section.question')).toHaveCount(0);
    await expectNothingRevealed(page, t);
    await page.reload();
    await expect(section).toContainText(t.attemptFailed);
    await expect(section).toContainText(t.nextAttemptAt);
    await expectNothingRevealed(page, t);
  });

  await test.step('the administrator grants another attempt, and the reason is required', async () => {
    const admin = await newPage();
    await signInAsAdmin(admin);
    await admin.goto('/admin/assignments');
    await expect(main(admin).getByRole('heading', { name: ADMIN.resultsLink })).toBeVisible();
    await main(admin).locator(`a[href="/author/courses/${COURSE}/results"]`).click();
    await expect(heading(admin, /^Results: /)).toBeVisible();
    const row = () => main(admin).locator(`tr[data-learner="${learner.name}"]`);
    await expect(row()).toHaveCount(1);
    // The learner still has attempts left, so the form starts folded away.
    const openForm = async () => {
      const details = row().locator('details');
      if ((await details.getAttribute('open')) === null) await details.locator('summary', { hasText: ADMIN.grant }).click();
      await row().locator('select[name="item_id"]').selectOption(assessment.id);
    };
    const reason = () => row().getByLabel(ADMIN.reason, { exact: true });
    const submit = () => row().getByRole('button', { name: ADMIN.grant, exact: true });

    await openForm();
    // An empty reason is stopped by the browser (the field is required)...
    await submit().click();
    await expect(row().locator('input[name="reason"]:invalid')).toHaveCount(1);
    await expect(main(admin).getByText(ADMIN.granted)).toHaveCount(0);
    // ...and a reason of spaces only by the server, which keeps only real reasons.
    await reason().fill('   ');
    await submit().click();
    await expect(row().getByText(ADMIN.reasonMissing)).toHaveCount(1);
    await expect(main(admin).getByText(ADMIN.granted)).toHaveCount(0);
    // The page comes back with the form folded away again (the error inside it): unfold it.
    await openForm();
    await expect(row().getByText(ADMIN.reasonMissing)).toBeVisible();
    await reason().fill('Sick on the day of the first attempt; agreed with the trainer.');
    await submit().click();
    await expect(main(admin).getByText(ADMIN.granted)).toBeVisible();
    await admin.context().close();
  });

  await test.step('attempt 2 opens at once, draws again, every answer right: passed, and the answers are shown', async () => {
    await openModule(page, t, assessment.id);
    const section = main(page).locator('#assessment');
    await expect(section.getByRole('button', { name: t.startAttempt(2), exact: true })).toBeVisible();
    await expect(section).not.toContainText(t.nextAttemptAt);
    const secondDraw = await takeAttempt(page, lang, assessment, 2, 'right');
    // A new attempt is a new draw: other questions, another order, or options in another order.
    expect(drawKey(secondDraw), 'attempt 2 repeats the draw of attempt 1').not.toBe(drawKey(firstDraw));
    await expect(section).toContainText(t.attemptPassed);
    await expect(section.getByRole('button', { name: t.anyStartAttempt })).toHaveCount(0);
    await expect(section).not.toContainText(t.nextAttemptAt);
    // Passed: the attempt's questions come back reviewed, in its order, with marks and explanations.
    expect((await shownDraw(page)).map((q) => q.id)).toEqual(secondDraw.map((q) => q.id));
    await expect(section.getByText(t.right, { exact: true })).toHaveCount(secondDraw.length);
    await expect(section.locator('.badge-correct').first()).toBeVisible();
    await expect(section.locator('.feedback').first()).toBeVisible();
    await expect(section.locator('.explanation').first()).toBeVisible();
  });

  await test.step('passing the assessment alone does not complete the course', async () => {
    await page.goto(`/courses/${COURSE}`);
    const left = main(page).locator('ul.left-to-do li');
    await expect(left.filter({ hasText: t.leftAssessment })).toHaveCount(0);
    await expect(left.filter({ hasText: t.leftRead })).toHaveCount(4);
    await expect(left.filter({ hasText: t.leftScenario })).toHaveCount(1);
    await expect(main(page).getByText(t.completed)).toHaveCount(0);
  });

  await test.step('reading the modules and playing the graded scenario then completes the course', async () => {
    const practice = courseModules().filter((m) => !m.graded);
    for (const module of practice) {
      await openModule(page, t, module.id);
      await markRead(page, t);
    }
    await playScenarioToEnd(page, t);
    await page.goto(`/courses/${COURSE}`);
    await expect(main(page).getByText(t.completed)).toBeVisible();
    await expect(main(page).locator('progress')).toHaveAttribute('value', '100');
  });
});
