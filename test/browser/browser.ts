// One headless Chromium for a suite, and the steps every browser test shares.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { OFFLINE_ENV, ROOT } from '../../scripts/local';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere when needed. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/**
 * One browser for a test file, launched before its tests and closed after them with every context it opened. Each
 * page gets a context of its own (its own cookies: another person, or the same person on another device).
 */
export function useBrowser(viewport = { width: 1280, height: 860 }) {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });
  return async function newPage(size = viewport): Promise<Page> {
    if (!browser) throw new Error('useBrowser: the browser is launched in beforeAll');
    const context = await browser.newContext({ viewport: size });
    contexts.push(context);
    return context.newPage();
  };
}

/** Screens the tests save for people to look at (CI keeps test-results/ as an artifact). */
export const SCREENSHOTS = join(ROOT, 'test-results', 'screens');
mkdirSync(SCREENSHOTS, { recursive: true });

const apiTokens = new WeakMap<Page, string>();

export async function signIn(page: Page, base: string, email: string, password = 'lede-demo-password') {
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Posts' }).waitFor();
  apiTokens.set(page, await bearerToken(base, email, password));
}

/** A bearer token of the person signed in on the page (by `signIn`), for a test's own API calls as that person. */
export function tokenOf(page: Page): string {
  const token = apiTokens.get(page);
  if (!token) throw new Error('nobody was signed in on this page with signIn()');
  return token;
}

/**
 * A bearer token of the person, from a sign-in of its own: the app keeps its access token in memory, where tests
 * cannot (and nothing else should) reach it. For the tests' own API calls.
 */
export async function bearerToken(base: string, email: string, password = 'lede-demo-password'): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const res = await fetch(`${base}/api/v1/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.ok) return ((await res.json()) as { access_token: string }).access_token;
    const text = await res.text();
    // wrangler dev's proxy answers a POST that was in flight while it restarted the Worker with this 503 (it retries
    // only GET and HEAD itself); a sign-in is safe to send again, as the message asks.
    if (res.status === 503 && text.includes('restarted mid-request') && attempt < 3) continue;
    throw new Error(`sign-in of ${email} failed: ${res.status} ${text}`);
  }
}

/**
 * The link in the newest email of a kind to `email`, read from the local outbound message table the way
 * docs/IDENTITY.md tells people to (no mail sender is bound locally).
 */
export async function emailedLink(stateDir: string, kind: 'invitation' | 'password_reset', email: string) {
  if (!/^[\w.+-]+@[\w.-]+$/.test(email)) throw new Error(`not a plain address: ${email}`);
  const sql =
    `SELECT body FROM outbound_messages WHERE kind = '${kind}' AND recipient = '${email}' ` +
    'ORDER BY created_at DESC, rowid DESC LIMIT 1';
  const args = ['d1', 'execute', 'DB', '--local', '--persist-to', stateDir, '--json', '--command', sql];
  const run = () =>
    promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'wrangler'), args, {
      cwd: ROOT,
      env: { ...process.env, ...OFFLINE_ENV, CI: 'true' },
    });
  // The running `wrangler dev` writes to the same SQLite file; a read that meets its write lock fails with
  // SQLITE_BUSY (seen in CI), so it is tried again for a while.
  let stdout = '';
  for (let attempt = 1; ; attempt++) {
    try {
      stdout = (await run()).stdout;
      break;
    } catch (error) {
      if (attempt >= 20 || !String(error).includes('SQLITE_BUSY')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const [{ results }] = JSON.parse(stdout) as [{ results: { body: string }[] }];
  const link = /https?:\/\/\S+#token=\S+/.exec(results[0]?.body ?? '')?.[0];
  if (!link) throw new Error(`no ${kind} email to ${email}`);
  return link;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not as an inline <script>: the app's CSP rightly forbids those.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

// The body editor once it accepts typing (it waits for the room's first sync).
export const body = (page: Page) => page.locator('.cm-content[contenteditable=true]');

/** The document's text as the editor shows it, without the name labels of other people's cursors. */
export const textOf = (page: Page) =>
  page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { querySelector(s: string): DomNode | null } }).document;
    const shown = doc.querySelector('.cm-content');
    if (!shown) return '';
    const content = shown.cloneNode(true);
    for (const widget of content.querySelectorAll('.cm-ySelectionCaret, .cm-widgetBuffer')) widget.remove();
    return [...content.querySelectorAll('.cm-line')].map((line) => line.textContent ?? '').join('\n');
  });

interface DomNode {
  cloneNode(deep: boolean): DomNode;
  querySelectorAll(selector: string): Iterable<DomNode>;
  remove(): void;
  textContent: string | null;
}
export const syncState = (page: Page) => page.locator('[role=status][data-state]').getAttribute('data-state');

export async function waitFor(what: string, check: () => Promise<boolean>, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} never happened`);
}
