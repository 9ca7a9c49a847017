/**
 * Journey 3: a signed-in learner who opens the administrators' pages gets HTTP 403 and a page
 * saying so, in English and in Lithuanian, and cannot use the administrators' forms either.
 */
import {
  acceptInvitation,
  expect,
  expectPageFrame,
  heading,
  learnerInvitedByAdmin,
  main,
  signInAsAdmin,
  suffix,
  switchLanguage,
  test,
  UI,
  url,
} from './support/tiltas';

const ADMIN_PAGES = ['/admin/people', '/admin/organisations'];

test('Journey 3: a learner is refused the administrators\' pages', async ({ page, newPage }) => {
  const learner = await learnerInvitedByAdmin(newPage, 'refused');
  await acceptInvitation(page, learner);

  for (const [lang, forbiddenBody] of [
    ['en', 'Your account does not have the role this page needs. If you think it should, ask your administrator.'],
    ['lt', 'Jūsų paskyra neturi šiam puslapiui reikalingo vaidmens. Jei manote, kad turėtų, kreipkitės į administratorių.'],
  ] as const) {
    await test.step(`in ${lang === 'en' ? 'English' : 'Lithuanian'}`, async () => {
      if (lang === 'lt') await switchLanguage(page, 'lt');
      for (const path of ADMIN_PAGES) {
        await test.step(`${path} answers 403 "${UI[lang].forbiddenTitle}"`, async () => {
          const response = await page.goto(path);
          expect(response!.status()).toBe(403);
          await expect(page).toHaveURL(url(path));
          await expect(heading(page, UI[lang].forbiddenTitle)).toBeVisible();
          await expect(main(page).getByText(forbiddenBody, { exact: true })).toBeVisible();
          // Nothing of the administrators' page leaks into the refusal.
          await expect(main(page).getByRole('table')).toHaveCount(0);
          await expect(main(page).getByRole('button')).toHaveCount(0);
          await expect(main(page).getByText(learner.email)).toHaveCount(0);
          await expectPageFrame(page, lang, 'learner');
        });
      }
    });
  }

  await test.step('the administrators\' forms refuse a learner too', async () => {
    const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'tiltas_csrf');
    expect(csrf, 'the browser holds an anti-forgery cookie').toBeTruthy();
    const organisation = `Learner-made org ${suffix()}`;
    const response = await page.request.post('/api/create_organisation', {
      form: { csrf: csrf!.value, name: organisation },
      maxRedirects: 0,
    });
    expect(response.status(), await response.text()).toBe(403);

    const admin = await newPage();
    await signInAsAdmin(admin);
    await admin.goto('/admin/organisations');
    await expect(heading(admin, 'Organisations')).toBeVisible();
    await expect(main(admin).getByRole('row').filter({ hasText: learner.organisation })).toHaveCount(1);
    await expect(main(admin).getByRole('row').filter({ hasText: organisation })).toHaveCount(0);
  });
});
