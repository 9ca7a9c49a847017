/**
 * Journey 6: a learner enrols in a shipped course and takes it to completion: content notes
 * before each module (once skipping to the summary and coming back), practice questions
 * answered wrongly, then tried again and answered rightly, every practice module marked as read,
 * the graded case scenario played one step at a time to its ending, and the graded final
 * assessment passed. Completion needs all of these. With JavaScript on it runs in English; with
 * JavaScript off, in Lithuanian.
 *
 * Failing the final assessment, an administrator's grant of another attempt and the new draw are
 * Journey 7. The certificate's PDF (text layer and QR code), its signed credential (checked by an
 * independent verifier and by `tiltas verify`) and its revocation end the journey. The right answers come from the course's own Markdown on disk (support/course.ts):
 * the pages never reveal them before the learner answers.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import {
  COURSE,
  COURSE_DIR,
  COURSE_TEXT,
  courseModules,
  markRead,
  openModule,
  playScenarioToEnd,
  shownDraw,
  takeAttempt,
} from './support/course';
import {
  acceptInvitation,
  expect,
  expectPageFrame,
  heading,
  learnerInvitedByAdmin,
  main,
  signInAsAdmin,
  switchLanguage,
  test,
} from './support/tiltas';

const TEXT = {
  en: {
    ...COURSE_TEXT.en,
    courses: 'Courses',
    enrol: 'Enrol',
    enrolled: 'You are enrolled. Start with the first module.',
    skipToSummary: 'Skip to the summary',
    summary: 'Summary',
    check: 'Check my answer',
    practiceLabel: 'Practice questions: you see the answer and feedback straight away.',
    practiceFailed: /You scored 0 of \d+ points in this practice\./,
    practiceAllRight: /You scored (\d+) of \1 points in this practice\./,
    tryAgain: 'Try the questions again',
    scenarioGraded: (used: number) => `This scenario is graded: your best play counts toward your result. Plays used: ${used} of 1.`,
    goodPractice: 'What good practice would have been',
    goodPracticeHidden: 'The path of good practice is shown once you have no graded plays left.',
    playAgain: 'Play the scenario again',
    courseCompletedNow: 'Well done: you have completed the course.',
    completedCourses: 'Completed courses',
    glossary: 'Glossary of terms',
    myCertificates: 'My certificates',
    certificateTitle: 'Certificate of completion',
  },
  lt: {
    ...COURSE_TEXT.lt,
    courses: 'Kursai',
    enrol: 'Užsiregistruoti',
    enrolled: 'Užsiregistravote. Pradėkite nuo pirmojo modulio.',
    skipToSummary: 'Pereiti prie santraukos',
    summary: 'Santrauka',
    check: 'Tikrinti atsakymą',
    practiceLabel: 'Praktiniai klausimai: atsakymą ir grįžtamąjį ryšį matote iš karto.',
    practiceFailed: /Šioje praktikoje surinkote 0 iš \d+ taškų\./,
    practiceAllRight: /Šioje praktikoje surinkote (\d+) iš \1 taškų\./,
    tryAgain: 'Bandyti klausimus dar kartą',
    scenarioGraded: (used: number) => `Šis scenarijus vertinamas: į rezultatą įskaičiuojamas geriausias bandymas. Panaudota bandymų: ${used} iš 1.`,
    goodPractice: 'Kokia būtų buvusi gera praktika',
    goodPracticeHidden: 'Gerosios praktikos kelias rodomas, kai nebelieka vertinamų bandymų.',
    playAgain: 'Atlikti scenarijų dar kartą',
    courseCompletedNow: 'Puiku: baigėte kursą.',
    completedCourses: 'Baigti kursai',
    glossary: 'Terminų žodynas',
    myCertificates: 'Mano pažymėjimai',
    certificateTitle: 'Kurso baigimo pažymėjimas',
  },
};

type Texts = (typeof TEXT)['en'] | (typeof TEXT)['lt'];

/** Answers a practice question; its feedback appears at once. */
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


test('Journey 6: a learner enrols, practises, plays the graded scenario, passes the final assessment, completes the course and gets a certificate anyone can verify', async ({
  page,
  newPage,
  javaScriptEnabled,
}) => {
  const lang = javaScriptEnabled ? 'en' : 'lt';
  const t = TEXT[lang];
  const modules = courseModules();
  const practice = modules.filter((m) => !m.graded);
  const assessment = modules.find((m) => m.graded)!;
  expect(practice.length).toBe(4);
  expect(assessment.id).toBe('final-assessment');
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
    await openModule(page, t, practice[0].id);
    await expect(main(page).getByRole('link', { name: t.glossary, exact: true })).toHaveAttribute('href', '/glossary');
    const term = main(page).locator('.module-text a.glossary-term').first();
    const href = await term.getAttribute('href');
    expect(href).toMatch(/^\/glossary#term-[a-z0-9-]+$/);
    await term.click();
    await expect(main(page).getByRole('heading', { level: 1 })).toHaveText(t.glossary);
    await expect(main(page).locator(`dt#${href!.split('#')[1]}`)).toBeVisible();
  });

  await test.step('no answer is in the browser before answering: not in the page, not in the WebAssembly', async () => {
    await openModule(page, t, practice[0].id);
    await expect(page.locator('link[href$=".wasm"], script[src$=".js"][type="module"]')).toHaveCount(0);
    const siteRoot = process.env.LEPTOS_SITE_ROOT ?? path.resolve(__dirname, '../../target/site');
    const bundles = fs.readdirSync(path.join(siteRoot, 'pkg')).filter((name) => name.endsWith('.wasm'));
    expect(bundles.length).toBeGreaterThan(0);
    // Practice feedback and the final assessment's feedback alike.
    const feedback = ['01-what-is-trafficking.en.md', '05-final-assessment.en.md'].flatMap((file) =>
      fs
        .readFileSync(path.join(COURSE_DIR, file), 'utf8')
        .split('\n')
        .filter((line) => line.trim().startsWith('feedback:'))
        .map((line) => line.trim().slice('feedback:'.length).trim()),
    );
    expect(feedback.length).toBeGreaterThan(0);
    for (const bundle of bundles) {
      const bytes = fs.readFileSync(path.join(siteRoot, 'pkg', bundle)).toString('latin1');
      for (const text of feedback) expect(bytes.includes(text), `${bundle} contains course feedback`).toBe(false);
    }
  });

  await test.step('practice: the first questions answered wrongly, tried again and answered rightly', async () => {
    const first = practice[0];
    await openModule(page, t, first.id);
    await expect(main(page).locator('.practice-label')).toContainText(t.practiceLabel);
    // With JavaScript, answers update the page in place: the page (and this marker) survives.
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true)).catch(() => undefined);
    for (const question of first.questions) {
      const wrong = question.options.findIndex((o) => !o.correct);
      await answer(page, t, question.id, [wrong]);
      // Practice shows right away what was wrong and which option was right.
      await expect(main(page).locator(`#question-${question.id}`)).toContainText(t.wrong);
      await expect(main(page).locator(`#question-${question.id} .badge-correct`).first()).toBeVisible();
    }
    // Practice has a score, never a pass or a fail.
    await expect(main(page).locator('#quiz-result')).toContainText(t.practiceFailed);
    await expect(main(page).locator('#quiz-result')).not.toContainText(t.attemptFailed);
    if (javaScriptEnabled) {
      expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
      await expect(page).toHaveURL(new RegExp(`/modules/${first.id}`));
    }
    await main(page).getByRole('button', { name: t.tryAgain, exact: true }).click();
    for (const question of first.questions) {
      await answer(page, t, question.id, question.correct);
      await expect(main(page).locator(`#question-${question.id}`)).toContainText(t.right);
    }
    await expect(main(page).locator('#quiz-result')).toContainText(t.practiceAllRight);
    // It may be tried again as often as the learner likes.
    await expect(main(page).getByRole('button', { name: t.tryAgain, exact: true })).toBeVisible();
    await markRead(page, t);
  });

  await test.step('a content note: skip to the summary, come back, and continue', async () => {
    const second = practice[1];
    await page.goto(`/courses/${COURSE}/modules/${second.id}`);
    await expect(main(page).getByRole('heading', { name: t.contentNote })).toBeVisible();
    await expect(main(page).locator(`#question-${second.questions[0].id}`)).toHaveCount(0);
    await main(page).getByRole('link', { name: t.skipToSummary, exact: true }).click();
    await expect(main(page).getByRole('heading', { name: t.summary, exact: true })).toBeVisible();
    await expect(page.locator('#quick-exit')).toBeInViewport();
    await main(page).getByRole('link', { name: t.continueToModule, exact: true }).click();
    for (const question of second.questions) await answer(page, t, question.id, question.correct);
    await expect(main(page).locator('#quiz-result')).toContainText(t.practiceAllRight);
    await markRead(page, t);
  });

  await test.step('the remaining practice modules are answered and read', async () => {
    for (const module of practice.slice(2)) {
      await openModule(page, t, module.id);
      for (const question of module.questions) await answer(page, t, question.id, question.correct);
      await expect(main(page).locator('#quiz-result')).toContainText(t.practiceAllRight);
      await markRead(page, t);
    }
  });

  await test.step('the graded case scenario is played one step at a time to an ending', async () => {
    await openModule(page, t, practice[3].id);
    await playScenarioToEnd(page, t);
    // Its only graded play is used: the good-practice path is shown, and there is no replay.
    await expect(main(page).getByText(t.scenarioGraded(1))).toBeVisible();
    await expect(main(page).getByRole('heading', { name: t.goodPractice })).toBeVisible();
    await expect(main(page).getByText(t.goodPracticeHidden)).toHaveCount(0);
    await expect(main(page).getByRole('button', { name: t.playAgain, exact: true })).toHaveCount(0);
    // Reloading shows the same ending: the server keeps the play.
    await page.reload();
    await expect(main(page).getByRole('heading', { name: t.ended })).toBeVisible();
  });

  await test.step('the final assessment is left; every module is read', async () => {
    await page.goto(`/courses/${COURSE}`);
    await expect(main(page).getByRole('heading', { name: t.whatIsLeft })).toBeVisible();
    const left = main(page).locator('ul.left-to-do li');
    await expect(left.filter({ hasText: t.leftAssessment })).toHaveCount(1);
    await expect(left.filter({ hasText: t.leftRead })).toHaveCount(0);
    await expect(main(page).getByText(t.completed)).toHaveCount(0);
  });

  await test.step('the final assessment is passed at the first attempt, and the answers are then shown', async () => {
    await openModule(page, t, assessment.id);
    // A graded assessment is passed, not marked as read.
    await expect(main(page).getByRole('button', { name: t.markRead, exact: true })).toHaveCount(0);
    const draw = await takeAttempt(page, lang, assessment, 1, 'right');
    const section = main(page).locator('#assessment');
    await expect(section).toContainText(t.attemptPassed);
    await expect(main(page).getByText(t.courseCompletedNow)).toBeVisible();
    // Passed: every drawn question is reviewed, in the drawn order, with its marks.
    await expect(section.locator('section.question')).toHaveCount(draw.length);
    expect((await shownDraw(page)).map((q) => q.id)).toEqual(draw.map((q) => q.id));
    await expect(section.getByText(t.right, { exact: true })).toHaveCount(draw.length);
    await expect(section.locator('.badge-correct').first()).toBeVisible();
    await expect(section.locator('.explanation').first()).toBeVisible();
    await expect(section.getByRole('button', { name: t.anyStartAttempt })).toHaveCount(0);
  });

  await test.step('the course is completed', async () => {
    await page.goto(`/courses/${COURSE}`);
    await expect(main(page).getByText(t.completed)).toBeVisible();
    await expect(main(page).locator('progress')).toHaveAttribute('value', '100');
    await page.goto('/');
    await expect(main(page).getByRole('heading', { name: t.completedCourses })).toBeVisible();
    await expectPageFrame(page, lang, 'learner');
  });

  await test.step('the certificate: PDF and signed credential downloaded, the QR code leads anyone to its check, and once revoked it fails every check', async () => {
    await page.getByRole('navigation').getByRole('link', { name: t.myCertificates, exact: true }).click();
    await expect(main(page).locator('.certificate-list li')).toHaveCount(1);
    await main(page).locator('.certificate-list a').click();
    await expect(heading(page, t.certificateTitle)).toBeVisible();
    await expect(main(page).getByText(learner.name)).toBeVisible();
    const certificatePath = new URL(page.url()).pathname;
    const verifyPath = new URL((await main(page).locator('a[href*="/verify/"]').getAttribute('href'))!).pathname;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tiltas-certificate-'));

    // The PDF in the page's language: the name is in its text layer, and its QR code is the check's address.
    const pdf = await download(page, main(page).locator(`a[href="${certificatePath}/pdf/${lang}"]`), work);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(execFileSync('pdftotext', [pdf, '-']).toString()).toContain(learner.name);
    execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', pdf, path.join(work, 'page')]);
    const qr = execFileSync('zbarimg', ['--raw', '-q', path.join(work, 'page.png')]).toString().trim();
    expect(new URL(qr).pathname).toBe(verifyPath);

    // The signed credential passes an independent verifier (Digital Bazaar's), and fails it once changed.
    const credentialFile = await download(page, main(page).locator(`a[href="${certificatePath}/credential"]`), work);
    const visitor = await newPage();
    const didFile = path.join(work, 'did.json');
    fs.writeFileSync(didFile, await (await visitor.request.get('/.well-known/did.json')).text());
    expect(independentVerifier(credentialFile, didFile).status, 'the credential verifies').toBe(0);
    const credential = JSON.parse(fs.readFileSync(credentialFile, 'utf8'));
    const changedFile = path.join(work, 'changed.json');
    fs.writeFileSync(changedFile, JSON.stringify({ ...credential, name: `${credential.name}.` }));
    expect(independentVerifier(changedFile, didFile).status, 'a changed credential fails').toBe(1);
    // The same DID document naming another key (1EdTech's test vector's): the signature is not that key's.
    const otherKeyFile = path.join(work, 'other-key-did.json');
    fs.writeFileSync(otherKeyFile, fs.readFileSync(didFile, 'utf8').replace(/"publicKeyMultibase":"z6Mk[^"]+"/g, `"publicKeyMultibase":"${VECTOR_KEY}"`));
    expect(fs.readFileSync(otherKeyFile, 'utf8')).toContain(VECTOR_KEY);
    expect(independentVerifier(credentialFile, otherKeyFile).status, 'another key fails').toBe(1);

    // A verifier needs no account: a fresh browser, nobody signed in, opens the QR code's address.
    await visitor.goto(qr);
    await expect(main(visitor).getByRole('status')).toHaveText('Valid');
    await expect(main(visitor).getByText(learner.name)).toBeVisible();

    const admin = await newPage();
    await signInAsAdmin(admin);
    await admin.goto(certificatePath);
    await main(admin).getByLabel(/^Reason/).fill('Completed under another person\'s account');
    await main(admin).getByRole('button', { name: 'Revoke this certificate', exact: true }).click();
    await expect(main(admin).getByRole('status').first()).toHaveText('The certificate was revoked.');
    await visitor.reload();
    await expect(main(visitor).getByRole('status')).toHaveText('Revoked');
    await expect(main(visitor)).not.toContainText('another person');

    // The revocation list now has the credential's bit set: the independent verifier and `tiltas verify` both say so.
    const statusFile = path.join(work, 'status.json');
    fs.writeFileSync(statusFile, await (await visitor.request.get(credential.credentialStatus.statusListCredential)).text());
    const revoked = independentVerifier(credentialFile, didFile, statusFile);
    expect(revoked.status).toBe(1);
    expect(revoked.stdout.toString()).toContain('revoked');
    const tiltasVerify = spawnSync(TILTAS_BIN, ['verify', credentialFile], { env: { ...process.env, TILTAS_LOG: 'warn' } });
    expect(tiltasVerify.stdout.toString()).toContain('Signature: valid');
    expect(tiltasVerify.stdout.toString()).toContain('Revocation: REVOKED');
    expect(tiltasVerify.status, 'tiltas verify fails a revoked credential').not.toBe(0);
    fs.rmSync(work, { recursive: true, force: true });
  });
});

/** Clicks a download link and saves the file in `dir`; returns its path. */
async function download(page: Page, link: Locator, dir: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const target = path.join(dir, file.suggestedFilename());
  await file.saveAs(target);
  return target;
}

const TILTAS_BIN = path.resolve(__dirname, '..', process.env.TILTAS_BIN ?? '../target/debug/tiltas');
const VECTOR_KEY = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';
const VERIFIER = path.resolve(__dirname, '../tools/verify-credential.mjs');

/** Digital Bazaar's verifier (end2end/tools/verify-credential.mjs), run as its own process. */
function independentVerifier(credential: string, didDocument: string, statusList?: string) {
  return spawnSync(process.execPath, [VERIFIER, credential, didDocument, ...(statusList ? [statusList] : [])]);
}
