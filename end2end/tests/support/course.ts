/**
 * The shipped course `recognising-trafficking` as the journeys that take it need it: its
 * modules, questions and answer keys read from the Markdown on disk (as a trainer wrote them;
 * the pages never reveal a key before the learner answers), the texts of its pages in English
 * and Lithuanian, and the steps of a graded attempt.
 *
 * A graded attempt shows its drawn questions and their options in an order of its own, and an
 * option's value is its position as shown. So to answer right or wrong, a shown option is mapped
 * back to its source option by its text: the label's rendered text against the option's Markdown
 * with the Markdown markers taken out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, main, type Lang } from './tiltas';

export const COURSE = 'recognising-trafficking';
export const COURSE_DIR = path.resolve(__dirname, '../../../courses', COURSE);

export interface SourceOption {
  correct: boolean;
  /** The option's Markdown, per language. */
  text: Record<Lang, string>;
}

export interface SourceQuestion {
  id: string;
  kind: 'single' | 'multiple' | 'true-false';
  topic?: string;
  options: SourceOption[];
  /** Indexes of the correct options, in source order. */
  correct: number[];
}

export interface SourceModule {
  id: string;
  graded: boolean;
  /** A graded module's questions per attempt (`draw`), and its topic quotas. */
  draw?: number;
  quotas: Record<string, number>;
  questions: SourceQuestion[];
}

interface ParsedQuestion {
  id: string;
  kind: SourceQuestion['kind'];
  topic?: string;
  options: { correct: boolean; text: string }[];
}

/** The questions of one module file; an option's text may continue on indented lines. */
function parseQuestions(markdown: string): ParsedQuestion[] {
  return [...markdown.matchAll(/^::: question (\S+)\n([\s\S]*?)^:::$/gm)].map(([, id, body]) => {
    const kind = /^kind: (\S+)/m.exec(body)![1] as ParsedQuestion['kind'];
    const topic = /^topic: (\S+)/m.exec(body)?.[1];
    const options: { correct: boolean; text: string }[] = [];
    let inOption = false;
    let inFeedback = false;
    for (const line of body.split('\n')) {
      const item = /^[-*+] \[([ xX]?)\]\s*(.*)$/.exec(line);
      if (item) {
        options.push({ correct: item[1].toLowerCase() === 'x', text: item[2] });
        [inOption, inFeedback] = [true, false];
      } else if (inOption && /^\s+\S/.test(line)) {
        if (line.trim().startsWith('feedback:')) inFeedback = true;
        else if (!inFeedback) options[options.length - 1].text += ` ${line.trim()}`;
      } else if (line.trim() !== '') {
        inOption = false;
      }
    }
    return { id, kind, topic, options };
  });
}

/** Every module of the course in course order, keys from the English files, texts from both. */
export function courseModules(): SourceModule[] {
  return fs
    .readdirSync(COURSE_DIR)
    .filter((name) => name.endsWith('.en.md'))
    .sort()
    .map((name) => {
      const en = fs.readFileSync(path.join(COURSE_DIR, name), 'utf8');
      const lt = fs.readFileSync(path.join(COURSE_DIR, name.replace(/\.en\.md$/, '.lt.md')), 'utf8');
      const ltQuestions = new Map(parseQuestions(lt).map((q) => [q.id, q]));
      const questions = parseQuestions(en).map((q): SourceQuestion => {
        const translated = ltQuestions.get(q.id);
        if (!translated || translated.options.length !== q.options.length) {
          throw new Error(`${name}: question ${q.id} has no Lithuanian translation with the same options`);
        }
        return {
          id: q.id,
          kind: q.kind,
          topic: q.topic,
          options: q.options.map((o, i) => ({ correct: o.correct, text: { en: o.text, lt: translated.options[i].text } })),
          correct: q.options.flatMap((o, i) => (o.correct ? [i] : [])),
        };
      });
      const quotas = /^quotas = \{([^}]*)\}/m.exec(en)?.[1] ?? '';
      return {
        id: /^id = "([^"]+)"/m.exec(en)![1],
        graded: /^assessment = "graded"/m.test(en),
        draw: Number(/^draw = (\d+)/m.exec(en)?.[1]) || undefined,
        quotas: Object.fromEntries([...quotas.matchAll(/([\w-]+) = (\d+)/g)].map(([, topic, n]) => [topic, Number(n)])),
        questions,
      };
    });
}

/** Text as a reader sees it: Unicode-normalised, whitespace collapsed, trimmed. */
export function plain(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/**
 * The text a line of inline Markdown renders to: images and links keep their text, code spans
 * their code, emphasis and strikethrough lose their markers (an underscore inside a word is not
 * emphasis), and backslash escapes their backslash.
 */
export function markdownText(markdown: string): string {
  return plain(
    markdown
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/(`+)\s?([\s\S]*?)\s?\1/g, '$2')
      .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
      .replace(/\*(?=\S)([\s\S]*?\S)\*/g, '$1')
      .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([\s\S]*?\S)_(?![\p{L}\p{N}_])/gu, '$1$2')
      .replace(/~~([\s\S]*?)~~/g, '$1')
      .replace(/\\([\\`*_{}[\]()#+\-.!~])/g, '$1'),
  );
}

/**
 * For each option label as shown, the index of its source option. Fails loudly when a label
 * matches no option or several, or when the shown options are not exactly the source's.
 */
export function sourceOrder(question: SourceQuestion, lang: Lang, labels: string[]): number[] {
  const sources = question.options.map((o) => markdownText(o.text[lang]));
  const order = labels.map((label) => {
    const shown = plain(label);
    const matches = sources.flatMap((text, i) => (text === shown ? [i] : []));
    if (matches.length !== 1) {
      throw new Error(
        `question ${question.id} (${lang}): the option shown as ${JSON.stringify(shown)} matches ` +
          `${matches.length} of the options in the Markdown: ${JSON.stringify(sources)}`,
      );
    }
    return matches[0];
  });
  if ([...order].sort((a, b) => a - b).join() !== sources.map((_, i) => i).join()) {
    throw new Error(`question ${question.id} (${lang}): shown options ${JSON.stringify(labels)} are not the Markdown's ${JSON.stringify(sources)}`);
  }
  return order;
}

/** Texts of the course pages the journeys read, in both languages. */
export const COURSE_TEXT = {
  en: {
    contentNote: 'Content note',
    continueToModule: 'Continue to the module',
    right: 'Your answer is correct.',
    wrong: 'Your answer is not correct.',
    assessmentHeading: 'Graded assessment',
    startAttempt: (n: number) => `Start attempt ${n}`,
    anyStartAttempt: /^Start attempt \d+$/,
    attemptHeading: (n: number) => `Attempt ${n}`,
    progress: (answered: number, total: number) => `${answered} of ${total} questions answered`,
    record: 'Record my answer',
    recorded: 'Your answer is recorded.',
    attemptFailed: /You have 0 of \d+ points; the pass mark is 70%\./,
    attemptPassed: /You passed with (\d+) of \1 points\./,
    answersHidden: 'The correct answers are shown once you pass or have no attempts left.',
    nextAttemptAt: /Your next attempt opens at \S.*\./,
    whatIsLeft: 'What is left',
    leftRead: 'Read the module',
    leftAssessment: 'Pass the assessment',
    completed: 'You completed this course.',
    markRead: 'I have read this module',
    isRead: 'You have read this module.',
    startScenario: 'Start the scenario',
    confirm: 'Confirm my choice',
    whatHappened: 'What happened',
    ended: 'The scenario has ended',
  },
  lt: {
    contentNote: 'Turinio įspėjimas',
    continueToModule: 'Tęsti modulį',
    right: 'Jūsų atsakymas teisingas.',
    wrong: 'Jūsų atsakymas neteisingas.',
    assessmentHeading: 'Vertinimas',
    startAttempt: (n: number) => `Pradėti ${n} bandymą`,
    anyStartAttempt: /^Pradėti \d+ bandymą$/,
    attemptHeading: (n: number) => `Bandymas ${n}`,
    progress: (answered: number, total: number) => `Atsakyta į ${answered} iš ${total} klausimų`,
    record: 'Užfiksuoti atsakymą',
    recorded: 'Jūsų atsakymas užfiksuotas.',
    attemptFailed: /Turite 0 iš \d+ taškų; išlaikymo riba yra 70%\./,
    attemptPassed: /Išlaikėte: (\d+) iš \1 taškų\./,
    answersHidden: 'Teisingi atsakymai rodomi, kai išlaikote arba nebelieka bandymų.',
    nextAttemptAt: /Kitą bandymą galėsite pradėti \S.*\./,
    whatIsLeft: 'Kas liko',
    leftRead: 'Perskaitykite modulį',
    leftAssessment: 'Išlaikykite vertinimą',
    completed: 'Jūs baigėte šį kursą.',
    markRead: 'Perskaičiau šį modulį',
    isRead: 'Šį modulį perskaitėte.',
    startScenario: 'Pradėti scenarijų',
    confirm: 'Patvirtinti pasirinkimą',
    whatHappened: 'Kas įvyko',
    ended: 'Scenarijus baigėsi',
  },
} as const;

export type CourseTexts = (typeof COURSE_TEXT)[Lang];

/** Opens a module past its content note. */
export async function openModule(page: Page, t: CourseTexts, moduleId: string): Promise<void> {
  await page.goto(`/courses/${COURSE}/modules/${moduleId}`);
  await expect(main(page).getByRole('heading', { name: t.contentNote })).toBeVisible();
  await main(page).getByRole('link', { name: t.continueToModule, exact: true }).click();
}

/** Marks the open module as read. */
export async function markRead(page: Page, t: CourseTexts): Promise<void> {
  await main(page).getByRole('button', { name: t.markRead, exact: true }).click();
  await expect(main(page).getByText(t.isRead).first()).toBeVisible();
}

/** From the open module, starts its scenario and plays the first choice of every step to an ending. */
export async function playScenarioToEnd(page: Page, t: CourseTexts): Promise<void> {
  await main(page).getByRole('link', { name: t.startScenario, exact: true }).click();
  await main(page).getByRole('button', { name: t.startScenario, exact: true }).click();
  await expect(main(page).getByRole('button', { name: t.confirm, exact: true })).toBeVisible();
  for (let turn = 0; turn < 10; turn++) {
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
}

/** Under the strict reveal rule nothing on the page says which answer was right. */
export async function expectNothingRevealed(page: Page, t: CourseTexts): Promise<void> {
  await expect(main(page).locator('.badge-correct, .feedback, .explanation, .option-correct')).toHaveCount(0);
  await expect(main(page)).not.toContainText(t.right);
  await expect(main(page)).not.toContainText(t.wrong);
}

/** One drawn question as shown: its id and its option labels, in the attempt's order. */
export interface DrawnQuestion {
  id: string;
  labels: string[];
}

/** The questions of the attempt on the page, in the drawn order. */
export async function shownDraw(page: Page): Promise<DrawnQuestion[]> {
  const sections = main(page).locator('#assessment section.question');
  const drawn: DrawnQuestion[] = [];
  for (let i = 0; i < (await sections.count()); i++) {
    const section = sections.nth(i);
    const id = (await section.getAttribute('id'))!.replace(/^question-/, '');
    drawn.push({ id, labels: (await section.locator('.choice label').allInnerTexts()).map(plain) });
  }
  return drawn;
}

/**
 * Starts attempt `number` of the graded module (already open past its note) and answers every
 * drawn question, all right or all wrong, checking on the way that the draw is a proper one and
 * survives a reload, that each answer is only recorded, and that nothing reveals the key.
 * Returns the draw as first shown; the caller checks the result.
 */
export async function takeAttempt(
  page: Page,
  lang: Lang,
  assessment: SourceModule,
  number: number,
  answers: 'right' | 'wrong',
): Promise<DrawnQuestion[]> {
  const t = COURSE_TEXT[lang];
  const section = main(page).locator('#assessment');
  await expect(section.getByRole('heading', { name: t.assessmentHeading, exact: true })).toBeVisible();
  await section.getByRole('button', { name: t.startAttempt(number), exact: true }).click();
  await expect(section.getByRole('heading', { name: t.attemptHeading(number), exact: true })).toBeVisible();
  const total = assessment.draw ?? assessment.questions.length;
  await expect(section.locator('.attempt-progress')).toHaveText(t.progress(0, total));
  await expect(section.getByRole('button', { name: t.anyStartAttempt })).toHaveCount(0);
  await expectNothingRevealed(page, t);

  const draw = await shownDraw(page);
  const bank = new Map(assessment.questions.map((q) => [q.id, q]));
  expect(draw.length, 'questions drawn').toBe(total);
  expect(new Set(draw.map((q) => q.id)).size, 'no question drawn twice').toBe(total);
  for (const [topic, least] of Object.entries(assessment.quotas)) {
    expect(draw.filter((q) => bank.get(q.id)?.topic === topic).length, `questions on ${topic}`).toBeGreaterThanOrEqual(least);
  }

  for (const [index, drawn] of draw.entries()) {
    const question = bank.get(drawn.id);
    if (!question) throw new Error(`question ${drawn.id} is not in the bank of ${assessment.id}`);
    const order = sourceOrder(question, lang, drawn.labels);
    if (question.kind === 'true-false') expect(order, `${drawn.id}: true/false keeps its order`).toEqual([0, 1]);
    const positions =
      answers === 'right'
        ? order.flatMap((source, shown) => (question.options[source].correct ? [shown] : []))
        : [order.findIndex((source) => !question.options[source].correct)];
    const block = main(page).locator(`#question-${drawn.id}`);
    for (const position of positions) await block.locator(`#question-${drawn.id}-option-${position}`).check();
    await block.getByRole('button', { name: t.record, exact: true }).click();
    if (index === draw.length - 1) break;
    await expect(block).toContainText(t.recorded);
    await expect(block.locator('input')).toHaveCount(0);
    await expect(section.locator('.attempt-progress')).toHaveText(t.progress(index + 1, total));
    await expectNothingRevealed(page, t);
    if (index === 0) {
      // The draw is stored with the attempt: a reload shows the same questions, same order.
      await page.reload();
      expect((await shownDraw(page)).map((q) => q.id)).toEqual(draw.map((q) => q.id));
      expect((await shownDraw(page)).slice(1)).toEqual(draw.slice(1));
    }
  }
  return draw;
}
