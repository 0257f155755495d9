// Members on the published site, with no script: a sign-up form, the page an emailed link opens, the second factor
// and sign-out, all plain forms posting here. They call the services the Members API uses (same limits, same
// answers). Posts must come from this site's own pages (Origin and Sec-Fetch-Site), and the session is an HttpOnly
// cookie, which the site reads on every page (./reader-member.ts). None of these answers is ever stored.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { type AppEnv, createApp } from '../app';
import { purgeCommitted } from '../cache/purge-committed';
import { requestOutbox } from '../events/outbox';
import { handleError, toProblem } from '../http/errors';
import { Problem } from '../http/problem';
import { MEMBER_LINK_ACCEPTED, requestMemberLink, verifyMemberLink } from '../identity/member-sign-up';
import { endSiteSession, MEMBER_COOKIE } from '../identity/member-site-session';
import { completeMfaSignIn } from '../identity/mfa';
import { identityDeps } from '../identity/identity-deps';
import { REFRESH_TOKEN_TTL_MS } from '../identity/sessions';
import { AccountPage, CheckEmailPage, CodePage, MemberErrorPage, SignInPage, SignUpPage } from './member-pages';
import { ErrorPage, type PageContext } from './pages';
import { paths } from './urls';

// Lax: sent when a reader follows a link here from elsewhere (so they arrive signed in), never on another site's POST.
const COOKIE_ATTRIBUTES = { httpOnly: true, secure: true, sameSite: 'Lax', path: '/' } as const;
const MAX_FORM_BYTES = 8 * 1024;

const Token = z.string().min(1).max(256);
const SignUpForm = z.strictObject({
  email: z.email().max(254),
  // An empty optional field still arrives, as "".
  name: z
    .string()
    .trim()
    .max(191)
    .optional()
    .transform((name) => name || undefined),
});
const SignInForm = z.strictObject({ token: Token });
const CodeForm = z.strictObject({ mfa_token: z.string().min(1).max(2048), code: z.string().trim().min(6).max(32) });

const contextOf = (c: Context<AppEnv>): PageContext => {
  const url = new URL(c.req.url);
  return { site: c.var.site, origin: url.origin, path: url.pathname, signedIn: c.var.member !== undefined };
};
const home = (c: Context<AppEnv>) => `${new URL(c.req.url).origin}${paths.home()}`;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function refuse(c: Context<AppEnv>, status: 400 | 403 | 413 | 415 | 429, heading: string, detail: string) {
  return c.html(<MemberErrorPage ctx={contextOf(c)} heading={heading} detail={detail} />, status);
}

/**
 * CSRF for unauthenticated forms: a browser names the page a POST comes from in Origin (and, where it sends one,
 * says in Sec-Fetch-Site whether it is this origin). Another site's page, a sandboxed frame (`Origin: null`) and a
 * request naming no origin are refused before the body is read, so nothing is written. Only a form body is read.
 */
const ownForm = createMiddleware<AppEnv>(async (c, next) => {
  const fetchSite = c.req.header('sec-fetch-site');
  if (c.req.header('origin') !== new URL(c.req.url).origin || (fetchSite && fetchSite !== 'same-origin')) {
    return refuse(c, 403, 'This form was sent from elsewhere', `Use the form on ${c.var.site.title} itself.`);
  }
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    return refuse(c, 415, 'This form could not be read', 'Send it from the page it is on.');
  }
  await next();
});

const formLimit = bodyLimit({
  maxSize: MAX_FORM_BYTES,
  onError: (c) => refuse(c, 413, 'This form is too large', 'Fill it in again and send it from the page it is on.'),
});

/** Starts the reader's site session: the cookie, then home. A session the browser held before is ended. */
async function signedIn(c: Context<AppEnv>, refreshToken: string) {
  const previous = getCookie(c, MEMBER_COOKIE);
  if (previous) await endSiteSession(identityDeps(c), c.var.site, previous, new Date());
  setCookie(c, MEMBER_COOKIE, refreshToken, { ...COOKIE_ATTRIBUTES, maxAge: REFRESH_TOKEN_TTL_MS / 1000 });
  return c.redirect(home(c), 303);
}

export const memberPages = createApp();

memberPages.use('*', purgeCommitted);
memberPages.use('*', async (c, next) => {
  await next();
  // Personal or carrying a live token: no shared cache may keep any of it, and no browser cache either.
  c.header('cache-control', 'no-store');
  // The sign-in page's address holds the link's token; it must not travel on in a Referer.
  c.header('referrer-policy', 'no-referrer');
});
memberPages.on('POST', '*', ownForm, formLimit);

memberPages.onError((error, c) => {
  const problem = toProblem(error);
  if (!problem || problem.status >= 500 || problem.status === 404) {
    // Logged with the request id by handleError; the reader gets the site's own error page.
    const status = handleError(error, c).status === 404 ? 404 : 500;
    const { site, origin, path } = contextOf(c);
    return c.html(<ErrorPage site={site} origin={origin} path={path} status={status} />, status);
  }
  if (problem.status === 429) {
    const retryAfter = problem.headers['retry-after'] ?? '60';
    const minutes = Math.max(1, Math.ceil(Number(retryAfter) / 60));
    c.header('retry-after', retryAfter);
    return refuse(c, 429, 'Too many attempts', `Please wait ${minutes} minute${minutes > 1 ? 's' : ''} and try again.`);
  }
  // A problem's 401 challenges an API client; a page has nothing to challenge, so the reader gets a 400.
  const status = problem.status === 403 || problem.status === 413 || problem.status === 415 ? problem.status : 400;
  return refuse(c, status, 'This link cannot be used', problem.detail);
});

memberPages.get('/signup', (c) => {
  // The site resolved the reader's cookie already (./reader-member.ts).
  const { member } = c.var;
  if (member) return c.html(<AccountPage ctx={contextOf(c)} member={member} />);
  const token = getCookie(c, MEMBER_COOKIE);
  // A cookie that signs nobody in only keeps this reader out of the edge cache.
  if (token) deleteCookie(c, MEMBER_COOKIE, COOKIE_ATTRIBUTES);
  return c.html(<SignUpPage ctx={contextOf(c)} />);
});

memberPages.post('/signup', async (c) => {
  const body = await c.req.parseBody();
  const form = SignUpForm.safeParse(body);
  if (!form.success) {
    const values = { email: text(body.email), name: text(body.name) };
    const page = <SignUpPage ctx={contextOf(c)} values={values} error="Enter a valid email address." />;
    return c.html(page, 422);
  }
  await requestMemberLink(identityDeps(c), c.var.site, form.data, new URL(c.req.url).origin, new Date());
  return c.html(<CheckEmailPage ctx={contextOf(c)} message={MEMBER_LINK_ACCEPTED} />);
});

// GET never spends the token: mail scanners open links before people do. The button posts it.
memberPages.get('/sign-in', (c) => {
  const token = Token.safeParse(c.req.query('token'));
  if (!token.success) {
    return refuse(c, 400, 'This link is incomplete', 'Open the link from your email again, or ask for a new one.');
  }
  return c.html(<SignInPage ctx={contextOf(c)} token={token.data} />);
});

memberPages.post('/sign-in', async (c) => {
  const form = SignInForm.safeParse(await c.req.parseBody());
  if (!form.success) return refuse(c, 400, 'This link is incomplete', 'Open the link from your email again.');
  const deps = { ...identityDeps(c), outbox: requestOutbox(c) };
  const result = await verifyMemberLink(deps, c.var.site, form.data.token, new Date());
  if (result.kind === 'mfa') return c.html(<CodePage ctx={contextOf(c)} mfaToken={result.mfaToken} />);
  return signedIn(c, result.tokens.refreshToken);
});

memberPages.post('/sign-in/code', async (c) => {
  const body = await c.req.parseBody();
  const form = CodeForm.safeParse(body);
  const mfaToken = text(body.mfa_token);
  if (!form.success) {
    if (!mfaToken) return refuse(c, 400, 'This sign-in is incomplete', 'Open the link from your email again.');
    return c.html(<CodePage ctx={contextOf(c)} mfaToken={mfaToken} error="Enter the code your app shows." />, 422);
  }
  const { mfa_token, code } = form.data;
  const factor = /^\d{6}$/.test(code) ? { code } : { recoveryCode: code };
  try {
    const { tokens } = await completeMfaSignIn(identityDeps(c), c.var.site, mfa_token, factor, new Date());
    return await signedIn(c, tokens.refreshToken);
  } catch (error) {
    if (!(error instanceof Problem) || error.code !== 'INVALID_MFA_CODE') throw error;
    const page = <CodePage ctx={contextOf(c)} mfaToken={mfa_token} error="That code is not right. Try the next one." />;
    return c.html(page, 400);
  }
});

memberPages.post('/sign-out', async (c) => {
  const token = getCookie(c, MEMBER_COOKIE);
  if (token) await endSiteSession(identityDeps(c), c.var.site, token, new Date());
  deleteCookie(c, MEMBER_COOKIE, COOKIE_ATTRIBUTES);
  return c.redirect(home(c), 303);
});
