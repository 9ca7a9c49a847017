/**
 * What every journey needs: the texts a person reads (English and Lithuanian), checks of the
 * frame around every page (quick exit, navigation, language switch, support footer), and the
 * few multi-step actions several journeys repeat (signing in, creating an organisation or an
 * account, accepting an invitation). Everything goes through the pages, as a person would.
 */
import { test as base, expect, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { e2eState } from './state';

export { expect };
export { e2eState };

export const QUICK_EXIT_URL = 'https://www.google.com/search?q=weather';
export const SUPPORT_CONTACT = 'Emergency / Skubi pagalba: 112';

export type Lang = 'en' | 'lt';

/** The interface texts the journeys read, in both languages. */
export const UI = {
  en: {
    quickExit: 'Quick exit',
    navLabel: 'Main navigation',
    home: 'Home',
    profile: 'Profile',
    signIn: 'Sign in',
    signOut: 'Sign out',
    organisations: 'Organisations',
    people: 'People',
    footer: 'Need to talk to someone?',
    loginTitle: 'Sign in to Tiltas',
    email: 'Email address',
    password: 'Password',
    loginFailed: 'The email address or password is not correct.',
    signedOut: 'You have signed out.',
    welcome: (name: string) => `Welcome, ${name}`,
    welcomeAnonymous: 'Welcome to Tiltas',
    yourRoles: 'Your roles',
    yourOrganisation: 'Your organisation',
    learner: 'Learner',
    administrator: 'Administrator',
    profileTitle: 'Your profile',
    name: 'Name',
    preferredLanguage: 'Preferred language',
    save: 'Save',
    profileSaved: 'Your profile was saved.',
    forbiddenTitle: 'You do not have access to this page',
    notFoundTitle: 'Page not found',
    inviteTitle: 'Set your password',
    newPassword: 'New password',
    repeatPassword: 'Repeat the new password',
    savePassword: 'Save password',
  },
  lt: {
    quickExit: 'Greitai išeiti',
    navLabel: 'Pagrindinė navigacija',
    home: 'Pradžia',
    profile: 'Profilis',
    signIn: 'Prisijungti',
    signOut: 'Atsijungti',
    organisations: 'Organizacijos',
    people: 'Žmonės',
    footer: 'Norite su kuo nors pasikalbėti?',
    loginTitle: 'Prisijunkite prie Tiltas',
    email: 'El. pašto adresas',
    password: 'Slaptažodis',
    loginFailed: 'Neteisingas el. pašto adresas arba slaptažodis.',
    signedOut: 'Atsijungėte.',
    welcome: (name: string) => `Sveiki, ${name}`,
    welcomeAnonymous: 'Sveiki atvykę į Tiltas',
    yourRoles: 'Jūsų vaidmenys',
    yourOrganisation: 'Jūsų organizacija',
    learner: 'Besimokantysis',
    administrator: 'Administratorius',
    profileTitle: 'Jūsų profilis',
    name: 'Vardas ir pavardė',
    preferredLanguage: 'Pageidaujama kalba',
    save: 'Išsaugoti',
    profileSaved: 'Jūsų profilis išsaugotas.',
    forbiddenTitle: 'Neturite prieigos prie šio puslapio',
    notFoundTitle: 'Puslapis nerastas',
    inviteTitle: 'Nustatykite slaptažodį',
    newPassword: 'Naujas slaptažodis',
    repeatPassword: 'Pakartokite naują slaptažodį',
    savePassword: 'Išsaugoti slaptažodį',
  },
} as const;

/** A suffix that keeps names and emails of one test apart from every other test's. */
export function suffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function uniqueEmail(label: string): string {
  return `${label}.${suffix()}@e2e.example.lt`;
}

/** The absolute address of a path on the server under test. */
export function url(path: string): string {
  return new URL(path, e2eState().baseURL).href;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The page is at this path. After a failed form submission the framework adds its own
 * `?__path=…&__err=…` to the address it redirects back to, so only the path is compared.
 */
export async function expectPath(page: Page, path: string): Promise<void> {
  await expect(page).toHaveURL(new RegExp(`^${escapeRegExp(url(path))}(\\?.*)?$`));
}

/** A one-time link as the app prints it: the public address, /invite/, a 256-bit token. */
export function invitePattern(): RegExp {
  return new RegExp(`^${escapeRegExp(url('/invite/'))}[A-Za-z0-9_-]{43}$`);
}

type Fixtures = {
  /**
   * Opens a page in a new browser context (its own cookies: another person, or the same person
   * on another device) with this project's settings, JavaScript on or off included.
   */
  newPage: () => Promise<Page>;
};

export const test = base.extend<Fixtures>({
  newPage: async ({ browser, javaScriptEnabled, baseURL, locale, viewport }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext({ javaScriptEnabled, baseURL, locale, viewport });
      contexts.push(context);
      return context.newPage();
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

export type Viewer = 'anonymous' | 'learner' | 'administrator';

export function nav(page: Page, lang: Lang = 'en'): Locator {
  return page.getByRole('navigation', { name: UI[lang].navLabel });
}

export function main(page: Page): Locator {
  return page.getByRole('main');
}

export function heading(page: Page, text: string | RegExp): Locator {
  return main(page).getByRole('heading', { level: 1, name: text });
}

/**
 * The frame every page must have: the quick exit (visible, in view, leading to the neutral
 * site, never followed here: the network is closed), the language switch, the support footer,
 * and, when `who` is given, the navigation that person should see and nothing more.
 */
export async function expectPageFrame(page: Page, lang: Lang, who?: Viewer): Promise<void> {
  const t = UI[lang];
  await expect(page.locator('html')).toHaveAttribute('lang', lang);

  const quickExit = page.locator('#quick-exit');
  await expect(quickExit).toHaveCount(1);
  await expect(quickExit).toBeVisible();
  await expect(quickExit).toBeInViewport();
  await expect(quickExit).toHaveAttribute('href', QUICK_EXIT_URL);
  await expect(quickExit).toHaveText(t.quickExit);

  const english = page.getByRole('button', { name: 'English', exact: true });
  const lithuanian = page.getByRole('button', { name: 'Lietuvių', exact: true });
  await expect(english).toBeVisible();
  await expect(lithuanian).toBeVisible();
  await expect(lang === 'en' ? english : lithuanian).toHaveAttribute('aria-pressed', 'true');
  await expect(lang === 'en' ? lithuanian : english).toHaveAttribute('aria-pressed', 'false');

  // Every form that changes something is a plain post to a server function, carrying the
  // anti-forgery token. (Filters such as the catalogue's are GET forms that change nothing.)
  const forms = page.locator('form:not([method="get"])');
  const formCount = await forms.count();
  expect(formCount, 'the language switch at least is a form').toBeGreaterThan(0);
  for (let i = 0; i < formCount; i++) {
    const form = forms.nth(i);
    await expect(form).toHaveAttribute('method', /^post$/i);
    await expect(form).toHaveAttribute('action', /^\/api\/[a-z_]+$/);
    const csrf = form.locator('input[type="hidden"][name="csrf"]');
    await expect(csrf).toHaveCount(1);
    await expect(csrf).toHaveValue(/^[A-Za-z0-9_-]{32,}$/);
  }

  const footer = page.getByRole('contentinfo');
  await expect(footer.getByRole('heading', { name: t.footer })).toBeVisible();
  await expect(footer.getByRole('listitem').filter({ hasText: SUPPORT_CONTACT })).toBeVisible();

  if (!who) return;
  const links = nav(page, lang);
  await expect(links.getByRole('link', { name: t.home, exact: true })).toHaveAttribute('href', '/');
  const signedIn = who !== 'anonymous';
  const isAdmin = who === 'administrator';
  await expect(links.getByRole('link', { name: t.signIn, exact: true })).toHaveCount(signedIn ? 0 : 1);
  await expect(links.getByRole('link', { name: t.profile, exact: true })).toHaveCount(signedIn ? 1 : 0);
  await expect(links.getByRole('button', { name: t.signOut, exact: true })).toHaveCount(signedIn ? 1 : 0);
  await expect(links.getByRole('link', { name: t.organisations, exact: true })).toHaveCount(isAdmin ? 1 : 0);
  await expect(links.getByRole('link', { name: t.people, exact: true })).toHaveCount(isAdmin ? 1 : 0);
  if (isAdmin) {
    await expect(links.getByRole('link', { name: t.organisations, exact: true })).toHaveAttribute('href', '/admin/organisations');
    await expect(links.getByRole('link', { name: t.people, exact: true })).toHaveAttribute('href', '/admin/people');
  }
}

/** The `<dd>` that follows the `<dt>` with this text on the home page. */
export function fact(page: Page, term: string): Locator {
  return main(page).locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
}

/** The home page of a signed-in person: greeting, roles and organisation. */
export async function expectHome(
  page: Page,
  lang: Lang,
  person: { name: string; roles: string; organisation?: string },
): Promise<void> {
  const t = UI[lang];
  await expectPath(page, '/');
  await expect(heading(page, t.welcome(person.name))).toBeVisible();
  await expect(fact(page, t.yourRoles)).toHaveText(person.roles);
  if (person.organisation) {
    await expect(fact(page, t.yourOrganisation)).toHaveText(person.organisation);
  } else {
    await expect(main(page).locator('dt', { hasText: t.yourOrganisation })).toHaveCount(0);
  }
}

/** Fills and submits the sign-in form; the caller checks where it lands. */
export async function submitSignIn(page: Page, email: string, password: string, lang: Lang = 'en'): Promise<void> {
  const t = UI[lang];
  await expect(heading(page, t.loginTitle)).toBeVisible();
  await main(page).getByLabel(t.email, { exact: true }).fill(email);
  await main(page).getByLabel(t.password, { exact: true }).fill(password);
  await main(page).getByRole('button', { name: t.signIn, exact: true }).click();
}

export async function signIn(page: Page, email: string, password: string, lang: Lang = 'en'): Promise<void> {
  await page.goto('/login');
  await submitSignIn(page, email, password, lang);
  await expect(page).toHaveURL(url('/'));
}

export async function signInAsAdmin(page: Page): Promise<void> {
  const state = e2eState();
  await signIn(page, state.adminEmail, state.adminPassword);
  await expect(heading(page, UI.en.welcome('Administrator'))).toBeVisible();
}

/** Sets the password on an invitation page that is already open. */
export async function submitInvite(page: Page, password: string, confirmation = password, lang: Lang = 'en'): Promise<void> {
  const t = UI[lang];
  await main(page).getByLabel(t.newPassword, { exact: true }).fill(password);
  await main(page).getByLabel(t.repeatPassword, { exact: true }).fill(confirmation);
  await main(page).getByRole('button', { name: t.savePassword, exact: true }).click();
}

/** On /admin/organisations: adds one and checks it is listed. */
export async function addOrganisation(page: Page, name: string): Promise<void> {
  await main(page).getByLabel('Organisation name', { exact: true }).fill(name);
  await main(page).getByRole('button', { name: 'Add organisation', exact: true }).click();
  await expect(main(page).getByRole('status')).toContainText('Organisation added.');
  await expect(main(page).getByRole('row').filter({ hasText: name })).toHaveCount(1);
}

export type RoleName = 'Learner' | 'Trainer' | 'Administrator' | 'Organisation administrator';

export interface NewPerson {
  name: string;
  email: string;
  organisation?: string;
  /** Default: learner only. */
  roles?: RoleName[];
}

/** On /admin/people, the "Add a person" form (the list's filters above it have fields too). */
export function newPersonForm(page: Page): Locator {
  return main(page).locator('form').filter({ has: page.getByRole('button', { name: 'Create account', exact: true }) });
}

/** On /admin/people: fills the "Add a person" form and submits it. */
export async function submitNewPerson(page: Page, person: NewPerson): Promise<void> {
  const form = newPersonForm(page);
  await form.getByLabel('Name', { exact: true }).fill(person.name);
  await form.getByLabel('Email address', { exact: true }).fill(person.email);
  const roles = person.roles ?? ['Learner'];
  for (const role of ['Learner', 'Trainer', 'Administrator', 'Organisation administrator'] as RoleName[]) {
    await form.getByLabel(role, { exact: true }).setChecked(roles.includes(role));
  }
  const organisation = form.getByLabel('Organisation', { exact: true });
  if (person.organisation) {
    await organisation.selectOption({ label: person.organisation });
  } else {
    await organisation.selectOption({ label: 'No organisation' });
  }
  await form.getByRole('button', { name: 'Create account', exact: true }).click();
}

/** The one-time link shown after an account was created or a link renewed. */
export function shownLink(page: Page): Locator {
  return main(page).getByRole('status').locator('.notice-detail code');
}

export interface Learner {
  name: string;
  email: string;
  organisation: string;
  link: string;
  password: string;
}

/**
 * Has the administrator, in a browser context of their own, add an organisation and a learner
 * in it, and returns the learner's one-time link.
 */
export async function learnerInvitedByAdmin(
  newPage: () => Promise<Page>,
  label: string,
  roles: RoleName[] = ['Learner'],
): Promise<Learner> {
  const admin = await newPage();
  await signInAsAdmin(admin);
  const organisation = `Org ${label} ${suffix()}`;
  await admin.goto('/admin/organisations');
  await addOrganisation(admin, organisation);
  await admin.goto('/admin/people');
  const learner = {
    name: `Ona Petraitienė ${suffix()}`,
    email: uniqueEmail(label),
    organisation,
    password: `learner passphrase ${suffix()}`,
    roles,
  };
  await submitNewPerson(admin, learner);
  await expect(main(admin).getByRole('status')).toContainText('Account created.');
  await expect(shownLink(admin)).toHaveText(invitePattern());
  const link = (await shownLink(admin).textContent())!.trim();
  await admin.context().close();
  return { ...learner, link };
}

/** The learner opens their link and sets their password; lands signed in on the home page. */
export async function acceptInvitation(page: Page, learner: Learner, roles = 'Learner'): Promise<void> {
  await page.goto(learner.link);
  await expect(heading(page, UI.en.inviteTitle)).toBeVisible();
  await submitInvite(page, learner.password);
  await expectHome(page, 'en', { name: learner.name, roles, organisation: learner.organisation });
}

/** Presses one of the two language buttons and waits for the page to come back in it. */
export async function switchLanguage(page: Page, to: Lang): Promise<void> {
  const label = to === 'en' ? 'English' : 'Lietuvių';
  await page.getByRole('button', { name: label, exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', to);
}

/** No sideways scrolling: the page is no wider than the viewport. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const width = page.viewportSize()!.width;
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth, `page ${page.url()} is ${scrollWidth}px wide in a ${width}px viewport`).toBeLessThanOrEqual(width);
}
