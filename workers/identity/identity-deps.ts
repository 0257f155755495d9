// What identity services need of a request. Its own module: the site's member pages use it too, and the staff
// routes it came from are not for a reader's isolate to evaluate.
import type { Context } from 'hono';
import type { AppEnv } from '../app';
import { clientIp } from '../middleware/auth';
import type { IdentityDeps } from './sessions';

/** The limiter, the client address, the TOTP key and the database, for identity services. */
export const identityDeps = (c: Context<AppEnv>): IdentityDeps => ({
  db: c.var.db,
  limiter: c.env.RATE_LIMITER,
  ip: clientIp(c),
  totpKey: c.env.TOTP_ENCRYPTION_KEY,
});
