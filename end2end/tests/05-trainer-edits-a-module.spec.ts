/**
 * Journey 5: a trainer starts a course in the browser editor, writes a module with a mistake,
 * sees the problem reported at the right line (live as they type with JavaScript; after saving
 * without it), fixes it, and publishes. A learner then enrols and reads the new text.
 */
import {
  acceptInvitation,
  expect,
  expectPageFrame,
  expectPath,
  heading,
  learnerInvitedByAdmin,
  main,
  suffix,
  test,
} from './support/tiltas';

test('Journey 5: a trainer edits, sees the error at its line, fixes it and publishes; a learner reads it', async ({
  page,
  newPage,
  javaScriptEnabled,
}) => {
  const trainer = await learnerInvitedByAdmin(newPage, 'rasa', ['Learner', 'Trainer']);
  const slug = `field-notes-${suffix()}`;
  const newSentence = `Every officer carries this checklist ${suffix()}.`;

  await test.step('the trainer starts a course: a draft with a first module', async () => {
    await acceptInvitation(page, trainer, 'Learner, Trainer');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Course editor' }).click();
    await expect(heading(page, 'Course editor')).toBeVisible();
    const start = main(page).locator('form').filter({ has: page.getByRole('button', { name: 'Start a new course' }) });
    await start.getByLabel('Course id', { exact: true }).fill(slug);
    await start.getByLabel('Title in English', { exact: true }).fill('Field notes');
    await start.getByRole('button', { name: 'Start a new course', exact: true }).click();
    await expectPath(page, `/author/courses/${slug}`);
    await expect(heading(page, 'Field notes')).toBeVisible();
    await expect(main(page).getByText('No errors: the course can be published.')).toBeVisible();
    await expectPageFrame(page, 'en');
  });

  const editor = main(page).getByLabel('Markdown text', { exact: true });
  const problems = main(page).locator('#editor-problems');

  await test.step('a mistake in the front matter is reported at its line', async () => {
    await main(page).getByRole('row').filter({ hasText: '01-introduction.en.md' }).getByRole('link', { name: 'Edit' }).click();
    await expectPath(page, `/author/courses/${slug}/files/01-introduction.en.md`);
    await expect(editor).toHaveValue(/Write the module here\./);
    // With JavaScript, wait for the island to come alive before typing into it.
    await expect(main(page).locator('.editor')).toHaveAttribute('data-live', javaScriptEnabled ? 'true' : 'false');
    const text = await editor.inputValue();
    // Line 5 of the template is `estimated_minutes = 10`; misspell its key.
    expect(text.split('\n')[4]).toBe('estimated_minutes = 10');
    const broken = text.replace('estimated_minutes = 10', 'estimated_mintues = 10').replace('Write the module here.', newSentence);
    await editor.fill(broken);
    if (!javaScriptEnabled) {
      await main(page).getByRole('button', { name: 'Save draft and check', exact: true }).click();
      await expect(main(page).getByText('Draft saved. Learners do not see it until you publish.')).toBeVisible();
    }
    // With JavaScript this appears as soon as the text changes, before anything is saved.
    // The misspelt key is reported on its own line (and the key it should have been is missing).
    const problem = problems.locator('li.problem-error').filter({ hasText: 'estimated_mintues' });
    await expect(problem).toContainText('line 5, column 1');
    await expect(main(page).locator('.editor-gutter li.line-error').filter({ hasText: /^5$/ })).toHaveCount(1);
  });

  await test.step('publishing is refused while the error is there, and nothing is lost', async () => {
    await main(page).getByRole('button', { name: 'Save and publish', exact: true }).click();
    await expect(main(page).getByText('The course has errors, listed on this page.', { exact: false })).toBeVisible();
    await expect(editor).toHaveValue(/estimated_mintues/);
  });

  await test.step('the fix is previewed and published', async () => {
    await editor.fill((await editor.inputValue()).replace('estimated_mintues', 'estimated_minutes'));
    if (javaScriptEnabled) {
      await expect(problems).toContainText('No problems in this file.');
      await expect(main(page).locator('.editor-preview')).toContainText(newSentence);
    }
    await main(page).getByRole('button', { name: 'Save and publish', exact: true }).click();
    await expect(main(page).getByRole('status')).toContainText('Published. Learners now get version');
    await expect(main(page).locator('.notice-detail')).toHaveText('1');
    await expect(main(page).locator('.editor-preview')).toContainText(newSentence);
  });

  await test.step('a learner enrols in the new course and reads the new text', async () => {
    const reader = await learnerInvitedByAdmin(newPage, 'jonas');
    const learnerPage = await newPage();
    await acceptInvitation(learnerPage, reader);
    await learnerPage.goto('/courses');
    const card = main(learnerPage).locator('.course-card').filter({ has: learnerPage.locator(`a[href="/courses/${slug}"]`) });
    await card.getByRole('button', { name: 'Enrol', exact: true }).click();
    await expectPath(learnerPage, `/courses/${slug}`);
    await main(learnerPage).getByRole('list').getByRole('link', { name: 'Introduction', exact: true }).first().click();
    await expect(heading(learnerPage, 'Introduction')).toBeVisible();
    await expect(main(learnerPage).getByText(newSentence)).toBeVisible();
    await expectPageFrame(learnerPage, 'en', 'learner');
  });
});
