// Who is reading a page of the published site: a signed-in member (the lede_member cookie of a live session on this
// site, re-read from D1) or anyone. A member reads members-only posts in full and sees their account in the header;
// their pages are cached for members as a whole, apart from everyone else's (workers/cache/edge-cache.ts).
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { Audience } from '../../d1/repositories/published';
import type { AppEnv } from '../app';
import { memberCache } from '../cache/edge-cache';
import { MEMBER_COOKIE, memberOfSiteSession } from '../identity/member-site-session';

/**
 * Sets `c.var.member` from the cookie, then answers through the members' copy in the edge cache; a cookie that
 * signs nobody in leaves the reader anonymous. A request without the cookie passes straight on: most readers.
 */
export const resolveReaderMember = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, MEMBER_COOKIE);
  if (!token) return next();
  c.set('member', await memberOfSiteSession(c.var.db, c.var.site, token, new Date()));
  return memberCache(c, next);
});

export const audienceOf = (c: Context<AppEnv>): Audience => (c.var.member ? 'members' : 'public');
