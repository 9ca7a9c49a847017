/**
 * Starts the Tiltas server that the whole suite talks to: `tiltas serve` on the port of the
 * configured baseURL, with an empty SQLite database in a fresh temporary folder (or the
 * PostgreSQL database named by TILTAS_E2E_DATABASE_URL). Captures the founding administrator's
 * one-time set-up link from the server's standard output and hands it, with the other facts the
 * tests need, to the test workers through the TILTAS_E2E_STATE environment variable (a JSON
 * document; also written to state.json in the temporary folder for global-teardown.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FullConfig } from '@playwright/test';
import type { E2EState } from './tests/support/state';

const SETUP_LINK = /Open this one-time link to choose the password for (\S+?):\s+(https?:\/\/\S+\/invite\/[A-Za-z0-9_-]+)/;

function seconds(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Fails early when something else already listens on the port: the suite would test it instead. */
async function assertPortFree(host: string, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          `Port ${port} on ${host} is not free (${error.code}). Stop what listens there or choose ` +
            `another port with TILTAS_E2E_PORT.`,
        ),
      );
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** Other engineers rebuild the binary while the suite may start: wait for it to reappear. */
async function waitForBinary(binary: string): Promise<void> {
  const deadline = Date.now() + seconds('TILTAS_E2E_BIN_WAIT_SECONDS', 300) * 1000;
  let told = false;
  for (;;) {
    try {
      fs.accessSync(binary, fs.constants.X_OK);
      // A binary being written has a recent mtime: let the linker finish.
      const age = Date.now() - fs.statSync(binary).mtimeMs;
      if (age > 2000) return;
    } catch {
      if (!told) {
        console.log(`[tiltas-e2e] waiting for the server binary ${binary} (set TILTAS_BIN to use another)`);
        told = true;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`The Tiltas binary ${binary} is missing or not executable. Build it (cargo leptos build) or set TILTAS_BIN.`);
    }
    await sleep(2000);
  }
}

/** Everything from the caller's environment except settings that would change what the server does. */
function serverEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const appSetting = name.startsWith('TILTAS_') || name.startsWith('LEPTOS_') || name === 'DATABASE_URL';
    if (!appSetting || name === 'TILTAS_LOG') env[name] = value;
  }
  return { ...env, ...overrides };
}

export default async function globalSetup(config: FullConfig): Promise<void> {
  const configDir = path.dirname(config.configFile ?? path.join(__dirname, 'playwright.config.ts'));
  const baseURL = String(config.projects[0]?.use?.baseURL ?? '');
  const base = new URL(baseURL);
  const host = base.hostname;
  const port = Number(base.port);

  const binary = path.resolve(configDir, process.env.TILTAS_BIN ?? '../target/debug/tiltas');
  const siteRoot = path.resolve(configDir, process.env.LEPTOS_SITE_ROOT ?? '../target/site');

  await assertPortFree(host, port);
  await waitForBinary(binary);

  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiltas-e2e-'));
  const databaseUrl = process.env.TILTAS_E2E_DATABASE_URL || `sqlite://${path.join(tmpDir, 'e2e.db')}`;
  const logFile = path.join(tmpDir, 'server.log');

  const log = fs.openSync(logFile, 'a');
  let stdout = '';
  const child: ChildProcess = spawn(binary, ['serve'], {
    cwd: tmpDir,
    env: serverEnvironment({
      DATABASE_URL: databaseUrl,
      LEPTOS_SITE_ADDR: `${host}:${port}`,
      LEPTOS_SITE_ROOT: siteRoot,
      TILTAS_BASE_URL: baseURL,
      // The shipped courses, imported at start-up as in production.
      TILTAS_COURSES_DIR: path.resolve(configDir, '../courses'),
      TILTAS_LOG: process.env.TILTAS_LOG ?? 'info',
      NO_COLOR: '1',
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    fs.writeSync(log, chunk);
  });
  child.stderr!.on('data', (chunk: Buffer) => fs.writeSync(log, chunk));
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });
  // If the runner itself ends without running the teardown, do not leave the server behind.
  process.once('exit', () => {
    if (exited === null) child.kill('SIGTERM');
  });

  const fail = (reason: string): never => {
    if (exited === null) child.kill('SIGTERM');
    const output = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-4000) : '';
    throw new Error(`Could not start Tiltas (${binary} serve): ${reason}\n--- server output (end) ---\n${output}`);
  };

  const deadline = Date.now() + seconds('TILTAS_E2E_START_TIMEOUT_SECONDS', 120) * 1000;
  for (;;) {
    if (exited !== null) fail(`the server ${exited} before answering /healthz`);
    if (Date.now() > deadline) fail('/healthz did not answer 200 in time');
    try {
      const response = await fetch(new URL('healthz', baseURL), { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }

  // The link is printed before the server starts listening, and Rust flushes stdout per line.
  const match = SETUP_LINK.exec(stdout);
  if (!match) {
    fail(
      'the server did not print the administrator set-up link. The suite needs an empty database: ' +
        'with TILTAS_E2E_DATABASE_URL, give it a new PostgreSQL database.',
    );
  }
  const [, adminEmail, setupLink] = match!;
  if (!setupLink.startsWith(baseURL)) fail(`the set-up link ${setupLink} does not start with ${baseURL}`);

  const state: E2EState = {
    baseURL,
    setupLink,
    adminEmail,
    // Chosen here, used once by the admin-setup project, then by every test that signs in as admin.
    adminPassword: `Admin passphrase ${randomBytes(6).toString('hex')}`,
    pid: child.pid!,
    tmpDir,
    logFile,
    keepTmpDir: !!process.env.TILTAS_E2E_KEEP_TMP,
  };
  fs.writeFileSync(path.join(tmpDir, 'state.json'), JSON.stringify(state, null, 2));
  process.env.TILTAS_E2E_STATE = JSON.stringify(state);
  process.env.TILTAS_E2E_STATE_FILE = path.join(tmpDir, 'state.json');
  console.log(`[tiltas-e2e] server pid ${child.pid} at ${baseURL}, database ${databaseUrl.startsWith('sqlite:') ? databaseUrl : '(from TILTAS_E2E_DATABASE_URL)'}, log ${logFile}`);
}
