// The editor app's other screens in a real browser: the post's settings panel shared between two editors, the
// media library, the notification bell, revision diffs, site settings (and the public home page after a change), and a
// phone-sized screen. Each new screen is checked with axe and saved as a screenshot.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { makePng } from '../../bench/media/png';
import { body, SCREENSHOTS, seriousViolations, signIn, textOf, tokenOf, useBrowser, waitFor } from './browser';

const base = inject('ledeUrl');
const newPage = useBrowser({ width: 1280, height: 900 });

/** Calls the Admin API from the page, as the signed-in person (the app's own token is out of reach: tokenOf). */
const apiFrom = (page: Page, method: string, path: string, body?: unknown, token = tokenOf(page)) =>
  page.evaluate(
    async ([method, path, body, token]) => {
      const res = await fetch(`/api/v1/admin${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> | null };
    },
    [method, path, body, token] as const,
  );

describe('the editor app’s panels and screens', () => {
  let owner: Page;
  let editor: Page;
  let postId = '';
  let settingsVersion = 0;

  it('saves categories, authors, SEO and custom fields from the side panel, and a peer sees them', async () => {
    owner = await newPage();
    await signIn(owner, base, 'owner@lede.example');
    await owner.getByRole('button', { name: 'New post' }).click();
    await body(owner).waitFor();
    postId = owner.url().split('/').pop()!;
    await owner.getByLabel('Title', { exact: true }).fill('Panels from the browser');
    await body(owner).click();
    await owner.keyboard.type('A post about panels.');

    editor = await newPage();
    await signIn(editor, base, 'jonas@lede.example');
    await editor.goto(owner.url());
    await body(editor).waitFor();

    const category = owner.locator('input[name=categories]').first();
    const slug = await category.getAttribute('value');
    await category.check();
    await owner.getByLabel('Jonas Weber').check();
    await owner.getByText('SEO and social').click();
    await owner.getByLabel('Meta title').fill('Panels, explained');
    await owner.getByLabel('X (Twitter) description').fill('Side panels in a browser');
    await owner.getByText('Custom fields').click();
    await owner.getByRole('button', { name: 'Add a field' }).click();
    await owner.getByLabel('Name', { exact: true }).fill('episode');
    await owner.getByLabel('Value', { exact: true }).fill('12');
    await owner.getByRole('button', { name: 'Save settings' }).click();
    await owner.getByText('Settings saved.').waitFor();

    const saved = (await apiFrom(owner, 'GET', `/posts/${postId}`)).json!.post as Record<string, unknown>;
    settingsVersion = saved.version as number;
    expect(saved.meta_title).toBe('Panels, explained');
    expect(saved.twitter_description).toBe('Side panels in a browser');
    expect(saved.custom_fields).toEqual({ episode: '12' });
    expect((saved.categories as { slug: string }[]).map((c) => c.slug)).toEqual([slug]);
    expect((saved.authors as { name: string }[]).map((a) => a.name)).toEqual(['Maya Chen', 'Jonas Weber']);

    // The other editor's panel follows the save without a reload.
    await waitFor('the save in the other browser', async () => {
      const seen = await editor.getByLabel('Meta title').inputValue();
      return seen === 'Panels, explained';
    });
    expect(await editor.locator(`input[name=categories][value="${slug}"]`).isChecked()).toBe(true);
    expect(await editor.getByLabel('Maya Chen').isChecked()).toBe(true);

    // A bad value is refused by the API, and the panel says so.
    await owner.getByLabel('Canonical URL').fill('javascript:alert(1)');
    await owner.getByRole('button', { name: 'Save settings' }).click();
    await owner.locator('.settings [role=status]', { hasText: 'canonical_url: Must be an http(s) URL' }).waitFor();
    await owner.getByLabel('Canonical URL').fill('');
  });

  it('picks a feature image from the media library after uploading it there', async () => {
    await owner.getByRole('button', { name: 'Choose from the library' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Choose a feature image' });
    await dialog.waitFor();
    await dialog.getByLabel('Upload to the library').setInputFiles({
      name: 'cover.png',
      mimeType: 'image/png',
      buffer: makePng(640, 360),
    });
    await dialog.getByText('Uploaded cover.png.').waitFor();
    await dialog.getByRole('button', { name: 'cover.png' }).first().click();
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: join(SCREENSHOTS, 'media-dialog.png') });
    await dialog.getByRole('button', { name: 'Use as feature image' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await owner.getByLabel('Image URL', { exact: true }).inputValue()).toMatch(/^\/media\/[^/]+\/cover\.png$/);
    await owner.getByLabel('Image alt text').fill('A cover');
    await owner.getByRole('button', { name: 'Save settings' }).click();
    await owner.getByText('Settings saved.').waitFor();
    const saved = (await apiFrom(owner, 'GET', `/posts/${postId}`)).json!.post as Record<string, unknown>;
    expect(saved.feature_image).toMatch(/cover\.png$/);
    expect(saved.feature_image_alt).toBe('A cover');
    await owner.locator('.feature-image img[alt="A cover"]').waitFor();
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: join(SCREENSHOTS, 'editor-settings.png'), fullPage: true });
  });

  it('edits a file’s alt text and caption in the library and inserts it at the cursor', async () => {
    await body(owner).click();
    await owner.keyboard.press('Control+End');
    await owner.keyboard.press('Enter');
    await owner.getByRole('button', { name: 'Insert from the library' }).click();
    const dialog = owner.getByRole('dialog', { name: 'Insert from the media library' });
    await dialog.getByRole('button', { name: 'cover.png' }).first().click();
    await dialog.getByLabel('Alt text').fill('Growth, charted');
    await dialog.getByLabel('Caption').fill('Our first year');
    await dialog.getByRole('button', { name: 'Save details' }).click();
    await dialog.getByText('Saved the details of cover.png.').waitFor();
    await dialog.getByRole('button', { name: 'Insert into the post' }).click();
    await waitFor('the image in the text', async () =>
      /A post about panels\.\n!\[Growth, charted\]\(\/media\/[^)]+\/cover\.png\)/.test(await textOf(owner)),
    );
    await waitFor('the image in the other browser', async () => (await textOf(editor)).includes('![Growth, charted]'));

    // The library screen shows the saved details.
    await owner.goto(`${base}/admin/#/media`);
    await owner.getByRole('heading', { name: 'Media' }).waitFor();
    await owner.getByRole('button', { name: 'cover.png' }).first().click();
    expect(await owner.getByLabel('Caption').inputValue()).toBe('Our first year');
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: join(SCREENSHOTS, 'media.png') });
  });

  it('shows a review request in the bell, and marks it read', async () => {
    const contributor = await newPage();
    await signIn(contributor, base, 'sofia@lede.example');
    const created = await apiFrom(contributor, 'POST', '/posts', { title: 'Please look at this' });
    const id = (created.json!.post as { id: string }).id;
    expect((await apiFrom(contributor, 'PATCH', `/posts/${id}`, { status: 'review' })).status).toBe(200);

    const bell = owner.getByRole('button', { name: /^Notifications/ });
    const item = owner.locator('.bell-menu li', { hasText: '“Please look at this” was submitted for review' });
    await waitFor(
      'the notification',
      async () => {
        await fetch(`${base}/__scheduled`).catch(() => undefined); // the outbox sweeper, in case the relay waits
        await bell.click(); // opening the menu fetches the newest
        const found = await item
          .waitFor({ timeout: 1500 })
          .then(() => true)
          .catch(() => false);
        if (!found) await bell.click();
        return found;
      },
      30,
    );
    const unreadBefore = Number(/(\d+) unread/.exec((await bell.getAttribute('aria-label'))!)![1]);
    expect(unreadBefore).toBeGreaterThan(0);
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: join(SCREENSHOTS, 'notifications.png') });
    await item.getByRole('button', { name: /Mark read/ }).click();
    await waitFor('the count to drop', async () =>
      (await bell.getAttribute('aria-label'))!.includes(`${unreadBefore - 1} unread`),
    );
    expect(await item.getAttribute('class')).toBe('read');
    await owner.keyboard.press('Escape');
  });

  it('shows what a revision changed', async () => {
    await owner.goto(`${base}/admin/#/posts/${postId}`);
    await body(owner).waitFor();
    // The revision the first settings save made, compared with the one before it.
    await owner.getByRole('button', { name: `Changes in revision ${settingsVersion}`, exact: true }).click();
    const diff = owner.locator('.diff');
    await diff.getByRole('heading', { name: new RegExp(`v\\d+ → v${settingsVersion}`) }).waitFor();
    const changed = diff.locator('.field-changes');
    expect(await changed.locator('tr', { hasText: 'meta_title' }).innerText()).toContain('"Panels, explained"');
    expect(await changed.locator('tr', { hasText: 'custom_fields' }).innerText()).toContain('"episode":"12"');
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: join(SCREENSHOTS, 'revision-diff.png'), fullPage: true });
  });

  it('lets an owner change a role, invite and revoke, and create, use and revoke an API key', async () => {
    await owner.getByRole('link', { name: 'Settings' }).click();
    await owner.getByRole('heading', { name: 'Settings' }).waitFor();
    const role = owner.getByLabel('Role of Luis Ortega');
    await role.selectOption('editor');
    await owner.getByText('Luis Ortega is now an editor.').waitFor();
    const staff = (await apiFrom(owner, 'GET', '/users')).json!.users as { name: string; role: string }[];
    expect(staff.find((u) => u.name === 'Luis Ortega')?.role).toBe('editor');
    await role.selectOption('author');
    await owner.getByText('Luis Ortega is now an author.').waitFor();

    await owner.getByLabel('Email to invite').fill('new.writer@lede.example');
    await owner.getByLabel('Their role').selectOption('author');
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByText('Invited new.writer@lede.example.').waitFor();
    const invitation = owner.locator('.key-list li', { hasText: 'new.writer@lede.example' });
    expect(await invitation.innerText()).toContain('author · pending');
    await invitation.getByRole('button', { name: /^Revoke the invitation/ }).click();
    await invitation.filter({ hasText: 'revoked' }).waitFor();

    await owner.getByLabel('Key name').fill('Browser key');
    await owner.getByLabel('posts:read').check();
    await owner.getByRole('button', { name: 'Create key' }).click();
    const key = await owner.locator('[data-secret]').innerText();
    expect(key).toMatch(/^lede_ik_/);
    expect((await apiFrom(owner, 'GET', '/posts?limit=1', undefined, key)).status).toBe(200);
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: join(SCREENSHOTS, 'settings.png'), fullPage: true });

    owner.once('dialog', (d) => void d.accept());
    await owner.getByRole('button', { name: 'Revoke Browser key' }).click();
    await owner.locator('.key-list .revoked', { hasText: 'Browser key' }).waitFor();
    expect((await apiFrom(owner, 'GET', '/posts?limit=1', undefined, key)).status).toBe(401);

    // Editors see no settings screen.
    expect(await editor.getByRole('link', { name: 'Settings' }).count()).toBe(0);
  });

  it('lets an owner change the site’s title, accent colour and navigation, which readers see at once', async () => {
    const reader = await newPage();
    const navLinks = () =>
      reader
        .locator('.site-nav a')
        .evaluateAll((links) => links.map((a) => `${a.textContent} ${a.getAttribute('href')}`));
    // The home page is served from the edge cache before the change, so the visit after it shows the save purged it.
    await reader.goto(`${base}/`);
    const before = await reader.goto(`${base}/`);
    expect(before!.headers()['x-lede-cache']).toBe('hit');
    expect(await reader.locator('.site-title').innerText()).toBe('The Edge Dispatch');
    expect(await navLinks()).not.toContain('Newsletter /newsletter/');

    await owner.goto(`${base}/admin/#/settings`);
    const title = owner.getByLabel('Site title');
    await title.waitFor();
    expect(await title.inputValue()).toBe('The Edge Dispatch');
    const rows = owner.locator('.nav-row');
    const count = await rows.count();
    await owner.getByRole('button', { name: 'Add a link' }).click();
    await owner.getByLabel(`Label of link ${count + 1}`).fill('Newsletter');
    await owner.getByLabel(`URL of link ${count + 1}`).fill('javascript:alert(1)');
    await owner.getByRole('button', { name: 'Save site settings' }).click();
    // The API refuses the link, and the form says so beside the field.
    const url = owner.getByLabel(`URL of link ${count + 1}`);
    await owner.getByText('Not saved: correct the marked fields.').waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await url.getAttribute('aria-describedby');
    expect(await owner.locator(`[id="${describedBy}"]`).innerText()).toContain('must be a path starting with "/"');

    await url.fill('/newsletter/');
    await owner.getByRole('button', { name: `Up (move link ${count + 1})` }).click();
    await owner.getByRole('button', { name: 'Remove link 5' }).click(); // Travel
    await title.fill('The Browser Gazette');
    await owner.getByLabel('Accent colour').fill('#0b6e4f');
    await owner.getByRole('button', { name: 'Save site settings' }).click();
    await owner.getByText('Site settings saved. Readers see them now.').waitFor();
    // Moved up one and past the removed row, the new link is the sixth, and nothing is marked wrong any more.
    expect(await owner.getByLabel('URL of link 6').inputValue()).toBe('/newsletter/');
    expect(await owner.locator('.site-form [aria-invalid]').count()).toBe(0);
    const saved = (await apiFrom(owner, 'GET', '/site')).json!.site as Record<string, unknown>;
    expect(saved.title).toBe('The Browser Gazette');
    expect(saved.accent_color).toBe('#0b6e4f');
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: join(SCREENSHOTS, 'site-settings.png'), fullPage: true });

    // No waiting: the save purged every cached page of the site.
    await reader.goto(`${base}/`);
    expect(await reader.locator('.site-title').innerText()).toBe('The Browser Gazette');
    expect(await reader.title()).toContain('The Browser Gazette');
    expect(await navLinks()).toEqual([
      'Home /',
      'Technology /category/technology/',
      'Science /category/science/',
      'Culture /category/culture/',
      'About /about/',
      'Newsletter /newsletter/',
      'Contact /contact/',
    ]);
    expect(await reader.locator('style').first().textContent()).toContain('--accent:#0b6e4f');
    expect(await seriousViolations(reader)).toEqual([]);
    await reader.screenshot({ path: join(SCREENSHOTS, 'home-after-settings.png') });
  });

  it('charts the editorial analytics', async () => {
    await owner.getByRole('link', { name: 'Analytics' }).click();
    const heading = owner.getByRole('heading', { name: 'Analytics' });
    await heading.waitFor();
    // The analytics consumer counts events a moment after they happen.
    const created = owner.locator('.totals div', { hasText: 'Posts created' }).locator('dd');
    await waitFor(
      'the posts created today in the report',
      async () => {
        if (Number(await created.innerText().catch(() => '0')) > 0) return true;
        await owner.reload();
        await heading.waitFor();
        return false;
      },
      30,
    );
    const chart = owner.getByRole('img', { name: /^Posts per day: \d+ created, \d+ published$/ });
    expect(await chart.getAttribute('aria-label')).toContain(`${await created.innerText()} created`);
    // uPlot draws on a canvas, loaded with the first chart; the table beside it holds the same numbers as text.
    await owner.locator('.chart canvas').first().waitFor();
    expect(await owner.locator('.chart table.numbers tbody tr').count()).toBeGreaterThan(0);
    expect(await seriousViolations(owner)).toEqual([]);
    await owner.screenshot({ path: join(SCREENSHOTS, 'analytics.png'), fullPage: true });
  });

  it('fits a phone: the list and the editor at 390 px wide', async () => {
    const phone = await newPage({ width: 390, height: 844 });
    await signIn(phone, base, 'owner@lede.example');
    await phone.locator('.post-list li').first().waitFor();
    const overflow = () =>
      phone.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
            .scrollWidth,
      );
    expect(await overflow()).toBeLessThanOrEqual(390);
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.screenshot({ path: join(SCREENSHOTS, 'posts-phone.png') });
    await phone.goto(`${base}/admin/#/posts/${postId}`);
    await body(phone).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(390);
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.screenshot({ path: join(SCREENSHOTS, 'editor-phone.png') });
  });
});
