/**
 * Stops the server started by global-setup.ts with SIGTERM (it finishes requests in flight and
 * closes the database), keeps its log as test-results/tiltas-server.log, and removes the
 * temporary folder with the SQLite database unless TILTAS_E2E_KEEP_TMP is set.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FullConfig } from '@playwright/test';
import type { E2EState } from './tests/support/state';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export default async function globalTeardown(config: FullConfig): Promise<void> {
  const stateFile = process.env.TILTAS_E2E_STATE_FILE;
  if (!stateFile || !fs.existsSync(stateFile)) return;
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as E2EState;

  if (alive(state.pid)) {
    process.kill(state.pid, 'SIGTERM');
    const deadline = Date.now() + 15_000;
    while (alive(state.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(state.pid)) {
      console.warn(`[tiltas-e2e] server pid ${state.pid} ignored SIGTERM for 15 s; killing it`);
      process.kill(state.pid, 'SIGKILL');
    }
  }

  const configDir = path.dirname(config.configFile ?? path.join(__dirname, 'playwright.config.ts'));
  const results = path.join(configDir, 'test-results');
  try {
    fs.mkdirSync(results, { recursive: true });
    fs.copyFileSync(state.logFile, path.join(results, 'tiltas-server.log'));
  } catch (error) {
    console.warn(`[tiltas-e2e] could not keep the server log: ${error}`);
  }
  if (state.keepTmpDir) {
    console.log(`[tiltas-e2e] kept ${state.tmpDir}`);
  } else {
    fs.rmSync(state.tmpDir, { recursive: true, force: true });
  }
}
