// The editor app's session and account pages in a real browser: the cookie session (no token readable by script, a
// reload stays signed in, tabs refreshing at once share the session), sign-out and sign-out everywhere, joining by an
// invitation's emailed link, and resetting a password by its link. Each new page is checked with axe.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { bearerToken, emailedLink, SCREENSHOTS, seriousViolations, signIn, useBrowser } from './browser';

const base = inject('ledeUrl');
const stateDir = inject('ledeState');
const newPage = useBrowser();

/** Everything script can read that might hold a token: both storages and document.cookie. */
const readableByScript = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as {
      sessionStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null };
      localStorage: { length: number; key(i: number): string | null; getItem(k: string): string | null };
      document: { cookie: string };
    };
    const values = (s: typeof g.sessionStorage) =>
      Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`);
    return { storage: [...values(g.sessionStorage), ...values(g.localStorage)], cookie: g.document.cookie };
  });

const posts = (page: Page) => page.getByRole('heading', { name: 'Posts' });
const signInForm = (page: Page) => page.getByRole('heading', { name: 'Sign in to Lede' });

/** Seeded accounts are shared with the other suites; these tests change passwords and end sessions of their own. */
const joiner = { email: `joiner-${Date.now()}@lede.example`, name: 'Jo Joiner', password: 'joined-in-a-browser' };

describe('the cookie session', () => {
  let page: Page;

  it('signs in with no token readable by script: the refresh token is an HttpOnly __Secure- cookie', async () => {
    page = await newPage();
    await signIn(page, base, 'owner@lede.example');
    const readable = await readableByScript(page);
    expect(readable.storage.filter((entry) => /eyJ|lede_rt_|token/i.test(entry))).toEqual([]);
    expect(readable.cookie).not.toContain('lede_refresh');
    expect(readable.cookie).toContain('__Secure-lede_csrf=');
    // Chromium treats http://127.0.0.1 as a secure context, so it keeps __Secure- cookies set over plain HTTP there.
    const cookies = await page.context().cookies();
    const refresh = cookies.find((c) => c.name === '__Secure-lede_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/v1/admin/session' });
    expect(refresh!.value).toMatch(/^lede_rt_/);
  });

  it('stays signed in across a reload, with one refresh from the cookie', async () => {
    const refreshes: string[] = [];
    page.on('request', (r) => r.url().endsWith('/session/refresh') && refreshes.push(r.headers()['x-lede-csrf'] ?? ''));
    const before = (await page.context().cookies()).find((c) => c.name === '__Secure-lede_refresh')!.value;
    await page.reload();
    await posts(page).waitFor();
    await page.locator('.post-list li').first().waitFor();
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]).toMatch(/.+/);
    const after = (await page.context().cookies()).find((c) => c.name === '__Secure-lede_refresh')!.value;
    expect(after).not.toBe(before); // rotated
  });

  it('lets two tabs reload at once without the server taking it for a stolen token', async () => {
    const second = await page.context().newPage();
    await second.goto(`${base}/admin/`);
    await posts(second).waitFor();
    await Promise.all([page.reload(), second.reload()]);
    await Promise.all([posts(page).waitFor(), posts(second).waitFor()]);
    // Both refreshes spent a live token in turn: the session is intact, so one more reload still works.
    await page.reload();
    await posts(page).waitFor();
    await second.close();
  });

  it('signs out to the sign-in screen, and a reload stays signed out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInForm(page).waitFor();
    await page.reload();
    await signInForm(page).waitFor();
    expect(await posts(page).count()).toBe(0);
    expect((await readableByScript(page)).cookie).not.toContain('lede_csrf');
    // The server's sign-out answer deleted the HttpOnly cookie, which script could not.
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('__Secure-lede_refresh');
  });
});

describe('joining by invitation', () => {
  let link = '';

  it('accepts an invitation from the emailed link: the account is made and signed in', async () => {
    const owner = await bearerToken(base, 'owner@lede.example');
    const invited = await fetch(`${base}/api/v1/admin/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner}` },
      body: JSON.stringify({ email: joiner.email, role: 'author' }),
    });
    expect(invited.status).toBe(201);
    link = await emailedLink(stateDir, 'invitation', joiner.email);
    expect(link).toMatch(new RegExp(`^${base}/admin/accept-invite#token=lede_inv_`));

    const page = await newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Join Lede' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'accept-invite.png') });
    await page.getByLabel('Your name').fill(joiner.name);
    await page.getByLabel('Password').fill(joiner.password);
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await posts(page).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/');
    expect(page.url()).not.toContain('token=');
    expect(await page.locator('.who').innerText()).toContain(joiner.name);
    const readable = await readableByScript(page);
    expect(readable.storage.filter((entry) => /eyJ|lede_rt_|token/i.test(entry))).toEqual([]);
    expect(readable.cookie).not.toContain('lede_refresh');
    await page.reload();
    await posts(page).waitFor();
  });

  it('shows the API’s reason when the link is used a second time', async () => {
    const page = await newPage();
    await page.goto(link);
    await page.getByLabel('Your name').fill('Someone Else');
    await page.getByLabel('Password').fill('another-password');
    await page.getByRole('button', { name: 'Accept the invitation' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'This invitation link is invalid, used, revoked or expired' })
      .waitFor();
    expect(await posts(page).count()).toBe(0);
  });
});

describe('resetting a password', () => {
  const newPassword = 'reset-in-a-browser';

  it('asks for a link from the sign-in screen, with the same answer for an unknown email', async () => {
    const page = await newPage();
    await page.goto(`${base}/admin/`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Email').fill('nobody-here@lede.example');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    const unknown = await page.getByRole('status').innerText();
    expect(unknown).toContain('a link to reset the password is on its way');

    await page.reload();
    await page.getByLabel('Email').fill(joiner.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    expect(await page.getByRole('status').innerText()).toBe(unknown);
  });

  it('sets a new password from the emailed link, which then works for signing in, and only once', async () => {
    const link = await emailedLink(stateDir, 'password_reset', joiner.email);
    expect(link).toMatch(new RegExp(`^${base}/admin/reset-password#token=lede_pr_`));
    const page = await newPage();
    await page.goto(link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'reset-password.png') });
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(`${newPassword}!`);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('alert').filter({ hasText: 'The two passwords differ.' }).waitFor();
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await signInForm(page).waitFor();
    await page.getByText('Your new password is set. Sign in with it.').waitFor();
    expect(page.url()).not.toContain('token=');
    await signIn(page, base, joiner.email, newPassword);

    const again = await newPage();
    await again.goto(link);
    await again.getByLabel('New password', { exact: true }).fill('yet-another-password');
    await again.getByLabel('Repeat the new password').fill('yet-another-password');
    await again.getByRole('button', { name: 'Set the new password' }).click();
    await again.getByRole('alert').filter({ hasText: 'This reset link is invalid, used or expired' }).waitFor();
  });
});

describe('signing out everywhere', () => {
  it('ends the session in every browser of the person, from the account screen', async () => {
    const [here, elsewhere] = [await newPage(), await newPage()];
    await signIn(here, base, joiner.email, 'reset-in-a-browser');
    await signIn(elsewhere, base, joiner.email, 'reset-in-a-browser');
    await here.getByRole('link', { name: new RegExp(joiner.name) }).click();
    await here.getByRole('heading', { name: 'Your account' }).waitFor();
    expect(await seriousViolations(here)).toEqual([]);
    here.once('dialog', (d) => void d.accept());
    await here.getByRole('button', { name: 'Sign out everywhere' }).click();
    await signInForm(here).waitFor();
    await elsewhere.reload();
    await signInForm(elsewhere).waitFor();
  });
});
