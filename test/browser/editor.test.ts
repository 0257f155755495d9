// The editor app in a real browser: sign in, write, co-edit from two browsers at once (with each other's cursors),
// keep typing offline, publish and schedule, and a contributor who cannot publish. Screens are checked with axe.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../../scripts/local';
import { makePng } from '../../bench/media/png';
import {
  body,
  SCREENSHOTS,
  seriousViolations,
  signIn,
  useBrowser,
  syncState,
  textOf,
  tokenOf,
  waitFor,
} from './browser';

const base = inject('ledeUrl');
const newPage = useBrowser();

describe('the editor app', () => {
  let owner: Page;
  let editor: Page;
  let postUrl = '';

  it('signs in, with no serious accessibility problems on the sign-in and list screens', async () => {
    owner = await newPage();
    const response = await owner.goto(`${base}/admin/`);
    // Served as a static asset, with its headers from public/_headers.
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');
    await owner.getByRole('heading', { name: 'Sign in to Lede' }).waitFor();
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: join(SCREENSHOTS, 'sign-in.png') });
    await signIn(owner, base, 'owner@lede.example');
    await owner.locator('.post-list li').first().waitFor();
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: join(SCREENSHOTS, 'posts.png') });
  });

  it('creates a post and saves what is typed (the room acknowledges it)', async () => {
    await owner.getByRole('button', { name: 'New post' }).click();
    await body(owner).waitFor();
    postUrl = owner.url();
    await owner.getByLabel('Title', { exact: true }).fill('Written in a browser');
    await body(owner).click();
    await owner.keyboard.type('First paragraph from the owner.');
    await waitFor('the saved state', async () => (await syncState(owner)) === 'saved');
    expect(await textOf(owner)).toBe('First paragraph from the owner.');
  });

  it('lets two browsers edit at once: both end with the same text and see each other’s cursor', async () => {
    editor = await newPage();
    await signIn(editor, base, 'jonas@lede.example');
    await editor.goto(postUrl);
    await waitFor('the document in the second browser', async () => (await textOf(editor)).includes('First paragraph'));

    // Both type at the same time, at opposite ends.
    await body(owner).click();
    await owner.keyboard.press('Control+End');
    await body(editor).click();
    await editor.keyboard.press('Control+Home');
    await Promise.all([owner.keyboard.type(' Owner was here.'), editor.keyboard.type('Editor was here. ')]);

    let seen: string[] = [];
    await waitFor('convergence', async () => {
      seen = [await textOf(owner), await textOf(editor)];
      const [a, b] = seen;
      return a === b && a!.includes('Owner was here.') && a!.includes('Editor was here.');
    }).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(seen)}`);
    });
    // Each sees the other's named cursor.
    await waitFor('the editor’s cursor in the owner’s browser', async () =>
      (await owner.locator('.cm-ySelectionInfo').allInnerTexts()).some((t) => t.includes('Jonas')),
    );
    await waitFor('the owner’s cursor in the editor’s browser', async () =>
      (await editor.locator('.cm-ySelectionInfo').allInnerTexts()).some((t) => t.includes('Maya')),
    );
    expect(await owner.locator('.presence li').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('Jonas')]),
    );
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: join(SCREENSHOTS, 'editor.png') });
  });

  it('keeps edits made offline and merges them on reconnect', async () => {
    await editor.context().setOffline(true);
    let state: string | null = null;
    await waitFor('the offline state', async () => (state = await syncState(editor)) === 'offline').catch(
      (e: Error) => {
        throw new Error(`${e.message}: ${state}`);
      },
    );
    await body(editor).click();
    await editor.keyboard.press('Control+End');
    await editor.keyboard.type(' Typed offline.');
    await body(owner).click();
    await owner.keyboard.press('Control+Home');
    await owner.keyboard.type('Online meanwhile. ');
    await editor.context().setOffline(false);
    await waitFor('convergence after reconnecting', async () => {
      const [a, b] = [await textOf(owner), await textOf(editor)];
      return a === b && a.includes('Typed offline.') && a.includes('Online meanwhile.');
    });
  });

  it('shares the settings panel live: excerpts and tags typed in one browser appear in the other, unsaved', async () => {
    const excerpt = (page: Page) => page.getByLabel('Excerpt', { exact: true });
    const value = (page: Page, field: string) => page.locator(`.settings [name=${field}]`).inputValue();
    await excerpt(owner).click();
    await owner.keyboard.type('Shared excerpt.');
    await waitFor(
      'the excerpt in the other browser',
      async () => (await value(editor, 'custom_excerpt')) === 'Shared excerpt.',
    );

    // The editor types at the start of the field while the owner types at its end: the editor's caret stays put.
    await excerpt(editor).click();
    await editor.keyboard.press('Control+Home');
    await editor.keyboard.type('A ');
    await waitFor('the first word in the owner’s field', async () =>
      (await value(owner, 'custom_excerpt')).startsWith('A '),
    );
    await excerpt(owner).click();
    await owner.keyboard.press('Control+End');
    await owner.keyboard.type(' Tail.');
    await waitFor('the tail in the editor’s field', async () =>
      (await value(editor, 'custom_excerpt')).endsWith('Tail.'),
    );
    await editor.keyboard.type('B ');
    const wanted = 'A B Shared excerpt. Tail.';
    await waitFor(
      'both fields the same',
      async () =>
        (await value(owner, 'custom_excerpt')) === wanted && (await value(editor, 'custom_excerpt')) === wanted,
    ).catch(async (e: Error) => {
      throw new Error(
        `${e.message}: ${await value(owner, 'custom_excerpt')} / ${await value(editor, 'custom_excerpt')}`,
      );
    });

    // Tags are shared when the field is left.
    await editor.getByLabel(/^Tags/).fill('Live, Browser');
    await editor.keyboard.press('Tab');
    await waitFor('the tags in the owner’s panel', async () => (await value(owner, 'tags')) === 'Live, Browser');
    expect(await seriousViolations(owner)).toEqual([]);
  });

  it('uploads an image with progress and inserts it, previews it, and keeps a named version', async () => {
    await body(owner).click();
    await owner.keyboard.press('Control+End');
    await owner.keyboard.press('Enter');
    await owner.getByLabel('Upload files').setInputFiles({
      name: 'chart.png',
      mimeType: 'image/png',
      buffer: makePng(800, 600),
    });
    await waitFor('the image in the text', async () =>
      /!\[chart\.png\]\(\/media\/[^)]+\)/.test(await textOf(owner)),
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}: ${await owner.locator('.uploads').innerText()} / ${await textOf(owner)}`);
    });
    expect(await owner.locator('.uploads progress').getAttribute('value')).toBe('1');
    await waitFor('the image in the other browser', async () => (await textOf(editor)).includes('![chart.png]('));

    await owner.getByRole('button', { name: 'Show preview' }).click();
    const image = owner.locator('.preview img[alt="chart.png"]');
    await image.waitFor();
    expect(await image.getAttribute('width')).toBe('800');
    expect(await image.getAttribute('srcset')).toContain('320w');

    await owner.getByLabel('Name this version').fill('With the chart');
    await owner.getByRole('button', { name: 'Save version' }).click();
    await owner.locator('.history-list li', { hasText: 'With the chart' }).waitFor();
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: join(SCREENSHOTS, 'editor-preview.png'), fullPage: true });
  });

  it('publishes the post, which then appears on the public site with what was typed', async () => {
    await owner.getByRole('button', { name: 'Publish' }).click();
    await owner.locator('.status-published').first().waitFor();
    const link = await owner.getByRole('link', { name: 'View on the site' }).getAttribute('href');
    const page = await (await fetch(new URL(link!, base))).text();
    expect(page, page.slice(0, 600)).toContain('Written in a browser');
    expect(page).toContain('Owner was here.');
    expect(page).toContain('Typed offline.');
    expect(page).toMatch(/<img[^>]+alt="chart.png"[^>]+srcset=/);
  });

  it('schedules a post in the editor’s time zone', async () => {
    await owner.goto(`${base}/admin/#/posts`);
    await owner.getByRole('button', { name: 'New post' }).click();
    await body(owner).waitFor();
    await owner.getByLabel('Title', { exact: true }).fill('Scheduled from the browser');
    const tomorrow = new Date(Date.now() + 86_400_000);
    const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await owner.getByLabel(/Publish at/).fill(local);
    await owner.getByRole('button', { name: 'Schedule' }).click();
    await owner.locator('.side-panel .status-scheduled').waitFor();
  });

  it('shows a contributor no publish button, and the API refuses a forced publish', async () => {
    const contributor = await newPage();
    await signIn(contributor, base, 'sofia@lede.example');
    await contributor.getByRole('button', { name: 'New post' }).click();
    await body(contributor).waitFor();
    await contributor.getByRole('button', { name: 'Submit for review' }).waitFor();
    expect(await contributor.getByRole('button', { name: 'Publish' }).count()).toBe(0);
    expect(await contributor.getByRole('button', { name: 'Schedule' }).count()).toBe(0);
    const id = contributor.url().split('/').pop();
    const status = await contributor.evaluate(
      async ([postId, token]) => {
        const res = await fetch(`/api/v1/admin/posts/${postId}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ status: 'published' }),
        });
        return res.status;
      },
      [id, tokenOf(contributor)] as const,
    );
    expect(status).toBe(403);
  });

  afterAll(async () => {
    // The README's picture of the editor: refreshed on request (`LEDE_README_SCREENSHOT=1 npm run test:browser`).
    if (process.env.LEDE_README_SCREENSHOT === '1') {
      copyFileSync(join(SCREENSHOTS, 'editor.png'), join(ROOT, 'docs', 'editor.png'));
    }
  });
});
