// The live collaboration room of a post or page: a WebSocket speaking the y-websocket protocol (docs/COLLABORATION.md).
// Browsers cannot set Authorization on a WebSocket, so the access token may come as `?token=`; it is checked, with
// the role and the post, on every (re)connect, before the room's Durable Object is touched. The route resolves its
// site itself (admin-api.ts mounts it ahead of the site middleware), in the same D1 round trip as that check.
import { encodeIdentity, IDENTITY_HEADER, type RoomIdentity } from '../../durable-objects/post-room/attachments';
import { createApp } from '../app';
import { Problem, unauthorized } from '../http/problem';
import { IdParam } from './post-input';
import type { PostType } from './posts-service';
import { ROOM_ACTION, roomAccess, roomName } from './room-service';
import { requestHost, requireSite } from '../middleware/site';
import { validationProblem } from '../http/validation';
import { bearerAuth, errorResponses } from '../http/openapi-shared';
import { ACTION_EXTENSION, PEOPLE_ONLY_EXTENSION } from '../identity/route-policy';

export function roomRoutes(type: PostType) {
  const app = createApp();

  // Documented (and declared for the access matrix) here; the handler below checks the token and the post itself.
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/{id}/room',
    tags: ['Collaboration'],
    summary: `The live collaboration room of a ${type} (WebSocket; the access token as ?token= or a bearer header)`,
    security: bearerAuth,
    [ACTION_EXTENSION]: ROOM_ACTION,
    // The room checks access tokens only (docs/IDENTITY.md): an integration key is refused.
    [PEOPLE_ONLY_EXTENSION]: true,
    request: { params: IdParam },
    responses: { 101: { description: 'Switching to the WebSocket' }, ...errorResponses },
  });
  app.get('/:id/room', async (c) => {
    const { db } = c.var;
    const host = requestHost(c);
    const param = IdParam.safeParse(c.req.param());
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const token = bearer ?? c.req.query('token');
    const upgrade = c.req.header('upgrade')?.toLowerCase() === 'websocket';
    if (!upgrade || !param.success || !token) {
      // Refused before any D1 read but the host's: an unknown host is a 404, as everywhere in the Admin API.
      await requireSite(db, host);
      if (!upgrade) {
        throw new Problem(
          426,
          'UPGRADE_REQUIRED',
          'The room is a WebSocket: connect with "Upgrade: websocket".',
          {},
          { upgrade: 'websocket' },
        );
      }
      if (!param.success) throw validationProblem(param.error, 'param');
      throw unauthorized('Send the access token as "?token=<token>" or "Authorization: Bearer <token>".');
    }
    const { site, actor, ...access } = await roomAccess(db, host, token, type, param.data.id);
    c.set('site', site);

    const identity: RoomIdentity = {
      siteId: site.id,
      postId: access.postId,
      userId: actor.userId,
      name: actor.name,
      role: actor.role,
      readOnly: access.readOnly,
    };
    const stub = c.env.POST_ROOM.get(c.env.POST_ROOM.idFromName(roomName(site.id, access.postId)));
    // A fresh request: nothing the client sent reaches the room except through the identity checked here.
    return stub.fetch('https://post-room.internal/connect', {
      headers: { upgrade: 'websocket', [IDENTITY_HEADER]: encodeIdentity(identity) },
    });
  });

  return app;
}
