// Who may join a post's live collaboration room, and how: editors edit, readers of the draft watch read-only.
import type { Database } from '../../d1/db';
import type { Actor } from '../app';
import { Problem } from '../http/problem';
import { type PostType, readPost, type RoomGateway } from './posts-service';
import { authorizeEdit } from './workflow';

export interface RoomAccess {
  postId: string;
  readOnly: boolean;
}

/** Answers 404 / 403 as reading the post would; anyone who may read it may join, edit rights decide the mode. */
export async function roomAccess(db: Database, actor: Actor, type: PostType, id: string): Promise<RoomAccess> {
  const post = await readPost(db, actor, type, id);
  const own = post.authors.some((a) => a.id === actor.userId);
  try {
    authorizeEdit(actor, post.status, own);
    return { postId: post.id, readOnly: false };
  } catch (error) {
    if (error instanceof Problem && error.status === 403) return { postId: post.id, readOnly: true };
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
