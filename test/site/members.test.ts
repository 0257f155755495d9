// Members on the published site, as a browser without script uses them: the sign-up form writes the same emailed
// link the Members API does; a cross-site post is refused before anything is written; opening the link spends
// nothing, its button does, once; the session is an HttpOnly lede_member cookie that the edge cache passes by; and
// none of these pages is ever stored by a cache.
import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createTestSite, type TestSite } from '../helpers';
import { run, scalar } from '../admin/support';
import { cached, cacheOf } from '../cache/support';
import { ADMIN, freshIp, totpCode } from '../identity/support';
import { change, gatedMarkdown, get, type Page, readHead, write } from './helpers';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite('site-members');
});

const FORM = 'application/x-www-form-urlencoded';

/** A form post as the browser sends it from this site's own page, unless `headers` says otherwise ('' leaves one out). */
async function post(
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
  ip = freshIp(),
): Promise<Page> {
  const res = await SELF.fetch(`http://${site.host}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: Object.entries({
      host: site.host,
      origin: `http://${site.host}`,
      'sec-fetch-site': 'same-origin',
      'content-type': FORM,
      'cf-connecting-ip': ip,
      ...headers,
    }).filter(([, value]) => value !== ''),
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const messagesTo = (email: string) =>
  scalar(
    "SELECT count(*) AS n FROM outbound_messages WHERE site_id = ? AND recipient = ? AND kind = 'member_sign_in'",
    site.siteId,
    email,
  );

/** The newest link emailed to `email`, as a path with its query. */
async function emailedLink(email: string): Promise<{ path: string; token: string }> {
  const row = await env.DB.prepare(
    "SELECT body FROM outbound_messages WHERE site_id = ? AND recipient = ? AND kind = 'member_sign_in' ORDER BY created_at DESC, rowid DESC LIMIT 1",
  )
    .bind(site.siteId, email)
    .first<{ body: string }>();
  const match = new RegExp(
    `http://${site.host.replaceAll('.', '\\.')}(/members/sign-in/\\?token=(lede_ml_[\\w-]{43}))`,
  ).exec(row!.body);
  expect(match, row!.body).not.toBeNull();
  return { path: match![1]!, token: match![2]! };
}

const linkUsed = async (token: string) => {
  const hash = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
  return scalar('SELECT count(*) AS n FROM member_sign_in_links WHERE token_hash = ? AND used_at IS NOT NULL', hash);
};

/** The lede_member cookie a response sets, with its attributes. */
const memberCookie = (page: Page) => page.headers.getSetCookie().find((c) => c.startsWith('lede_member='));
const cookieValue = (setCookie: string) => /^lede_member=([^;]*)/.exec(setCookie)![1]!;

async function signedInMember(email: string): Promise<string> {
  expect((await post('/members/signup/', { email })).status).toBe(200);
  const { token } = await emailedLink(email);
  const signedIn = await post('/members/sign-in/', { token });
  expect(signedIn.status, signedIn.text).toBe(303);
  return cookieValue(memberCookie(signedIn)!);
}

/** Every form control that is not hidden, and the `for` of every label, read with workerd's HTML parser. */
async function formOf(html: string) {
  const found = { labels: [] as string[], controls: [] as { id: string | null; name: string | null }[] };
  const forms: { method: string | null; action: string | null }[] = [];
  await new HTMLRewriter()
    .on('form', {
      element: (el) => void forms.push({ method: el.getAttribute('method'), action: el.getAttribute('action') }),
    })
    .on('label', { element: (el) => void found.labels.push(el.getAttribute('for') ?? '') })
    .on('input', {
      element: (el) => {
        if (el.getAttribute('type') !== 'hidden')
          found.controls.push({ id: el.getAttribute('id'), name: el.getAttribute('name') });
      },
    })
    .transform(new Response(html))
    .text();
  return { ...found, forms };
}

describe('the sign-up form', () => {
  it('renders an accessible form posting to the site, linked from every page’s header', async () => {
    const page = await get(site.host, '/members/signup/');
    expect(page.status).toBe(200);
    const { labels, controls, forms } = await formOf(page.text);
    expect(forms).toContainEqual({ method: 'post', action: '/members/signup/' });
    expect(controls.map((c) => c.name)).toEqual(['email', 'name']);
    for (const control of controls) expect(labels, `label for ${control.name}`).toContain(control.id);
    expect(page.text).toMatch(/<input id="member-email" name="email" type="email" autocomplete="email" required=""/);
    expect(page.text).toContain('<button type="submit">Send me a link</button>');
    expect(page.text).toContain('<meta name="robots" content="noindex"/>');
    const home = await get(site.host, '/');
    expect(home.text).toContain('<a href="/members/signup/">Sign up</a>');
  });

  it('writes one emailed link to the site’s sign-in page and answers “check your email”', async () => {
    const email = `form-reader@${site.host}`;
    expect(await messagesTo(email)).toBe(0);
    const page = await post('/members/signup/', { email: email.toUpperCase(), name: 'Form Reader' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Check your email');
    expect(page.text).toContain('a link is on its way');
    expect(page.headers.get('set-cookie')).toBeNull();
    expect(await messagesTo(email)).toBe(1);
    await emailedLink(email);
    expect(await scalar('SELECT count(*) AS n FROM users WHERE email = ?', email)).toBe(0);
  });

  it('answers staff exactly as it answers a new email, and sends staff no link', async () => {
    const staff = await post('/members/signup/', { email: site.users.editor.email });
    const fresh = await post('/members/signup/', { email: `another-reader@${site.host}`, name: '' });
    expect(staff.status).toBe(fresh.status);
    expect(staff.text).toBe(fresh.text);
    expect(await messagesTo(site.users.editor.email)).toBe(0);
    expect(await messagesTo(`another-reader@${site.host}`)).toBe(1);
  });

  it('shows the form again with the error beside the field for a bad email, writing nothing', async () => {
    const page = await post('/members/signup/', { email: 'not-an-email', name: '<b>Me</b>' });
    expect(page.status).toBe(422);
    expect(page.text).toContain('aria-invalid="true" aria-describedby="member-email-error"');
    expect(page.text).toContain('<p id="member-email-error" class="form-error">Enter a valid email address.</p>');
    expect(page.text).toContain('value="&lt;b&gt;Me&lt;/b&gt;"');
    expect(await messagesTo('not-an-email')).toBe(0);
  });

  it('shares the API’s limits: one email from one address is stopped at the API’s third ask', async () => {
    const email = `limited@${site.host}`;
    const ip = freshIp();
    const viaApi = await api(site.host, 'POST', '/api/v1/members/sign-up', {
      body: { email },
      headers: { 'cf-connecting-ip': ip },
    });
    expect(viaApi.status).toBe(202);
    expect((await post('/members/signup/', { email }, {}, ip)).status).toBe(200);
    const refused = await post('/members/signup/', { email }, {}, ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.text).toContain('Too many attempts');
    expect(await messagesTo(email)).toBe(2);
  });
});

describe('cross-site posts', () => {
  const evil = 'https://evil.example';
  const attempts: [string, Record<string, string>][] = [
    ['another origin', { origin: evil, 'sec-fetch-site': 'cross-site' }],
    ['another origin, no Sec-Fetch-Site', { origin: evil, 'sec-fetch-site': '' }],
    ['Origin: null', { origin: 'null' }],
    ['no Origin', { origin: '' }],
    ['a sibling site', { 'sec-fetch-site': 'same-site' }],
  ];

  it.each(attempts)('refuses a sign-up with %s (403) and writes nothing', async (_, headers) => {
    const email = `csrf-${crypto.randomUUID().slice(0, 8)}@${site.host}`;
    const page = await post('/members/signup/', { email }, headers);
    expect(page.status).toBe(403);
    expect(page.text).toContain('This form was sent from elsewhere');
    expect(await messagesTo(email)).toBe(0);
  });

  it('refuses a body that is not a form (text/plain) with 415 and writes nothing', async () => {
    const email = `plain@${site.host}`;
    const page = await post('/members/signup/', { email }, { 'content-type': 'text/plain' });
    expect(page.status).toBe(415);
    expect(await messagesTo(email)).toBe(0);
  });

  it('refuses a cross-site sign-in, leaving the link unspent for its owner', async () => {
    const email = `csrf-sign-in@${site.host}`;
    await post('/members/signup/', { email });
    const { token } = await emailedLink(email);
    const page = await post('/members/sign-in/', { token }, { origin: evil, 'sec-fetch-site': 'cross-site' });
    expect(page.status).toBe(403);
    expect(memberCookie(page)).toBeUndefined();
    expect(await linkUsed(token)).toBe(0);
    expect((await post('/members/sign-in/', { token })).status).toBe(303);
  });
});

describe('the emailed link', () => {
  it('opens a page with a Sign in button; opening it (as a mail scanner would) spends nothing', async () => {
    const email = `link-reader@${site.host}`;
    await post('/members/signup/', { email, name: 'Link Reader' });
    const { path, token } = await emailedLink(email);
    for (let i = 0; i < 2; i++) {
      const page = await get(site.host, path);
      expect(page.status).toBe(200);
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      const { forms } = await formOf(page.text);
      expect(forms).toContainEqual({ method: 'post', action: '/members/sign-in/' });
      expect(page.text).toContain(`<input type="hidden" name="token" value="${token}"/>`);
      expect(page.text).toContain('<button type="submit">Sign in</button>');
      expect(memberCookie(page)).toBeUndefined();
    }
    expect(await linkUsed(token)).toBe(0);
    expect(await scalar('SELECT count(*) AS n FROM users WHERE email = ?', email)).toBe(0);
  });

  it('the button spends the token, makes a member, sets an HttpOnly Secure Lax cookie and 303s home', async () => {
    const email = `button-reader@${site.host}`;
    await post('/members/signup/', { email, name: 'Button Reader' });
    const { token } = await emailedLink(email);
    const page = await post('/members/sign-in/', { token });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`http://${site.host}/`);
    const cookie = memberCookie(page)!;
    expect(cookie).toMatch(/^lede_member=lede_rt_[\w-]{43}; Max-Age=1209600; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    expect(await linkUsed(token)).toBe(1);
    const user = await env.DB.prepare('SELECT id, name FROM users WHERE email = ?')
      .bind(email)
      .first<{ id: string; name: string }>();
    expect(user?.name).toBe('Button Reader');
    const role = await env.DB.prepare('SELECT role FROM memberships WHERE site_id = ? AND user_id = ?')
      .bind(site.siteId, user!.id)
      .first<{ role: string }>();
    expect(role?.role).toBe('member');
    // The cookie holds a live session's refresh token, nothing more: only its hash is stored.
    expect(await scalar('SELECT count(*) AS n FROM refresh_tokens WHERE hash = ?', cookieValue(cookie))).toBe(0);
  });

  it('a second press with the same token gets a clear 400 page and no cookie', async () => {
    const email = `twice-reader@${site.host}`;
    await post('/members/signup/', { email });
    const { token } = await emailedLink(email);
    expect((await post('/members/sign-in/', { token })).status).toBe(303);
    const again = await post('/members/sign-in/', { token });
    expect(again.status).toBe(400);
    expect(again.text).toContain('This link cannot be used');
    expect(again.text).toContain('invalid, used or expired');
    expect(again.text).toContain('<a href="/members/signup/">Ask for a new link</a>');
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('a link page without a token says so (400), and an unknown token is refused on the button', async () => {
    const bare = await get(site.host, '/members/sign-in/');
    expect(bare.status).toBe(400);
    expect(bare.text).toContain('This link is incomplete');
    const unknown = await post('/members/sign-in/', { token: 'lede_ml_nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('set-cookie')).toBeNull();
  });

  it('asks for the authenticator code when the account has one, then signs in', async () => {
    const other = await createTestSite('site-members-mfa');
    const staff = other.users.author;
    const start = await api(other.host, 'POST', `${ADMIN}/users/me/mfa/totp`, { token: staff.token });
    const secret: string = start.body.totp.secret;
    const confirm = await api(other.host, 'POST', `${ADMIN}/users/me/mfa/totp/confirm`, {
      token: staff.token,
      body: { code: await totpCode(secret) },
    });
    expect(confirm.status).toBe(200);
    await post('/members/signup/', { email: staff.email });
    const { token } = await emailedLink(staff.email);
    const challenge = await post('/members/sign-in/', { token });
    expect(challenge.status).toBe(200);
    expect(challenge.text).toContain('Enter your code');
    expect(memberCookie(challenge)).toBeUndefined();
    const mfaToken = /name="mfa_token" value="([^"]+)"/.exec(challenge.text)![1]!;
    const { labels, controls } = await formOf(challenge.text);
    expect(labels).toContain(controls.find((c) => c.name === 'code')!.id);
    const wrong = await post('/members/sign-in/code/', { mfa_token: mfaToken, code: '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('That code is not right');
    expect(memberCookie(wrong)).toBeUndefined();
    const right = await post('/members/sign-in/code/', {
      mfa_token: mfaToken,
      code: await totpCode(secret, Date.now(), 1),
    });
    expect(right.status, right.text).toBe(303);
    expect(memberCookie(right)).toMatch(/^lede_member=lede_rt_/);
  });
});

describe('the member’s session', () => {
  it('shows the signed-in member their account, never from the cache, and an Account link on every page', async () => {
    const email = `session-reader@${site.host}`;
    const cookie = `lede_member=${await signedInMember(email)}`;
    const account = await get(site.host, '/members/signup/', { cookie });
    expect(account.status).toBe(200);
    expect(account.text).toContain(`(${email})`);
    expect((await formOf(account.text)).forms).toContainEqual({ method: 'post', action: '/members/sign-out/' });
    for (let i = 0; i < 2; i++) expect(cacheOf(await get(site.host, '/members/signup/', { cookie }))).toBe('bypass');
    // Other pages come from the members' copy in the cache, which names no one: the header offers the account.
    const home = await cached(site.host, '/', { cookie });
    expect(home.text).toContain('<a href="/members/signup/">Account</a>');
    expect(home.text).not.toContain(email);
    expect((await get(site.host, '/')).text).toContain('<a href="/members/signup/">Sign up</a>');
  });

  it('signing out ends the session server-side and clears the cookie', async () => {
    const email = `sign-out-reader@${site.host}`;
    const value = await signedInMember(email);
    const cookie = `lede_member=${value}`;
    const out = await post('/members/sign-out/', {}, { cookie });
    expect(out.status).toBe(303);
    expect(out.headers.get('location')).toBe(`http://${site.host}/`);
    expect(memberCookie(out)).toMatch(/^lede_member=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const userId = await env.DB.prepare('SELECT id FROM users WHERE email = ?').bind(email).first<{ id: string }>();
    expect(
      await scalar(
        "SELECT count(*) AS n FROM sessions WHERE user_id = ? AND site_id = ? AND revoked_reason = 'sign_out'",
        userId!.id,
        site.siteId,
      ),
    ).toBe(1);
    // A copy of the old cookie signs nobody in, and the page tells the browser to drop it.
    const after = await get(site.host, '/members/signup/', { cookie });
    expect(after.text).toContain('Send me a link');
    expect(after.text).not.toContain(email);
    expect(memberCookie(after)).toMatch(/^lede_member=; Max-Age=0/);
  });

  it('a session ended elsewhere (the account disabled) no longer signs the reader in on the site', async () => {
    const email = `disabled-reader@${site.host}`;
    const cookie = `lede_member=${await signedInMember(email)}`;
    expect((await get(site.host, '/members/signup/', { cookie })).text).toContain(email);
    await run("UPDATE users SET status = 'disabled' WHERE email = ?", email);
    expect((await get(site.host, '/members/signup/', { cookie })).text).not.toContain(email);
  });

  it('refuses a cross-site sign-out, leaving the session alone', async () => {
    const email = `csrf-out@${site.host}`;
    const cookie = `lede_member=${await signedInMember(email)}`;
    const out = await post(
      '/members/sign-out/',
      {},
      { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(out.status).toBe(403);
    expect(memberCookie(out)).toBeUndefined();
    expect((await get(site.host, '/members/signup/', { cookie })).text).toContain(email);
  });
});

describe('members-only posts', () => {
  it('a signed-in member reads them in full; anyone else gets the notice, and paid posts stay closed to all', async () => {
    const post = await write(site, {
      title: 'Members read this',
      custom_excerpt: 'The teaser.',
      markdown: 'MEMBERS-BODY-ONE',
      visibility: 'members',
    });
    const paid = await write(site, {
      title: 'Payers read this',
      markdown: gatedMarkdown('PAID-BODY-ONE'),
      visibility: 'paid',
    });
    const anonymous = await get(site.host, `/${post.slug}/`);
    expect(anonymous.text).toContain('This post is for members only');
    expect(anonymous.text).toContain('<a href="/members/signup/">Sign up for free</a>');
    expect(anonymous.text).not.toContain('MEMBERS-BODY-ONE');

    const email = `reads-members@${site.host}`;
    const cookie = `lede_member=${await signedInMember(email)}`;
    const member = await get(site.host, `/${post.slug}/`, { cookie });
    expect(member.status).toBe(200);
    expect(member.text).toContain('<div class="content"><p>MEMBERS-BODY-ONE</p>');
    expect(member.text).toContain('<p class="lede">The teaser.</p>');
    expect(member.text).not.toContain('This post is for members only');
    // Search engines are told the same thing whoever asked: the post is not free to read.
    expect(JSON.parse((await readHead(member.text)).jsonLd[0]!).isAccessibleForFree).toBe(false);
    const memberPaid = await get(site.host, `/${paid.slug}/`, { cookie });
    expect(memberPaid.text).toContain('Paid subscriptions to');
    expect(memberPaid.text).not.toContain('PAID-BODY-ONE');

    // A cookie that signs nobody in reads as anyone does, and its answer is stored nowhere.
    const other = await createTestSite('other-members');
    const elsewhere = await write(other, {
      title: 'Elsewhere',
      markdown: gatedMarkdown('OTHER-SITE-BODY'),
      visibility: 'members',
    });
    for (const [host, path, value] of [
      [other.host, `/${elsewhere.slug}/`, cookie],
      [site.host, `/${post.slug}/`, 'lede_member=lede_rt_made-up'],
    ] as const) {
      const page = await get(host, path, { cookie: value });
      expect(page.text, value).toContain('This post is for members only');
      expect(page.text, value).not.toMatch(/MEMBERS-BODY-ONE|OTHER-SITE-BODY/);
      expect(cacheOf(page), value).toBe('bypass');
    }
    // With another of Lede's cookies beside it, the member still reads the post, fresh and for them alone.
    const alongside = await get(site.host, `/${post.slug}/`, { cookie: `${cookie}; lede_session=1` });
    expect(alongside.text).toContain('MEMBERS-BODY-ONE');
    expect(cacheOf(alongside)).toBe('bypass');
    expect(alongside.headers.get('cache-control')).toBe('private, max-age=0, must-revalidate');
    await run("UPDATE users SET status = 'disabled' WHERE email = ?", email);
    const disabled = await get(site.host, `/${post.slug}/`, { cookie });
    expect(disabled.text).not.toContain('MEMBERS-BODY-ONE');
    expect(cacheOf(disabled)).toBe('bypass');
    // Nor does one whose person no longer belongs to the site, whatever the session says.
    const leaver = `leaves@${site.host}`;
    const leaverCookie = `lede_member=${await signedInMember(leaver)}`;
    expect((await get(site.host, `/${post.slug}/`, { cookie: leaverCookie })).text).toContain('MEMBERS-BODY-ONE');
    await run(
      'DELETE FROM memberships WHERE site_id = ? AND user_id = (SELECT id FROM users WHERE email = ?)',
      site.siteId,
      leaver,
    );
    expect((await get(site.host, `/${post.slug}/`, { cookie: leaverCookie })).text).not.toContain('MEMBERS-BODY-ONE');
  });

  it('members share one cached copy, kept apart from the public one and private to each browser', async () => {
    const post = await write(site, {
      title: 'Cached for members',
      markdown: gatedMarkdown('MEMBERS-BODY-TWO'),
      visibility: 'members',
    });
    const path = `/${post.slug}/`;
    const first = `lede_member=${await signedInMember(`first-copy@${site.host}`)}`;
    const newcomers: string[] = [];
    for (let i = 0; i < 4; i++) newcomers.push(`lede_member=${await signedInMember(`newcomer-${i}@${site.host}`)}`);
    // A member who never asked for the page gets the first member's copy. The write's own purge also comes through
    // the events queue, moments later, and may take that copy away: then the next newcomer tries.
    let second = '';
    let shared: Page | undefined;
    await expect
      .poll(async () => {
        expect((await cached(site.host, path, { cookie: first })).text).toContain('MEMBERS-BODY-TWO');
        second = newcomers.shift()!;
        shared = await get(site.host, path, { cookie: second });
        return cacheOf(shared);
      })
      .toBe('hit');
    expect(shared!.text).toContain('MEMBERS-BODY-TWO');
    // No shared cache may keep a member's copy, and the browser asks again before reusing it.
    expect(shared!.headers.get('cache-control')).toBe('private, max-age=0, must-revalidate');
    const etag = shared!.headers.get('etag');
    expect(etag).toMatch(/^"/);
    const notModified = await get(site.host, path, { cookie: second, 'if-none-match': etag! });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('cache-control')).toBe('private, max-age=0, must-revalidate');

    // The public's copy is another entry: a reader without the cookie never gets the members' one.
    const anonymous = await cached(site.host, path);
    expect(anonymous.text).not.toContain('MEMBERS-BODY-TWO');
    expect(anonymous.headers.get('cache-control')).toMatch(/^public, /);
    // The query names no copy: the public key drops it, so asking for the members' key gets the public page.
    const probing = await get(site.host, `${path}?lede_audience=members`);
    expect(probing.text).not.toContain('MEMBERS-BODY-TWO');

    // An edit purges both copies by the post's tag, before the request that made it returns.
    await change(site, post.id, { markdown: gatedMarkdown('MEMBERS-BODY-THREE') });
    const edited = await get(site.host, path, { cookie: second });
    expect(cacheOf(edited)).toBe('miss');
    expect(edited.text).toContain('MEMBERS-BODY-THREE');
    expect((await get(site.host, path)).text).not.toContain('MEMBERS-BODY');
  });
});

describe('never cached', () => {
  it('no member page or answer is stored, tagged or cacheable, however often it is asked for', async () => {
    const email = `cache-reader@${site.host}`;
    await post('/members/signup/', { email });
    const { path, token } = await emailedLink(email);
    const pages: [string, () => Promise<Page>][] = [
      ['GET sign-up', () => get(site.host, '/members/signup/')],
      ['GET sign-in link', () => get(site.host, path)],
      ['GET sign-in without token', () => get(site.host, '/members/sign-in/')],
      ['POST sign-up', () => post('/members/signup/', { email: `cache-${crypto.randomUUID()}@${site.host}` })],
      ['POST sign-up refused', () => post('/members/signup/', { email: 'x' }, { origin: 'https://evil.example' })],
      ['POST sign-in', () => post('/members/sign-in/', { token })],
      ['POST sign-out', () => post('/members/sign-out/', {})],
    ];
    for (const [name, request] of pages) {
      for (let i = 0; i < 2; i++) {
        const page = await request();
        expect(page.headers.get('cache-control'), name).toBe('no-store');
        expect(page.headers.get('cache-tag'), name).toBeNull();
        expect(cacheOf(page), name).not.toBe('hit');
        if (name.startsWith('GET')) expect(cacheOf(page), name).toBe('bypass');
      }
    }
    // The query is not part of a page's cache key: had the link page been stored, another token would get it.
    const otherLink = await get(site.host, '/members/sign-in/?token=lede_ml_other');
    expect(otherLink.text).toContain('value="lede_ml_other"');
    expect(otherLink.text).not.toContain(token);
  });
});
