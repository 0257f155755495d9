// What the media Admin API accepts and returns. Every object is strict: an unknown field is an error.
import { z } from '@hono/zod-openapi';
import { MEDIA_KINDS } from '../../d1/schema';

export const MediaIdParam = z.strictObject({ id: z.uuid() });
export const UploadIdParam = z.strictObject({ id: z.uuid() });
export const PartParam = z.strictObject({
  id: z.uuid(),
  part: z.coerce.number().int().min(1).max(10_000),
});

const Alt = z.string().trim().max(1000);
const Filename = z.string().min(1).max(1000);

export const SimpleUploadQuery = z
  .strictObject({
    filename: Filename.optional().openapi({ description: 'The filename, unless sent as X-Filename.' }),
    alt: Alt.optional(),
  })
  .openapi('MediaUploadQuery');

export const RawBody = {
  required: true,
  content: { '*/*': { schema: z.string().openapi({ format: 'binary' }) } },
  description: 'The file, streamed as is; Content-Type names its type and Content-Length is required.',
};

export const ListMediaQuery = z.strictObject({
  kind: z.enum(MEDIA_KINDS).optional(),
  from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Uploaded at or after this time.' }),
  to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Uploaded before this time.' }),
  q: z.string().trim().min(1).max(100).optional().openapi({ description: 'Part of the filename or alt text.' }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

export const DeleteMediaQuery = z.strictObject({
  force: z.enum(['true', 'false']).optional().openapi({ description: 'Delete even while posts reference it.' }),
});

export const UpdateMediaBody = z
  .strictObject({ alt: Alt.nullable(), caption: z.string().trim().max(2000).nullable() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.')
  .openapi('UpdateMedia');

export const StartUploadBody = z
  .strictObject({ filename: Filename, content_type: z.string().min(3).max(200), alt: Alt.optional() })
  .openapi('StartMediaUpload');

export const MediaSchema = z
  .object({
    id: z.string(),
    kind: z.enum(MEDIA_KINDS),
    name: z.string(),
    content_type: z.string(),
    size: z.number().int(),
    url: z.string(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    format: z.string().nullable(),
    dominant_color: z.string().nullable(),
    alt: z.string().nullable(),
    caption: z.string().nullable(),
    uploaded_by: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Media');

export const UploadSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    min_part_bytes: z.number().int(),
    max_parts: z.number().int(),
  })
  .openapi('MediaUpload');

export const UsageSchema = z
  .object({
    posts: z.array(
      z.object({
        id: z.string(),
        type: z.enum(['post', 'page']),
        slug: z.string(),
        title: z.string(),
        status: z.string(),
      }),
    ),
  })
  .openapi('MediaUsage');
