// Who may join a post's live collaboration room, and how: editors edit, readers of the draft watch read-only.
import type { Database } from '../../d1/db';
import { totpQuery } from '../../d1/repositories/mfa';
import { postAccessQuery } from '../../d1/repositories/posts';
import { type Site, siteByHostQuery, siteOf } from '../../d1/repositories/sites';
import { staffMemberQuery } from '../../d1/repositories/users';
import { sessionQuery } from '../../d1/repositories/sessions';
import type { Actor } from '../app';
import { notFound, Problem } from '../http/problem';
import { type Action, authorize } from '../identity/policy';
import { unverifiedClaims } from '../identity/tokens';
import { actorOf, invalidToken, requireMfaEnrolled, signedClaims } from '../middleware/auth';
import { requireSite } from '../middleware/site';
import { assertReadable, type PostType, type RoomGateway } from './posts-service';
import { authorizeEdit } from './workflow';

/** The action joining a room declares (for the access matrix, as every Admin API route does) and checks. */
export const ROOM_ACTION: Action = 'post:read';

export interface RoomAccess {
  site: Site;
  actor: Actor;
  postId: string;
  readOnly: boolean;
}

/**
 * Resolves the site, signs the token in and decides access to the post, as the Admin API's middleware and reading
 * the post would (404 for an unknown host, then 401, then 403 for MFA and the role, then 404 / 403), in one D1 round
 * trip: a reconnect waits on D1 once, and reads none of the post's body. The rows are chosen by the site and user the
 * token names, unverified, and used only once the token is verified with the signing key of the host's site, which
 * must be the site it names. Anyone who may read the post may join; edit rights decide the mode.
 */
export async function roomAccess(
  db: Database,
  host: string,
  token: string,
  type: PostType,
  id: string,
): Promise<RoomAccess> {
  const now = new Date();
  const named = unverifiedClaims(token);
  if (!named) {
    // Nothing to read for a token that does not parse: the host still decides between 404 and 401.
    await requireSite(db, host);
    throw invalidToken();
  }
  const [siteRows, members, sessionRows, postRows, totpRows] = await db.batch([
    siteByHostQuery(db, host),
    staffMemberQuery(db, named.site, named.sub),
    // Every access token Lede issues names its session; one without would read no row, and actorOf asks for none.
    sessionQuery(db, named.sid ?? ''),
    postAccessQuery(db, named.site, id, named.sub),
    // Read whether or not the site requires MFA (its row is in this same batch): one row, and no second round trip.
    totpQuery(db, named.sub),
  ]);
  const site = siteOf(siteRows[0]);
  if (!site) throw notFound('Site');
  // Accepts only a token signed with this site's key for this site: the rows above were read for its claims.
  const claims = await signedClaims(site, token, now);
  const actor = actorOf(site, claims, members[0], sessionRows[0], now);
  requireMfaEnrolled(site, actor, totpRows[0]);
  authorize(actor, ROOM_ACTION, true);
  const post = postRows[0];
  const own = post?.own === 1;
  assertReadable(actor, type, post, own);
  try {
    authorizeEdit(actor, post.status, own);
    return { site, actor, postId: post.id, readOnly: false };
  } catch (error) {
    if (error instanceof Problem && error.status === 403) return { site, actor, postId: post.id, readOnly: true };
    throw error;
  }
}

/** The room's Durable Object name: the site is part of it, so no request can reach another site's room. */
export const roomName = (siteId: string, postId: string) => `${siteId}:${postId}`;

/** The site's rooms as the post service uses them: every call names the site, so none can reach another's. */
export function roomGateway(env: Env, siteId: string): RoomGateway {
  const room = (postId: string) => env.POST_ROOM.get(env.POST_ROOM.idFromName(roomName(siteId, postId)));
  return {
    save: (request) => room(request.postId).save({ ...request, siteId }),
    discard: (postId) => room(postId).discard(siteId, postId),
  };
}
