/**
 * Journey 13 (issue 15, single sign-on): a platform administrator configures an OpenID Connect
 * provider, and a person who has never used Tiltas signs in through it: the sign-in page's
 * "Sign in with …" button, the provider's own sign-in form, and back in Tiltas with an account
 * made for them in the provider's organisation. The administrator then switches passwords off
 * for that organisation. Runs with JavaScript on and off.
 *
 * The provider is the real npm `oidc-provider` (scripts/oidc-provider/provider.mjs), started
 * here on TILTAS_E2E_IDP_PORT (default 3499); its development form accepts any login.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { addOrganisation, expect, heading, main, signInAsAdmin, suffix, test, UI, uniqueEmail, url } from './support/tiltas';

const IDP_PORT = Number(process.env.TILTAS_E2E_IDP_PORT ?? 3499);
const ISSUER = `http://127.0.0.1:${IDP_PORT}`;
const CLIENT_ID = 'tiltas';
const CLIENT_SECRET = 'tiltas-test-secret';

let provider: ChildProcess | undefined;

test.beforeAll(async () => {
  const script = path.join(__dirname, '..', '..', 'scripts', 'oidc-provider', 'provider.mjs');
  provider = spawn('node', [script, '--port', String(IDP_PORT), '--redirect-uri', url('/sso/callback')], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the identity provider did not start')), 30_000);
    provider!.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    provider!.once('exit', (code) => reject(new Error(`the identity provider exited (${code})`)));
  });
});

test.afterAll(async () => {
  if (provider && provider.exitCode === null) {
    const exited = new Promise((resolve) => provider!.once('exit', resolve));
    provider.kill();
    await exited;
  }
});

test('Journey 13: a person signs in through their organisation\'s identity provider', async ({ page, newPage }) => {
  const organisation = `Kauno apskrities VPK ${suffix()}`;
  const providerName = `Policijos prisijungimas ${suffix()}`;
  const email = uniqueEmail('sso');

  await test.step('the administrator configures the provider', async () => {
    await signInAsAdmin(page);
    await page.goto('/admin/organisations');
    await addOrganisation(page, organisation);
    await page.goto('/admin/single-sign-on');
    await expect(heading(page, 'Single sign-on (OpenID Connect)')).toBeVisible();
    await expect(main(page)).toContainText(url('/sso/callback'));
    const form = main(page);
    await form.getByLabel('Name on the sign-in button', { exact: true }).fill(providerName);
    await form.getByLabel('Issuer URL', { exact: true }).fill(ISSUER);
    await form.getByLabel('Client ID', { exact: true }).fill(CLIENT_ID);
    await form.getByLabel('Client secret', { exact: true }).fill(CLIENT_SECRET);
    await form.getByLabel('Organisation of new accounts', { exact: true }).selectOption({ label: organisation });
    await form.getByLabel('Role of new accounts', { exact: true }).selectOption({ label: 'Learner' });
    await expect(form.getByLabel('Create an account when someone signs in for the first time')).toBeChecked();
    await form.getByRole('button', { name: 'Save the provider', exact: true }).click();
    await expect(main(page).getByRole('status')).toContainText('The identity provider is saved.');
    await expect(main(page).getByRole('heading', { name: providerName })).toBeVisible();
    await expect(main(page)).not.toContainText(CLIENT_SECRET);
  });

  const person = await newPage();
  await test.step('a newcomer signs in through the provider', async () => {
    await person.goto('/login');
    await main(person).getByRole('link', { name: `Sign in with ${providerName}`, exact: true }).click();
    await expect(person).toHaveURL(new RegExp(`^${ISSUER}/interaction/`));
    await person.locator('input[name="login"]').fill(email);
    await person.locator('input[name="password"]').fill('any password at the provider');
    await person.getByRole('button', { name: 'Sign-in' }).click();
    await expect(person).toHaveURL(url('/'));
    const name = email.split('@')[0].split(/[._-]+/).map((part) => part[0].toUpperCase() + part.slice(1)).join(' ');
    await expect(heading(person, UI.en.welcome(name))).toBeVisible();
  });

  await test.step('the account is in the provider\'s organisation, and its passwords can be switched off', async () => {
    await page.goto(`/admin/people?q=${encodeURIComponent(email)}`);
    await expect(main(page).getByRole('row').filter({ hasText: email })).toContainText(organisation);
    await page.goto('/admin/single-sign-on');
    const row = main(page).getByRole('row').filter({ hasText: organisation });
    await row.getByRole('button', { name: `Switch passwords off for ${organisation}` }).click();
    await expect(main(page).getByRole('status')).toContainText('Passwords are switched off for this organisation.');
    await expect(main(page).getByRole('row').filter({ hasText: organisation })).toContainText('Single sign-on only');
  });
});
