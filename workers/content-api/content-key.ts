import { createMiddleware } from 'hono/factory';
import { findSiteIdByContentKey } from '../../d1/repositories/sites';
import type { AppEnv } from '../app';
import { unauthorized } from '../http/problem';

// Ghost's content keys, and Lede's, are 26 hex characters; anything else is refused without a query.
const KEY_FORMAT = /^[0-9a-f]{26}$/;
// The key travels as a query parameter, not a header, so the challenge names that rather than Bearer.
const KEY_CHALLENGE = 'Key realm="content", param="key"';

/**
 * Requires `?key=` to be the Content API key of the site the Host header named. A key of another site is refused
 * like an unknown one, so a key never reveals which other sites exist.
 */
export const requireContentKey = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.query('key');
  if (!key) {
    throw unauthorized(
      "The Content API needs the site's Content API key as the `key` query parameter.",
      'KEY_REQUIRED',
      KEY_CHALLENGE,
    );
  }
  const siteId = KEY_FORMAT.test(key) ? await findSiteIdByContentKey(c.var.db, key) : undefined;
  if (siteId !== c.var.site.id)
    throw unauthorized('The Content API key is not valid for this site.', 'INVALID_KEY', KEY_CHALLENGE);
  await next();
});
