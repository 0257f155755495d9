// Admin API routes for the media library and uploads (mounted at /api/v1/admin/media behind requireStaff).
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type AppEnv, createApp } from '../app';
import {
  bearerAuth,
  errorResponses,
  jsonBody,
  jsonResponse,
  pagination,
  PaginationSchema,
  writeErrorResponses,
} from '../http/openapi-shared';
import { Problem } from '../http/problem';
import { requestOutbox } from '../events/outbox';
import { mediaJson, type MediaDeps, mediaLimits } from './library';
import { browseMedia, describeMedia, mediaUsage, readMedia, removeMedia } from './library-service';
import {
  DeleteMediaQuery,
  ListMediaQuery,
  MediaIdParam,
  MediaSchema,
  PartParam,
  RawBody,
  SimpleUploadQuery,
  StartUploadBody,
  UpdateMediaBody,
  UploadIdParam,
  UploadSchema,
  UsageSchema,
} from './schemas';
import {
  abortUpload,
  completeUpload,
  MAX_PARTS,
  MIN_PART_BYTES,
  type RawBody as Body,
  startUpload,
  uploadFile,
  uploadPart,
} from './upload-service';
import { needs } from '../identity/route-policy';

const tags = ['Media'];
const problem = (description: string) => ({ ...writeErrorResponses[413], description });
const uploadErrors = {
  ...writeErrorResponses,
  411: problem('Content-Length is missing.'),
  413: problem('The file is over the per-file limit.'),
  415: problem('The content is not a type Lede accepts.'),
  507: problem("The site's media quota is used up."),
} as const;

const deps = (c: Context<AppEnv>): MediaDeps => ({
  db: c.var.db,
  bucket: c.env.MEDIA,
  limits: mediaLimits(c.env),
  outbox: requestOutbox(c),
});

function rawBody(c: Context<AppEnv>): Body {
  const length = c.req.header('content-length');
  return {
    stream: c.req.raw.body,
    length: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
    contentType: c.req.header('content-type') ?? '',
  };
}

/** The filename from X-Filename (percent-encoded, so any Unicode name fits in a header) or ?filename=. */
function filenameOf(c: Context<AppEnv>, fromQuery: string | undefined): string {
  const header = c.req.header('x-filename');
  if (header !== undefined) {
    try {
      return decodeURIComponent(header);
    } catch {
      throw new Problem(400, 'INVALID_FILENAME', 'X-Filename must be percent-encoded UTF-8.');
    }
  }
  if (fromQuery !== undefined) return fromQuery;
  throw new Problem(422, 'INVALID_FILENAME', 'Name the file with an X-Filename header or a filename query parameter.');
}

export const mediaRoutes = createApp();

mediaRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List the media library, newest first',
    security: bearerAuth,
    ...needs('media:browse'),
    request: { query: ListMediaQuery },
    responses: {
      200: jsonResponse(
        'Media',
        z.object({ media: z.array(MediaSchema), meta: z.object({ pagination: PaginationSchema }) }),
      ),
      ...errorResponses,
    },
  }),
  async (c) => {
    const { kind, from, to, q, page, limit } = c.req.valid('query');
    const filter = {
      ...(kind ? { kind } : {}),
      ...(from ? { from: new Date(from) } : {}),
      ...(to ? { to: new Date(to) } : {}),
      ...(q ? { search: q } : {}),
    };
    const { rows, total } = await browseMedia(c.var.db, c.var.actor, filter, page, limit);
    return c.json({ media: rows.map(mediaJson), meta: { pagination: pagination(page, limit, total) } }, 200);
  },
);

mediaRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Upload a file in one request (the body is the file)',
    security: bearerAuth,
    ...needs('media:upload'),
    request: { query: SimpleUploadQuery, body: RawBody },
    responses: { 201: jsonResponse('The file', z.object({ media: MediaSchema })), ...uploadErrors },
  }),
  async (c) => {
    const query = c.req.valid('query');
    const filename = filenameOf(c, query.filename);
    const row = await uploadFile(deps(c), c.var.actor, { filename, alt: query.alt, body: rawBody(c) }, new Date());
    return c.json({ media: mediaJson(row) }, 201);
  },
);

mediaRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/uploads',
    tags,
    summary: 'Start a resumable multipart upload',
    security: bearerAuth,
    ...needs('media:upload'),
    request: { body: jsonBody(StartUploadBody) },
    responses: { 201: jsonResponse('The upload', z.object({ upload: UploadSchema })), ...writeErrorResponses },
  }),
  async (c) => {
    const upload = await startUpload(deps(c), c.var.actor, c.req.valid('json'), new Date());
    return c.json(
      { upload: { id: upload.id, name: upload.name, min_part_bytes: MIN_PART_BYTES, max_parts: MAX_PARTS } },
      201,
    );
  },
);

mediaRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/uploads/{id}/parts/{part}',
    tags,
    summary: 'Upload one part (at least 5 MiB, except the last); re-sending a part replaces it',
    security: bearerAuth,
    ...needs('media:upload'),
    request: { params: PartParam, body: RawBody },
    responses: {
      200: jsonResponse(
        'The part',
        z.object({ part: z.object({ part_number: z.number().int(), size: z.number().int() }) }),
      ),
      ...uploadErrors,
    },
  }),
  async (c) => {
    const { id, part } = c.req.valid('param');
    const stored = await uploadPart(deps(c), c.var.actor, id, part, rawBody(c));
    return c.json({ part: { part_number: stored.partNumber, size: stored.size } }, 200);
  },
);

mediaRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/uploads/{id}/complete',
    tags,
    summary: 'Assemble the uploaded parts into a file of the library',
    security: bearerAuth,
    ...needs('media:upload'),
    request: { params: UploadIdParam },
    responses: { 201: jsonResponse('The file', z.object({ media: MediaSchema })), ...uploadErrors },
  }),
  async (c) => {
    const row = await completeUpload(deps(c), c.var.actor, c.req.valid('param').id, new Date());
    return c.json({ media: mediaJson(row) }, 201);
  },
);

mediaRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/uploads/{id}',
    tags,
    summary: 'Abort a multipart upload and discard its parts',
    security: bearerAuth,
    ...needs('media:upload'),
    request: { params: UploadIdParam },
    responses: { 204: { description: 'Aborted' }, ...errorResponses },
  }),
  async (c) => {
    await abortUpload(deps(c), c.var.actor, c.req.valid('param').id);
    return c.body(null, 204);
  },
);

mediaRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Read one file of the library',
    security: bearerAuth,
    ...needs('media:browse'),
    request: { params: MediaIdParam },
    responses: { 200: jsonResponse('The file', z.object({ media: MediaSchema })), ...errorResponses },
  }),
  async (c) => {
    const row = await readMedia(c.var.db, c.var.actor, c.req.valid('param').id);
    return c.json({ media: mediaJson(row) }, 200);
  },
);

mediaRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    summary: 'Change alt text or caption',
    security: bearerAuth,
    ...needs('media:edit'),
    request: { params: MediaIdParam, body: jsonBody(UpdateMediaBody) },
    responses: { 200: jsonResponse('The file', z.object({ media: MediaSchema })), ...writeErrorResponses },
  }),
  async (c) => {
    const row = await describeMedia(c.var.db, c.var.actor, c.req.valid('param').id, c.req.valid('json'), new Date());
    return c.json({ media: mediaJson(row) }, 200);
  },
);

mediaRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/{id}/usage',
    tags,
    summary: 'Posts and pages that reference the file',
    security: bearerAuth,
    ...needs('media:browse'),
    request: { params: MediaIdParam },
    responses: { 200: jsonResponse('Usage', UsageSchema), ...errorResponses },
  }),
  async (c) => {
    const posts = await mediaUsage(c.var.db, c.var.actor, c.req.valid('param').id);
    return c.json({ posts }, 200);
  },
);

mediaRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/{id}',
    tags,
    summary: 'Delete a file and its variants (refused while referenced, unless forced)',
    security: bearerAuth,
    ...needs('media:delete'),
    request: { params: MediaIdParam, query: DeleteMediaQuery },
    responses: { 204: { description: 'Deleted' }, ...writeErrorResponses },
  }),
  async (c) => {
    await removeMedia(deps(c), c.var.actor, c.req.valid('param').id, c.req.valid('query').force === 'true');
    return c.body(null, 204);
  },
);
