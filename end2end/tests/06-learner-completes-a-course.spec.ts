/**
 * Journey 6: a learner enrols in a shipped course and takes it to completion: content notes
 * before each module (once skipping to the summary and coming back), a quiz failed and then
 * retaken and passed, a case scenario played one step at a time to its ending, every module
 * marked as read. With JavaScript on it runs in English; with JavaScript off, in Lithuanian.
 *
 * The right answers come from the course's own Markdown on disk, as a trainer wrote them: the
 * pages never reveal them before the learner answers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { acceptInvitation, expect, expectPageFrame, learnerInvitedByAdmin, main, switchLanguage, test } from './support/tiltas';

const COURSE = 'recognising-trafficking';
const COURSE_DIR = path.resolve(__dirname, '../../courses', COURSE);

interface ModuleKey {
  id: string;
  /** Question id → indexes of the correct options. */
  questions: { id: string; correct: number[]; options: number }[];
}

/** Reads module ids and answer keys from the English Markdown files, in course order. */
function answerKeys(): ModuleKey[] {
  return fs
    .readdirSync(COURSE_DIR)
    .filter((name) => name.endsWith('.en.md'))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(COURSE_DIR, name), 'utf8');
      const id = /^id = "([^"]+)"/m.exec(text)![1];
      const questions = [...text.matchAll(/^::: question (\S+)\n([\s\S]*?)^:::$/gm)].map(([, qid, body]) => {
        const options = [...body.matchAll(/^- \[([ x])\]/gm)].map(([, mark]) => mark === 'x');
        return { id: qid, correct: options.flatMap((ok, i) => (ok ? [i] : [])), options: options.length };
      });
      return { id, questions };
    });
}

const TEXT = {
  en: {
    courses: 'Courses',
    enrol: 'Enrol',
    enrolled: 'You are enrolled. Start with the first module.',
    continueToModule: 'Continue to the module',
    skipToSummary: 'Skip to the summary',
    summary: 'Summary',
    check: 'Check my answer',
    right: 'Your answer is correct.',
    wrong: 'Your answer is not correct.',
    failed: /You have 0 of \d+ points; the pass mark is 70%\./,
    passed: /You passed these questions with \d+ of \d+ points\./,
    tryAgain: 'Try the questions again',
    markRead: 'I have read this module',
    isRead: 'You have read this module.',
    startScenario: 'Start the scenario',
    confirm: 'Confirm my choice',
    whatHappened: 'What happened',
    ended: 'The scenario has ended',
    goodPractice: 'What good practice would have been',
    backToCourse: 'Back to the course',
    completed: 'You completed this course.',
    completedCourses: 'Completed courses',
    contentNote: 'Content note',
    glossary: 'Glossary of terms',
  },
  lt: {
    courses: 'Kursai',
    enrol: 'Užsiregistruoti',
    enrolled: 'Užsiregistravote. Pradėkite nuo pirmojo modulio.',
    continueToModule: 'Tęsti modulį',
    skipToSummary: 'Pereiti prie santraukos',
    summary: 'Santrauka',
    check: 'Tikrinti atsakymą',
    right: 'Jūsų atsakymas teisingas.',
    wrong: 'Jūsų atsakymas neteisingas.',
    failed: /Turite 0 iš \d+ taškų; išlaikymo riba yra 70%\./,
    passed: /Šiuos klausimus išlaikėte: \d+ iš \d+ taškų\./,
    tryAgain: 'Bandyti klausimus dar kartą',
    markRead: 'Perskaičiau šį modulį',
    isRead: 'Šį modulį perskaitėte.',
    startScenario: 'Pradėti scenarijų',
    confirm: 'Patvirtinti pasirinkimą',
    whatHappened: 'Kas įvyko',
    ended: 'Scenarijus baigėsi',
    goodPractice: 'Kokia būtų buvusi gera praktika',
    backToCourse: 'Atgal į kursą',
    completed: 'Jūs baigėte šį kursą.',
    completedCourses: 'Baigti kursai',
    contentNote: 'Turinio įspėjimas',
    glossary: 'Terminų žodynas',
  },
} as const;

type Texts = (typeof TEXT)['en'] | (typeof TEXT)['lt'];

async function answer(page: Page, t: Texts, questionId: string, options: number[]): Promise<void> {
  const section = main(page).locator(`#question-${questionId}`);
  // Before answering, nothing on the page says which option is right.
  await expect(section.locator('.badge-correct, .feedback')).toHaveCount(0);
  for (const option of options) {
    await section.locator(`#question-${questionId}-option-${option}`).check();
  }
  await section.getByRole('button', { name: t.check, exact: true }).click();
  await expect(main(page).locator(`#question-${questionId}`).locator('.feedback').first()).toBeVisible();
}

async function openModule(page: Page, t: Texts, moduleId: string): Promise<void> {
  await page.goto(`/courses/${COURSE}/modules/${moduleId}`);
  await expect(main(page).getByRole('heading', { name: t.contentNote })).toBeVisible();
  await main(page).getByRole('link', { name: t.continueToModule, exact: true }).click();
}

test('Journey 6: a learner enrols, reads, fails and retakes a quiz, plays a scenario and completes the course', async ({
  page,
  newPage,
  javaScriptEnabled,
}) => {
  const lang = javaScriptEnabled ? 'en' : 'lt';
  const t = TEXT[lang];
  const keys = answerKeys();
  expect(keys.length).toBe(4);
  const learner = await learnerInvitedByAdmin(newPage, 'course');

  await test.step('the learner enrols from the catalogue', async () => {
    await acceptInvitation(page, learner);
    if (lang === 'lt') await switchLanguage(page, 'lt');
    await page.getByRole('navigation').getByRole('link', { name: t.courses, exact: true }).click();
    const card = main(page).locator('.course-card').filter({ has: page.locator(`a[href="/courses/${COURSE}"]`) });
    await card.getByRole('button', { name: t.enrol, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/courses/${COURSE}$`));
    await expect(main(page).getByRole('status')).toHaveText(t.enrolled);
    await expect(main(page).locator('progress')).toHaveAttribute('value', '0');
    await expectPageFrame(page, lang, 'learner');
  });

  await test.step("a term's first use in a module opens its entry in the glossary", async () => {
    await openModule(page, t, keys[0].id);
    await expect(main(page).getByRole('link', { name: t.glossary, exact: true })).toHaveAttribute('href', '/glossary');
    const term = main(page).locator('.module-text a.glossary-term').first();
    const href = await term.getAttribute('href');
    expect(href).toMatch(/^\/glossary#term-[a-z0-9-]+$/);
    await term.click();
    await expect(main(page).getByRole('heading', { level: 1 })).toHaveText(t.glossary);
    await expect(main(page).locator(`dt#${href!.split('#')[1]}`)).toBeVisible();
  });

  await test.step('no answer is in the browser before answering: not in the page, not in the WebAssembly', async () => {
    await openModule(page, t, keys[0].id);
    await expect(page.locator('link[href$=".wasm"], script[src$=".js"][type="module"]')).toHaveCount(0);
    const siteRoot = process.env.LEPTOS_SITE_ROOT ?? path.resolve(__dirname, '../../target/site');
    const bundles = fs.readdirSync(path.join(siteRoot, 'pkg')).filter((name) => name.endsWith('.wasm'));
    expect(bundles.length).toBeGreaterThan(0);
    const feedback = fs
      .readFileSync(path.join(COURSE_DIR, '01-what-is-trafficking.en.md'), 'utf8')
      .split('\n')
      .filter((line) => line.trim().startsWith('feedback:'))
      .map((line) => line.trim().slice('feedback:'.length).trim());
    expect(feedback.length).toBeGreaterThan(0);
    for (const bundle of bundles) {
      const bytes = fs.readFileSync(path.join(siteRoot, 'pkg', bundle)).toString('latin1');
      for (const text of feedback) expect(bytes.includes(text), `${bundle} contains course feedback`).toBe(false);
    }
  });

  await test.step('the first quiz is failed, retaken and passed', async () => {
    const first = keys[0];
    await openModule(page, t, first.id);
    // With JavaScript, answers update the page in place: the page (and this marker) survives.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true)).catch(() => undefined);
    for (const question of first.questions) {
      const wrong = [...Array(question.options).keys()].find((i) => !question.correct.includes(i))!;
      await answer(page, t, question.id, [wrong]);
      await expect(main(page).locator(`#question-${question.id}`)).toContainText(t.wrong);
    }
    await expect(main(page).locator('#quiz-result')).toContainText(t.failed);
    if (javaScriptEnabled) {
      expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
      await expect(page).toHaveURL(new RegExp(`/modules/${first.id}`));
    }
    await main(page).getByRole('button', { name: t.tryAgain, exact: true }).click();
    for (const question of first.questions) {
      await answer(page, t, question.id, question.correct);
      await expect(main(page).locator(`#question-${question.id}`)).toContainText(t.right);
    }
    await expect(main(page).locator('#quiz-result')).toContainText(t.passed);
    await main(page).getByRole('button', { name: t.markRead, exact: true }).click();
    await expect(main(page).getByText(t.isRead).first()).toBeVisible();
  });

  await test.step('a content note: skip to the summary, come back, and continue', async () => {
    const second = keys[1];
    await page.goto(`/courses/${COURSE}/modules/${second.id}`);
    await expect(main(page).getByRole('heading', { name: t.contentNote })).toBeVisible();
    await expect(main(page).locator(`#question-${second.questions[0].id}`)).toHaveCount(0);
    await main(page).getByRole('link', { name: t.skipToSummary, exact: true }).click();
    await expect(main(page).getByRole('heading', { name: t.summary, exact: true })).toBeVisible();
    await expect(page.locator('#quick-exit')).toBeInViewport();
    await main(page).getByRole('link', { name: t.continueToModule, exact: true }).click();
    for (const question of second.questions) {
      await answer(page, t, question.id, question.correct);
    }
    await expect(main(page).locator('#quiz-result')).toContainText(t.passed);
    await main(page).getByRole('button', { name: t.markRead, exact: true }).click();
    await expect(main(page).getByText(t.isRead).first()).toBeVisible();
  });

  await test.step('the remaining quizzes are passed', async () => {
    for (const module of keys.slice(2)) {
      await openModule(page, t, module.id);
      for (const question of module.questions) {
        await answer(page, t, question.id, question.correct);
      }
      await expect(main(page).locator('#quiz-result')).toContainText(t.passed);
    }
    await openModule(page, t, keys[2].id);
    await main(page).getByRole('button', { name: t.markRead, exact: true }).click();
    await expect(main(page).getByText(t.isRead).first()).toBeVisible();
  });

  await test.step('the case scenario is played one step at a time to an ending', async () => {
    const last = keys[3];
    await openModule(page, t, last.id);
    await main(page).getByRole('link', { name: t.startScenario, exact: true }).click();
    await main(page).getByRole('button', { name: t.startScenario, exact: true }).click();
    await expect(main(page).getByRole('button', { name: t.confirm, exact: true })).toBeVisible();
    for (let step = 0; step < 10; step++) {
      const confirm = main(page).getByRole('button', { name: t.confirm, exact: true });
      if ((await confirm.count()) === 0) break;
      const step = await main(page).locator('input[name="step_id"]').inputValue();
      await main(page).locator('input[name="choice"]').first().check();
      await confirm.click();
      // The page moves on from this step (in place with JavaScript) and says what happened.
      await expect(main(page).locator(`input[name="step_id"][value="${step}"]`)).toHaveCount(0);
      await expect(main(page).getByRole('heading', { name: t.whatHappened })).toBeVisible();
    }
    await expect(main(page).getByRole('heading', { name: t.ended })).toBeVisible();
    await expect(main(page).getByRole('heading', { name: t.goodPractice })).toBeVisible();
    // Reloading shows the same ending: the server keeps the play.
    await page.reload();
    await expect(main(page).getByRole('heading', { name: t.ended })).toBeVisible();
  });

  await test.step('marking the last module as read completes the course', async () => {
    await openModule(page, t, keys[3].id);
    await main(page).getByRole('button', { name: t.markRead, exact: true }).click();
    await expect(main(page).getByText(t.isRead).first()).toBeVisible();
    await page.goto(`/courses/${COURSE}`);
    await expect(main(page).getByText(t.completed)).toBeVisible();
    await expect(main(page).locator('progress')).toHaveAttribute('value', '100');
    await page.goto('/');
    await expect(main(page).getByRole('heading', { name: t.completedCourses })).toBeVisible();
    await expectPageFrame(page, lang, 'learner');
  });
});
