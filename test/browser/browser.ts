// One headless Chromium for a suite, and the steps every browser test shares.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ROOT } from '../../scripts/local';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere when needed. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Screens the tests save for people to look at (CI keeps test-results/ as an artifact). */
export const SCREENSHOTS = join(ROOT, 'test-results', 'screens');
mkdirSync(SCREENSHOTS, { recursive: true });

export async function signIn(page: Page, base: string, email: string, password = 'lede-demo-password') {
  await page.goto(`${base}/admin/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Posts' }).waitFor();
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
