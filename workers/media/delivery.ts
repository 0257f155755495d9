// Public delivery of media on each site's own host: /media/{id}/{name} and /media/{id}/w{width}/{name}.
// The R2 key comes from the file's row, never from the path, so no path can reach another site's objects.
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { findMedia, type MediaRow } from '../../d1/repositories/media';
import { type AppEnv, createApp } from '../app';
import { notFound, Problem } from '../http/problem';
import { resolveSite } from '../middleware/site';
import { hasVariants, VARIANT_WIDTHS } from './image-formats';
import { variantKey } from './library';
import { contentDisposition } from './names';
import { type ByteRange, parseRange } from './range';

/** Keys are unique per upload (a new file gets a new id), so a URL's bytes never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** What an SVG needs so that opening it cannot run script or load anything (docs/MEDIA.md). */
const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

const Params = z.strictObject({ id: z.uuid(), name: z.string().min(1).max(400) });
const Variant = z.enum(VARIANT_WIDTHS.map((w) => `w${w}`) as [string, ...string[]]);

async function fileOf(c: Context<AppEnv>, params: unknown): Promise<MediaRow> {
  const parsed = Params.safeParse(params);
  if (!parsed.success) throw notFound('File');
  const row = await findMedia(c.var.db, c.var.site.id, parsed.data.id);
  // The name is part of the URL so links read well; a wrong one is a different (missing) file.
  if (!row || row.name !== parsed.data.name) throw notFound('File');
  return row;
}

function headersFor(row: MediaRow, object: R2Object, contentType = row.contentType): Headers {
  const headers = new Headers();
  headers.set('content-type', contentType);
  headers.set('etag', object.httpEtag);
  headers.set('last-modified', object.uploaded.toUTCString());
  headers.set('cache-control', IMMUTABLE);
  headers.set('accept-ranges', 'bytes');
  headers.set('x-content-type-options', 'nosniff');
  const svg = contentType === 'image/svg+xml';
  const inline = !svg && row.kind !== 'file';
  headers.set('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', row.name));
  if (svg) headers.set('content-security-policy', SVG_CSP);
  return headers;
}

/**
 * Serves an R2 object with conditional requests (304) and single byte ranges (206, 416), or undefined when there is
 * no such object. Without a Range header this is one R2 read; a range needs the size first (a head, then the read).
 */
async function serve(
  c: Context<AppEnv>,
  row: MediaRow,
  key: string,
  contentType?: string,
): Promise<Response | undefined> {
  const rangeHeader = c.req.header('range');
  let range: ByteRange | undefined;
  if (rangeHeader !== undefined) {
    const head = await c.env.MEDIA.head(key);
    if (!head) return undefined;
    // A range applies only while the client's copy is current (If-Range); otherwise the whole file is sent.
    const ifRange = c.req.header('if-range');
    const parsed = ifRange === undefined || ifRange === head.httpEtag ? parseRange(rangeHeader, head.size) : undefined;
    if (parsed === 'unsatisfiable') {
      const headers = { 'content-range': `bytes */${head.size}` };
      throw new Problem(416, 'RANGE_NOT_SATISFIABLE', 'The range is outside the file.', {}, headers);
    }
    range = parsed;
  }
  // Only the conditions that answer 304; a failed If-Match would need a 412, which delivery never promises.
  const conditions = new Headers();
  for (const name of ['if-none-match', 'if-modified-since']) {
    const value = c.req.header(name);
    if (value) conditions.set(name, value);
  }
  const object = await c.env.MEDIA.get(key, {
    onlyIf: conditions,
    ...(range ? { range: { offset: range.start, length: range.end - range.start + 1 } } : {}),
  });
  if (!object) return undefined;
  const headers = headersFor(row, object, contentType);
  if (!('body' in object)) return new Response(null, { status: 304, headers });
  if (range) {
    headers.set('content-range', `bytes ${range.start}-${range.end}/${object.size}`);
    headers.set('content-length', String(range.end - range.start + 1));
    return new Response(object.body, { status: 206, headers });
  }
  headers.set('content-length', String(object.size));
  return new Response(object.body, { status: 200, headers });
}

async function serveOriginal(c: Context<AppEnv>, row: MediaRow): Promise<Response> {
  const response = await serve(c, row, row.r2Key);
  if (!response) throw notFound('File');
  return response;
}

/** Whether a variant of this width can exist. Never upscale: one at least as wide as the original is the original. */
const offersVariant = (row: MediaRow, width: number) => hasVariants(row) && !!row.width && row.width > width;

/** Makes the WebP variant from the original and stores it. False when the original cannot be decoded. */
async function makeVariant(env: Env, row: MediaRow, width: number, key: string): Promise<boolean> {
  const original = await env.MEDIA.get(row.r2Key);
  if (!original) return false;
  // photon (WebAssembly) is loaded by the first variant an isolate makes, not by every page view.
  const { webpVariant } = await import('./images');
  const bytes = webpVariant(new Uint8Array(await original.arrayBuffer()), width);
  if (!bytes) return false;
  await env.MEDIA.put(key, bytes, {
    httpMetadata: { contentType: 'image/webp' },
    customMetadata: { site: row.siteId },
  });
  return true;
}

export const mediaDelivery = createApp();

mediaDelivery.use('*', resolveSite);

mediaDelivery.get('/:id/:variant/:name', async (c) => {
  const variant = Variant.safeParse(c.req.param('variant'));
  if (!variant.success) throw notFound('File');
  const row = await fileOf(c, { id: c.req.param('id'), name: c.req.param('name') });
  const width = Number(variant.data.slice(1));
  if (!offersVariant(row, width)) return serveOriginal(c, row);
  const key = variantKey(row.siteId, row.id, width);
  // The stored copy is read straight away: a variant made once is served with a single R2 read from then on.
  const stored = await serve(c, row, key, 'image/webp');
  if (stored) return stored;
  if (!(await makeVariant(c.env, row, width, key))) return serveOriginal(c, row);
  return (await serve(c, row, key, 'image/webp')) ?? serveOriginal(c, row);
});

mediaDelivery.get('/:id/:name', async (c) => serveOriginal(c, await fileOf(c, c.req.param())));
