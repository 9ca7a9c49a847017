import { defineConfig } from '@playwright/test';

/**
 * Browser tests of Tiltas. The suite starts its own `tiltas serve` (see global-setup.ts) on
 * TILTAS_E2E_PORT (default 3107) with an empty database, and drives Debian's Chromium, never a
 * browser downloaded by Playwright.
 *
 * Projects:
 * - admin-setup: the founding administrator uses the one-time set-up link (runs exactly once);
 * - js-on / js-off: every journey, once with JavaScript and once without.
 */
const port = Number(process.env.TILTAS_E2E_PORT ?? 3107);
const baseURL = `http://127.0.0.1:${port}/`;

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  fullyParallel: false,
  // Two cores: one browser at a time beside the server is the sensible default.
  workers: Number(process.env.TILTAS_E2E_WORKERS ?? 1),
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Password hashing in a debug build is slow; journeys hash several passwords.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    browserName: 'chromium',
    baseURL,
    // Accept-Language decides the language of anonymous pages: make it explicit.
    locale: 'en-GB',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: process.env.TILTAS_E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    {
      name: 'admin-setup',
      testMatch: /admin\.setup\.ts$/,
      use: { javaScriptEnabled: true },
    },
    {
      name: 'js-on',
      testMatch: /\.spec\.ts$/,
      dependencies: ['admin-setup'],
      use: { javaScriptEnabled: true },
    },
    {
      name: 'js-off',
      testMatch: /\.spec\.ts$/,
      dependencies: ['admin-setup'],
      use: { javaScriptEnabled: false },
    },
  ],
});
