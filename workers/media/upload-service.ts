// Uploads: a simple one (one streamed body) and a resumable multipart one (R2's multipart API). Either way the
// magic bytes decide the type before anything is stored, the body streams to R2, and images get their facts.
import { newId } from '../../d1/ids';
import {
  completeUploadRows,
  deleteUpload,
  findUpload,
  insertMedia,
  insertUpload,
  listParts,
  type MediaRow,
  type MediaUploadRow,
  recordPart,
  setUploadType,
  staleUploads,
  updateMedia,
} from '../../d1/repositories/media';
import type { Actor } from '../app';
import { notFound, Problem } from '../http/problem';
import { authorize } from '../identity/policy';
import { DECODABLE, MAX_DECODE_BYTES } from './image-formats';
import { imageFacts } from './images';
import { mediaTrace, processedRows, uploadedRows } from './media-events';
import { assertFits, type MediaDeps, originalKey } from './library';
import { normaliseFilename } from './names';
import { peek, withLength } from './streams';
import { checkType, SNIFF_BYTES } from './types';

/** R2 refuses to complete an upload whose parts, except the last, are smaller than this. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;
/** An upload untouched for this long is abandoned; its parts are discarded so they stop counting against the quota. */
export const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

export interface RawBody {
  stream: ReadableStream<Uint8Array> | null;
  /** The declared Content-Length; a body without one is refused, since R2 needs the length before the bytes. */
  length: number | undefined;
  contentType: string;
}

function filenameOrProblem(raw: string): string {
  const name = normaliseFilename(raw);
  if (!name || !name.includes('.')) {
    throw new Problem(422, 'INVALID_FILENAME', 'The filename needs a name and an extension, such as "photo.jpg".');
  }
  return name;
}

function requireLength(body: RawBody): { stream: ReadableStream<Uint8Array>; length: number } {
  if (body.length === undefined) {
    throw new Problem(411, 'LENGTH_REQUIRED', 'Send a Content-Length header with the upload.');
  }
  if (body.length === 0 || !body.stream) throw new Problem(422, 'EMPTY_FILE', 'The file is empty.');
  return { stream: body.stream, length: body.length };
}

async function store<T>(body: ReadableStream<Uint8Array>, length: number, write: (s: ReadableStream) => Promise<T>) {
  try {
    return await withLength(body, length, write);
  } catch (error) {
    if (error instanceof Problem) throw error;
    // The body ended early or ran long: the client's Content-Length was wrong or the connection dropped.
    throw new Problem(400, 'INCOMPLETE_BODY', 'The body did not match its Content-Length.');
  }
}

/** Records dimensions, format and dominant colour of a decodable image, read back from R2. */
async function describe(deps: MediaDeps, actor: Actor, row: MediaRow): Promise<MediaRow> {
  if (!DECODABLE.has(row.contentType) || row.size > MAX_DECODE_BYTES) return row;
  const object = await deps.bucket.get(row.r2Key);
  if (!object) return row;
  const facts = imageFacts(new Uint8Array(await object.arrayBuffer()), row.contentType);
  if (!facts) return row;
  const now = new Date();
  const events = processedRows(mediaTrace(deps, actor), row, facts, now);
  const updated = await updateMedia(deps.db, row.siteId, row.id, { ...facts, updatedAt: now }, events);
  if (!updated) return row;
  deps.outbox.committed(events);
  return updated;
}

/** Streams one body into the library. */
export async function uploadFile(
  deps: MediaDeps,
  actor: Actor,
  input: { filename: string; alt?: string | undefined; body: RawBody },
  now: Date,
): Promise<MediaRow> {
  authorize(actor, 'media:upload');
  const name = filenameOrProblem(input.filename);
  const { stream, length } = requireLength(input.body);
  await assertFits(deps, actor.siteId, length);
  const { head, body } = await peek(stream, SNIFF_BYTES);
  const type = await checkType(head, name, input.body.contentType);
  const id = newId();
  const key = originalKey(actor.siteId, id, name);
  await store(body, length, (s) =>
    deps.bucket.put(key, s, { httpMetadata: { contentType: type.mime }, customMetadata: { site: actor.siteId } }),
  );
  const file = {
    id,
    siteId: actor.siteId,
    kind: type.kind,
    name,
    contentType: type.mime,
    size: length,
    r2Key: key,
    alt: input.alt ?? null,
    uploadedBy: actor.userId,
    createdAt: now,
    updatedAt: now,
  };
  const events = uploadedRows(mediaTrace(deps, actor), file, now);
  const row = await insertMedia(deps.db, file, events);
  deps.outbox.committed(events);
  return describe(deps, actor, row);
}

/** Starts a multipart upload; the returned row's id is what the client names from now on. */
export async function startUpload(
  deps: MediaDeps,
  actor: Actor,
  input: { filename: string; content_type: string; alt?: string | undefined },
  now: Date,
): Promise<MediaUploadRow> {
  authorize(actor, 'media:upload');
  const name = filenameOrProblem(input.filename);
  await abortAbandonedUploads(deps, actor.siteId, now);
  const mediaId = newId();
  const key = originalKey(actor.siteId, mediaId, name);
  const multipart = await deps.bucket.createMultipartUpload(key, { customMetadata: { site: actor.siteId } });
  const row = {
    id: newId(),
    siteId: actor.siteId,
    mediaId,
    r2UploadId: multipart.uploadId,
    r2Key: key,
    name,
    declaredType: input.content_type,
    contentType: null,
    kind: null,
    alt: input.alt ?? null,
    createdBy: actor.userId,
    createdAt: now,
  };
  await insertUpload(deps.db, row);
  return row;
}

/** An upload of this site that the actor started; anyone else's, or another site's, does not exist for them. */
async function ownUpload(deps: MediaDeps, actor: Actor, uploadId: string): Promise<MediaUploadRow> {
  const upload = await findUpload(deps.db, actor.siteId, uploadId);
  if (!upload || upload.createdBy !== actor.userId) throw notFound('Upload');
  return upload;
}

export async function uploadPart(
  deps: MediaDeps,
  actor: Actor,
  uploadId: string,
  partNumber: number,
  raw: RawBody,
): Promise<{ partNumber: number; size: number }> {
  authorize(actor, 'media:upload');
  const upload = await ownUpload(deps, actor, uploadId);
  const { stream, length } = requireLength(raw);
  const parts = await listParts(deps.db, upload.id);
  const others = parts.filter((p) => p.partNumber !== partNumber).reduce((sum, p) => sum + p.size, 0);
  await assertFits(deps, actor.siteId, length, others + length);
  let body = stream;
  if (partNumber === 1) {
    // The first part holds the magic bytes: the type is checked before any of the file is accepted.
    const peeked = await peek(stream, SNIFF_BYTES);
    const type = await checkType(peeked.head, upload.name, upload.declaredType);
    await setUploadType(deps.db, upload.id, { contentType: type.mime, kind: type.kind });
    body = peeked.body;
  }
  const multipart = deps.bucket.resumeMultipartUpload(upload.r2Key, upload.r2UploadId);
  const part = await store(body, length, (s) => multipart.uploadPart(partNumber, s));
  await recordPart(deps.db, { uploadId: upload.id, partNumber, size: length, etag: part.etag });
  return { partNumber, size: length };
}

export async function completeUpload(deps: MediaDeps, actor: Actor, uploadId: string, now: Date): Promise<MediaRow> {
  authorize(actor, 'media:upload');
  const upload = await ownUpload(deps, actor, uploadId);
  const parts = await listParts(deps.db, upload.id);
  if (parts.length === 0) throw new Problem(422, 'EMPTY_FILE', 'No parts were uploaded.');
  if (!upload.contentType || !upload.kind) {
    throw new Problem(422, 'MISSING_FIRST_PART', 'Part 1 (the start of the file) has not been uploaded.');
  }
  const gap = parts.findIndex((p, i) => p.partNumber !== i + 1);
  if (gap !== -1) throw new Problem(422, 'MISSING_PART', `Part ${gap + 1} has not been uploaded.`);
  const small = parts.slice(0, -1).find((p) => p.size < MIN_PART_BYTES);
  if (small) {
    throw new Problem(
      422,
      'PART_TOO_SMALL',
      `Part ${small.partNumber} is ${small.size} bytes; every part but the last must be at least ${MIN_PART_BYTES}.`,
    );
  }
  // R2 also requires the non-final parts to be of one size.
  const uneven = parts.slice(1, -1).find((p) => p.size !== parts[0]!.size);
  if (uneven) {
    throw new Problem(
      422,
      'PART_SIZE_MISMATCH',
      `Part ${uneven.partNumber} differs in size from part 1; only the last may.`,
    );
  }
  const multipart = deps.bucket.resumeMultipartUpload(upload.r2Key, upload.r2UploadId);
  await multipart.complete(parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })));
  const file = {
    id: upload.mediaId,
    siteId: upload.siteId,
    kind: upload.kind,
    name: upload.name,
    contentType: upload.contentType,
    size: parts.reduce((sum, p) => sum + p.size, 0),
    r2Key: upload.r2Key,
    alt: upload.alt,
    uploadedBy: upload.createdBy,
    createdAt: now,
    updatedAt: now,
  };
  const events = uploadedRows(mediaTrace(deps, actor), file, now);
  const row = await completeUploadRows(deps.db, upload.id, file, events);
  deps.outbox.committed(events);
  return describe(deps, actor, row);
}

export async function abortUpload(deps: MediaDeps, actor: Actor, uploadId: string): Promise<void> {
  // Part of uploading: an integration key without media:write may not abort its creator's uploads either.
  authorize(actor, 'media:upload');
  const upload = await ownUpload(deps, actor, uploadId);
  await deps.bucket.resumeMultipartUpload(upload.r2Key, upload.r2UploadId).abort();
  await deleteUpload(deps.db, upload.id);
}

/**
 * Aborts a site's uploads started more than a day ago. It runs whenever the site starts a new upload, so the
 * leftovers are gone by the time anyone could need their quota back, without a cron of their own.
 */
export async function abortAbandonedUploads(deps: MediaDeps, siteId: string, now: Date): Promise<number> {
  const stale = await staleUploads(deps.db, siteId, new Date(now.getTime() - ABANDONED_AFTER_MS));
  for (const upload of stale) {
    try {
      await deps.bucket.resumeMultipartUpload(upload.r2Key, upload.r2UploadId).abort();
    } catch {
      // R2 forgets uploads on its own after a week; an unknown upload id only means there is nothing left to abort.
    }
    await deleteUpload(deps.db, upload.id);
  }
  return stale.length;
}
