/**
 * Journey 4: someone who is not signed in, on a 360 px wide phone. The administrators' pages
 * and the profile send them to the sign-in page, an unknown address is a 404 "Page not found",
 * and every page keeps the quick exit in view without sideways scrolling, in both languages.
 */
import type { Page, Response } from '@playwright/test';
import {
  expect,
  expectNoHorizontalScroll,
  expectPageFrame,
  expectPath,
  heading,
  main,
  submitSignIn,
  switchLanguage,
  test,
  UI,
  uniqueEmail,
  url,
  type Lang,
} from './support/tiltas';

test.use({ viewport: { width: 360, height: 740 }, isMobile: false });

/** The page fits a phone: quick exit and frame present, nothing wider than the screen. */
async function expectPhoneFriendly(page: Page, lang: Lang): Promise<void> {
  await expectPageFrame(page, lang, 'anonymous');
  await expectNoHorizontalScroll(page);
}

/** The navigation ended on /login after a redirect from `from`. */
async function expectSentToSignIn(page: Page, response: Response | null, from: string, lang: Lang): Promise<void> {
  await expect(page).toHaveURL(url('/login'));
  const redirect = response!.request().redirectedFrom();
  expect(redirect, `${from} should redirect`).not.toBeNull();
  expect(redirect!.url()).toBe(url(from));
  const redirectResponse = await redirect!.response();
  expect([302, 303, 307]).toContain(redirectResponse!.status());
  expect(response!.status()).toBe(200);
  await expect(heading(page, UI[lang].loginTitle)).toBeVisible();
}

test('Journey 4: an anonymous visitor on a phone', async ({ page, request }) => {
  await test.step('the server answers its health check', async () => {
    const response = await request.get('/healthz');
    expect(response.status()).toBe(200);
  });

  await test.step('the home page welcomes and points to signing in', async () => {
    const response = await page.goto('/');
    expect(response!.status()).toBe(200);
    await expect(heading(page, UI.en.welcomeAnonymous)).toBeVisible();
    await expect(main(page).getByRole('link', { name: 'Sign in', exact: true })).toHaveAttribute('href', '/login');
    await expectPhoneFriendly(page, 'en');
  });

  for (const path of ['/admin/people', '/admin/organisations', '/profile']) {
    await test.step(`${path} redirects to the sign-in page`, async () => {
      const response = await page.goto(path);
      await expectSentToSignIn(page, response, path, 'en');
      await expect(main(page).getByText(UI.en.forbiddenTitle)).toHaveCount(0);
      await expect(main(page).getByRole('table')).toHaveCount(0);
      await expectPhoneFriendly(page, 'en');
    });
  }

  await test.step('an unknown address is 404 "Page not found"', async () => {
    const response = await page.goto('/does-not-exist');
    expect(response!.status()).toBe(404);
    await expect(page).toHaveURL(url('/does-not-exist'));
    await expect(heading(page, UI.en.notFoundTitle)).toBeVisible();
    await expect(main(page).getByRole('link', { name: 'Go to the home page' })).toHaveAttribute('href', '/');
    await expectPhoneFriendly(page, 'en');
  });

  await test.step('an invalid invitation link says so and offers no form', async () => {
    const response = await page.goto('/invite/not-a-real-token');
    expect(response!.status()).toBeLessThan(500);
    await expect(main(page).getByText(
      'This invitation link is not valid or has expired. Ask your administrator for a new one.', { exact: true },
    )).toBeVisible();
    await expect(main(page).getByLabel(UI.en.newPassword, { exact: true })).toHaveCount(0);
    await expectPhoneFriendly(page, 'en');
  });

  await test.step('signing in with an unknown address gets the generic message', async () => {
    await page.goto('/login');
    await expectPhoneFriendly(page, 'en');
    await submitSignIn(page, uniqueEmail('stranger'), 'some long password');
    await expectPath(page, '/login');
    await expect(main(page).getByText(UI.en.loginFailed, { exact: true })).toBeVisible();
    await expectPhoneFriendly(page, 'en');
  });

  await test.step('in Lithuanian: sign-in page, redirect and 404', async () => {
    await switchLanguage(page, 'lt');
    await expectPath(page, '/login');
    await expect(heading(page, UI.lt.loginTitle)).toBeVisible();
    await expectPhoneFriendly(page, 'lt');

    const redirected = await page.goto('/admin/people');
    await expectSentToSignIn(page, redirected, '/admin/people', 'lt');
    await expectPhoneFriendly(page, 'lt');

    const missing = await page.goto('/does-not-exist');
    expect(missing!.status()).toBe(404);
    await expect(heading(page, UI.lt.notFoundTitle)).toBeVisible();
    await expectPhoneFriendly(page, 'lt');

    await page.goto('/');
    await expect(heading(page, UI.lt.welcomeAnonymous)).toBeVisible();
    await expectPhoneFriendly(page, 'lt');
  });

  await test.step('a form posted without its anti-forgery token is refused', async () => {
    const withoutToken = await page.request.post('/api/set_language', { form: { language: 'en' }, maxRedirects: 0 });
    expect(withoutToken.status()).toBe(403);
    expect(await withoutToken.text()).toContain('Šios formos galiojimas baigėsi. Bandykite dar kartą.');
    const wrongToken = await page.request.post('/api/set_language', {
      form: { language: 'en', csrf: 'x'.repeat(43) },
      maxRedirects: 0,
    });
    expect(wrongToken.status()).toBe(403);
    await page.reload();
    await expect(heading(page, UI.lt.welcomeAnonymous)).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'lt');
  });

  await test.step('back to English', async () => {
    await switchLanguage(page, 'en');
    await expect(heading(page, UI.en.welcomeAnonymous)).toBeVisible();
    await expectPhoneFriendly(page, 'en');
  });

  await test.step('the quick exit stays in view when the page is scrolled (needs the built stylesheet)', async () => {
    const stylesheet = await request.get('/pkg/tiltas.css');
    if (stylesheet.status() !== 200) {
      test.info().annotations.push({
        type: 'not checked',
        description: 'sticky quick exit: /pkg/tiltas.css is not built (target/site/pkg is missing)',
      });
      return;
    }
    // A short window, so that the page has to scroll.
    await page.setViewportSize({ width: 360, height: 320 });
    await page.goto('/');
    await page.mouse.wheel(0, 3000);
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(100);
    await expect(page.locator('#quick-exit')).toBeInViewport();
    await expectNoHorizontalScroll(page);
  });
});
