/** What global-setup.ts tells the tests about the server it started. */
export interface E2EState {
  /** The server's address, ending with `/`. */
  baseURL: string;
  /** The founding administrator's one-time link, printed by the server on first start. */
  setupLink: string;
  adminEmail: string;
  /** Chosen by global-setup; the admin-setup project sets it through the link. */
  adminPassword: string;
  pid: number;
  tmpDir: string;
  logFile: string;
  keepTmpDir: boolean;
}

export function e2eState(): E2EState {
  const json = process.env.TILTAS_E2E_STATE;
  if (!json) throw new Error('TILTAS_E2E_STATE is not set: run the suite with `npx playwright test`, whose global setup starts the server.');
  return JSON.parse(json) as E2EState;
}
