/**
 * Journey 12: offline reading and answering (issue 16). A learner keeps a course on the device,
 * loses the connection, reads a module from the device, answers a practice question and marks
 * the module as read (both queued on the device, with the pending notice), opens a page that is
 * not kept (the offline page, not a browser error), comes back online and finds the answer
 * graded and counted by the server. Signing out leaves nothing on the device: no cache, no
 * IndexedDB database, no service worker. The quick exit clears a kept course too.
 *
 * The right answers come from the course's own Markdown on disk (support/course.ts). Keeping a
 * course needs a service worker and so JavaScript: under js-off the control is not even shown,
 * which the accessibility spec's js-off checks of the course page cover.
 */
import type { Page } from '@playwright/test';
import { COURSE, COURSE_TEXT, courseModules } from './support/course';
import { QUICK_EXIT_URL, UI, acceptInvitation, expect, learnerInvitedByAdmin, main, test } from './support/tiltas';

const T = {
  ...COURSE_TEXT.en,
  enrol: 'Enrol',
  keep: 'Keep this course on this device',
  forget: 'Remove it from this device',
  kept: 'This course is kept on this device: its modules open without a connection.',
  answerPending: 'No connection: your answer is saved on this device and will be checked when you are back online.',
  readPending: 'No connection: the module will be marked as read when you are back online.',
  offlineTitle: 'No connection',
  assessmentOffline: 'Graded assessments need a connection: this one is not kept on this device and cannot be taken offline.',
  check: 'Check my answer',
};

/** What Tiltas has stored in this browser for the page's origin. */
async function deviceStorage(page: Page): Promise<{ caches: string[]; databases: string[]; workers: number }> {
  return page.evaluate(async () => ({
    caches: await caches.keys(),
    databases: (await indexedDB.databases()).map((db) => db.name ?? ''),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
  }));
}

async function keepCourse(page: Page): Promise<void> {
  await page.goto(`/courses/${COURSE}`);
  const control = main(page).locator('#offline-keep');
  await control.getByRole('button', { name: T.keep, exact: true }).click();
  await expect(control.getByRole('status')).toHaveText(T.kept, { timeout: 60_000 });
  await expect(control.getByRole('button', { name: T.forget, exact: true })).toBeVisible();
}

test('Journey 12: a learner keeps a course on the device, reads and answers without a connection, and signing out leaves nothing behind', async ({
  page,
  newPage,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'keeping a course needs a service worker, so JavaScript; without it the control is hidden and nothing changes');
  const module = courseModules().find((m) => !m.graded)!;
  const assessment = courseModules().find((m) => m.graded)!;
  const question = module.questions[0];
  const modulePage = `/courses/${COURSE}/modules/${module.id}?note=read`;
  const learner = await learnerInvitedByAdmin(newPage, 'offline');

  await test.step('the learner enrols and keeps the course on the device', async () => {
    await acceptInvitation(page, learner);
    expect((await deviceStorage(page)).caches).toEqual([]);
    await page.goto(`/courses/${COURSE}`);
    await main(page).getByRole('button', { name: T.enrol, exact: true }).click();
    await keepCourse(page);
    const stored = await deviceStorage(page);
    expect(stored.caches).toEqual(expect.arrayContaining([`tiltas-course-${COURSE}`, 'tiltas-shell']));
    expect(stored.workers).toBe(1);
    // The graded assessment is the part that needs a connection, and its page says so.
    await page.goto(`/courses/${COURSE}/modules/${assessment.id}?note=read`);
    await expect(main(page).locator('#assessment').getByText(T.assessmentOffline)).toBeVisible();
  });

  await test.step('offline, a kept module opens from the device and a page not kept shows the offline page', async () => {
    await page.context().setOffline(true);
    await page.goto(modulePage);
    await expect(main(page).locator(`#question-${question.id}`)).toBeVisible();
    await expect(main(page).locator('.badge-correct, .feedback, .explanation')).toHaveCount(0);
    await page.goto('/profile');
    await expect(main(page).getByRole('heading', { level: 1 })).toHaveText(T.offlineTitle);
  });

  await test.step('offline, the answer and "mark as read" are kept on the device until the connection returns', async () => {
    await page.goto(modulePage);
    const section = main(page).locator(`#question-${question.id}`);
    for (const option of question.correct) {
      await section.locator(`#question-${question.id}-option-${option}`).check();
    }
    await section.getByRole('button', { name: T.check, exact: true }).click();
    await expect(section.getByRole('status')).toHaveText(T.answerPending);
    await expect(section.locator('[data-offline-pending]')).toBeFocused();
    await main(page).getByRole('button', { name: T.markRead, exact: true }).click();
    await expect(main(page).locator('#module-end').getByRole('status').last()).toHaveText(T.readPending);
    // Opened again from the device, the page still shows them as waiting.
    await page.reload();
    await expect(section.getByRole('status')).toHaveText(T.answerPending);
    const queued = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('tiltas-offline');
          open.onsuccess = () => {
            const count = open.result.transaction('submissions').objectStore('submissions').count();
            count.onsuccess = () => resolve(count.result);
          };
        }),
    );
    expect(queued).toBe(2);
  });

  await test.step('back online, the queue is sent and the server grades and counts the answer', async () => {
    await page.context().setOffline(false);
    // The page sends the queue when the browser says it is online, then shows the server's page.
    await expect(main(page).locator(`#question-${question.id}`).getByText(T.right)).toBeVisible({ timeout: 30_000 });
    await expect(main(page).getByText(T.isRead).first()).toBeVisible();
    // Read from the server, past the service worker and the device's copies.
    const fromServer = await (await page.request.get(modulePage)).text();
    expect(fromServer).toContain(T.right);
    expect(fromServer).toContain(T.isRead);
    const course = await (await page.request.get(`/courses/${COURSE}`)).text();
    expect(course).not.toMatch(/<progress max="100" value="0"/);
  });

  await test.step('signing out leaves nothing of Tiltas on the device', async () => {
    await page.getByRole('navigation').getByRole('button', { name: UI.en.signOut, exact: true }).click();
    await expect(main(page).getByRole('status')).toContainText(UI.en.signedOut);
    await expect.poll(() => deviceStorage(page)).toEqual({ caches: [], databases: [], workers: 0 });
  });

  await test.step('the quick exit also clears a kept course at once', async () => {
    await page.context().route(`${new URL(QUICK_EXIT_URL).origin}/**`, (route) =>
      route.fulfill({ contentType: 'text/html', body: '<title>Weather</title>' }),
    );
    await page.goto('/login');
    await page.getByLabel(UI.en.email).fill(learner.email);
    await page.getByLabel(UI.en.password).fill(learner.password);
    await main(page).getByRole('button', { name: UI.en.signIn, exact: true }).click();
    await keepCourse(page);
    await page.getByRole('link', { name: UI.en.quickExit }).click();
    await expect(page).toHaveTitle('Weather');
    await page.goto('/login');
    await expect.poll(() => deviceStorage(page)).toEqual({ caches: [], databases: [], workers: 0 });
  });
});
