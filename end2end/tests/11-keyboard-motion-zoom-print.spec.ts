/**
 * Accessibility beyond axe's rules:
 * - a keyboard-only journey: a learner signs in, enrols, reads a module, answers a practice
 *   question and plays a scenario step with Tab, Shift+Tab, Enter, Space and the arrow keys
 *   only, with a visible focus at every step; with JavaScript, after each in-place update the
 *   focus is on what changed and the page's live region announces it;
 * - `prefers-reduced-motion: reduce` stops every transition and animation;
 * - zoom to 200 %: at 640 px wide (1280 px at 200 %) the main pages do not scroll sideways;
 * - a module printed for a classroom: no navigation, header, footer or quick exit, questions
 *   without answers or feedback, sources kept.
 */
import type { Locator, Page } from '@playwright/test';
import { COURSE, COURSE_TEXT, courseModules } from './support/course';
import { expect, expectNoHorizontalScroll, learnerInvitedByAdmin, main, submitInvite, submitSignIn, test, UI, type Learner } from './support/tiltas';

const modules = courseModules();
const PRACTICE = modules[0];
const SCENARIO_MODULE = modules[3];
const t = { ...COURSE_TEXT.en, courses: 'Courses', enrol: 'Enrol', enrolled: 'You are enrolled. Start with the first module.', check: 'Check my answer' };

/** What has the focus, and whether it shows: an outline or a ring that is not none. */
async function focusedElement(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== 'none' && style.boxShadow !== '';
    const box = element.getBoundingClientRect();
    return {
      description: `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`,
      visible: outline || ring,
      onScreen: box.width > 0 && box.height > 0,
    };
  });
}

async function expectVisibleFocus(page: Page): Promise<void> {
  const focused = await focusedElement(page);
  expect(focused, 'something has the focus').not.toBeNull();
  expect(focused!.visible, `the focus on ${focused!.description} is visible`).toBe(true);
  expect(focused!.onScreen, `${focused!.description} has a size`).toBe(true);
}

/** Presses Tab (or Shift+Tab) until `target` has the focus, checking the focus shows at every step. */
async function tabTo(page: Page, target: Locator, backwards = false, limit = 250): Promise<void> {
  await expect(target).toHaveCount(1);
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    await expectVisibleFocus(page);
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error(`${limit} presses of ${backwards ? 'Shift+Tab' : 'Tab'} never reached ${target}`);
}

/** Presses a key on the focused control and waits for the page it leads to (or the update). */
async function press(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
  await page.waitForLoadState('load');
}

/**
 * With JavaScript the form updated the page in place: the focus is inside `within` on what
 * changed, it shows, and the live region outside the main content says the same.
 */
async function expectUpdateFocusedAndAnnounced(page: Page, within: Locator, text: string | RegExp): Promise<void> {
  await expect.poll(() => within.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  await expect(page.locator(':focus')).toContainText(text);
  await expectVisibleFocus(page);
  const announcer = page.locator('#announcer');
  await expect(announcer).toHaveAttribute('role', 'status');
  await expect(announcer).toContainText(text);
}

/** A learner with a password, not yet signed in on this device. */
async function preparedLearner(newPage: () => Promise<Page>, label: string): Promise<Learner> {
  const learner = await learnerInvitedByAdmin(newPage, label);
  const first = await newPage();
  await first.goto(learner.link);
  await submitInvite(first, learner.password);
  await expect(first).toHaveURL(/\/$/);
  await first.context().close();
  return learner;
}

/** Signs the learner in with the mouse and enrols them in the course. */
async function signInAndEnrol(page: Page, learner: Learner): Promise<void> {
  await page.goto('/login');
  await submitSignIn(page, learner.email, learner.password);
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/courses');
  await main(page).locator('.course-card').filter({ has: page.locator(`a[href="/courses/${COURSE}"]`) }).getByRole('button', { name: t.enrol }).click();
  await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}$`));
}

test('a learner signs in, enrols, reads, answers and plays a scenario step with the keyboard alone', async ({ newPage, javaScriptEnabled }) => {
  test.setTimeout(240_000);
  const learner = await preparedLearner(newPage, 'keyboard');
  const page = await newPage();

  await test.step('sign in', async () => {
    await page.goto('/');
    // The skip link comes first, and leads to the main content.
    await page.keyboard.press('Tab');
    await expectVisibleFocus(page);
    await expect(page.locator(':focus')).toHaveText('Skip to main content');
    await tabTo(page, page.getByRole('navigation').getByRole('link', { name: UI.en.signIn, exact: true }));
    await press(page, 'Enter');
    await expect(page).toHaveURL(/\/login$/);
    await tabTo(page, main(page).getByLabel(UI.en.email, { exact: true }));
    await page.keyboard.type(learner.email);
    await page.keyboard.press('Tab');
    await expectVisibleFocus(page);
    await page.keyboard.type(learner.password);
    await press(page, 'Enter');
    await expect(page).toHaveURL(/\/$/);
  });

  await test.step('enrol from the catalogue', async () => {
    await tabTo(page, page.getByRole('navigation').getByRole('link', { name: t.courses, exact: true }));
    await press(page, 'Enter');
    const card = main(page).locator('.course-card').filter({ has: page.locator(`a[href="/courses/${COURSE}"]`) });
    await tabTo(page, card.getByRole('button', { name: t.enrol, exact: true }));
    await press(page, 'Enter');
    await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}$`));
    await expect(main(page).getByRole('status')).toHaveText(t.enrolled);
  });

  await test.step('open the first module past its content note, and read it', async () => {
    await tabTo(page, main(page).locator(`a[href="/courses/${COURSE}/modules/${PRACTICE.id}"]`).first());
    await press(page, 'Enter');
    await tabTo(page, main(page).getByRole('link', { name: t.continueToModule, exact: true }));
    await press(page, 'Enter');
    await expect(page).toHaveURL(/note=read/);
  });

  await test.step('answer a practice question', async () => {
    const question = PRACTICE.questions[0];
    const section = main(page).locator(`#question-${question.id}`);
    if (question.kind === 'multiple') {
      // Each checkbox is a stop of its own (an option's text may hold a link between them).
      for (const option of question.correct) {
        await tabTo(page, section.locator(`#question-${question.id}-option-${option}`));
        await page.keyboard.press('Space');
      }
    } else {
      await tabTo(page, section.locator(`#question-${question.id}-option-0`));
      // In a group of radio buttons, Space chooses the focused one and the arrows move the choice.
      const correct = question.correct[0];
      if (correct === 0) await page.keyboard.press('Space');
      for (let step = 0; step < correct; step++) await page.keyboard.press('ArrowDown');
      await expectVisibleFocus(page);
    }
    for (const option of question.correct) await expect(section.locator(`#question-${question.id}-option-${option}`)).toBeChecked();
    await tabTo(page, section.getByRole('button', { name: t.check, exact: true }));
    await press(page, 'Enter');
    await expect(main(page).locator(`#question-${question.id}`)).toContainText(t.right);
    if (javaScriptEnabled) {
      await expectUpdateFocusedAndAnnounced(page, main(page).locator(`#question-${question.id}`), t.right);
    }
    // Shift+Tab goes back through the page from here, the focus still showing.
    await page.keyboard.press('Shift+Tab');
    await expectVisibleFocus(page);
  });

  await test.step('mark the module as read', async () => {
    await tabTo(page, main(page).getByRole('button', { name: t.markRead, exact: true }));
    await press(page, 'Enter');
    await expect(main(page).getByText(t.isRead).first()).toBeVisible();
    if (javaScriptEnabled) await expectUpdateFocusedAndAnnounced(page, main(page).locator('#module-end'), t.isRead);
  });

  await test.step("play the first step of the module's scenario", async () => {
    await tabTo(page, main(page).getByRole('link', { name: 'Back to the course', exact: true }).last());
    await press(page, 'Enter');
    await tabTo(page, main(page).locator(`a[href="/courses/${COURSE}/modules/${SCENARIO_MODULE.id}"]`).first());
    await press(page, 'Enter');
    await tabTo(page, main(page).getByRole('link', { name: t.continueToModule, exact: true }));
    await press(page, 'Enter');
    await tabTo(page, main(page).getByRole('link', { name: t.startScenario, exact: true }));
    await press(page, 'Enter');
    await expect(page).toHaveURL(/\/scenarios\//);
    await tabTo(page, main(page).getByRole('button', { name: t.startScenario, exact: true }));
    await press(page, 'Enter');
    const scenario = main(page).locator('#scenario');
    await expect(scenario.getByRole('button', { name: t.confirm, exact: true })).toBeVisible();
    if (javaScriptEnabled) await expectUpdateFocusedAndAnnounced(page, scenario.locator('.narrative'), /\S/);
    await tabTo(page, scenario.locator('input[name="choice"]').first());
    await page.keyboard.press('Space');
    await expect(scenario.locator('input[name="choice"]').first()).toBeChecked();
    await tabTo(page, scenario.getByRole('button', { name: t.confirm, exact: true }));
    await press(page, 'Enter');
    await expect(scenario.getByRole('heading', { name: t.whatHappened })).toBeVisible();
    if (javaScriptEnabled) await expectUpdateFocusedAndAnnounced(page, scenario.locator('.consequence'), t.whatHappened);
  });
});

test('nothing moves when the system asks for reduced motion', async ({ newPage }) => {
  const page = await newPage();
  await page.goto('/login');
  const durations = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('*')].flatMap((element) => {
        const style = getComputedStyle(element);
        const moving = style.transitionDuration.split(',').some((d) => parseFloat(d) > 0) || style.animationName !== 'none';
        return moving ? [element.tagName.toLowerCase() + (element.id ? `#${element.id}` : '')] : [];
      }),
    );
  // Without the preference the buttons do fade: the check below would see it.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  expect(await durations()).toContain('button');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  expect(await durations()).toEqual([]);
});

test('zoomed to 200 %, the main pages keep to the width of the window', async ({ newPage }) => {
  const learner = await preparedLearner(newPage, 'zoom');
  const page = await newPage();
  // A 1280 px window at 200 % lays pages out as a 640 px one.
  await page.setViewportSize({ width: 640, height: 720 });
  await page.goto('/login');
  await expectNoHorizontalScroll(page);
  await signInAndEnrol(page, learner);
  for (const path of [
    '/',
    '/courses',
    `/courses/${COURSE}`,
    `/courses/${COURSE}/modules/${PRACTICE.id}`,
    `/courses/${COURSE}/modules/${PRACTICE.id}?note=read`,
    `/courses/${COURSE}/modules/${SCENARIO_MODULE.id}?note=read`,
    `/courses/${COURSE}/scenarios/flat-in-klaipeda`,
    '/glossary',
    '/certificates',
    '/profile',
  ]) {
    await page.goto(path);
    await expectNoHorizontalScroll(page);
    await expect(page.locator('#quick-exit')).toBeInViewport();
  }
});

test('a module prints without the site around it and without answers, its sources kept', async ({ newPage }) => {
  const learner = await preparedLearner(newPage, 'print');
  const page = await newPage();
  await signInAndEnrol(page, learner);
  await page.goto(`/courses/${COURSE}/modules/${PRACTICE.id}?note=read`);
  // One question answered, so its marks and feedback are on the page, for the screen.
  const answered = main(page).locator(`#question-${PRACTICE.questions[0].id}`);
  await answered.locator(`#question-${PRACTICE.questions[0].id}-option-0`).check();
  await answered.getByRole('button', { name: t.check, exact: true }).click();
  await expect(answered.locator('.feedback').first()).toBeVisible();
  await expect(answered.locator('.badge-correct').first()).toBeVisible();

  await page.emulateMedia({ media: 'print' });
  for (const hidden of ['#quick-exit', 'header.site-header', 'nav', 'footer.site-footer', '.language-switch', '.skip-link']) {
    await expect(page.locator(hidden).first(), `${hidden} is not printed`).toBeHidden();
  }
  for (const hidden of ['.feedback', '.explanation', '.badge-correct', '.option-marks', '.question .notice', '.quiz-result', 'main button']) {
    const elements = page.locator(hidden);
    for (let i = 0; i < (await elements.count()); i++) await expect(elements.nth(i), `${hidden} is not printed`).toBeHidden();
  }
  // The questions are printed, the answered one too, with their options.
  await expect(answered.locator('.question-prompt')).toBeVisible();
  await expect(answered.locator('.answer-options li').first()).toBeVisible();
  const unanswered = main(page).locator(`#question-${PRACTICE.questions[1].id}`);
  await expect(unanswered.locator('.question-prompt')).toBeVisible();
  await expect(unanswered.locator('.choice label').first()).toBeVisible();
  // The module's text and its sources.
  await expect(main(page).getByRole('heading', { name: 'Sources', exact: true })).toBeVisible();
  await expect(main(page).getByText('Directive 2011/36/EU on preventing and combating trafficking').first()).toBeVisible();

  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('#quick-exit')).toBeVisible();
  await expect(answered.locator('.feedback').first()).toBeVisible();
});
