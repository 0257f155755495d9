// What the Admin API's event, report and notification routes accept and answer. Every query is strict.
import { z } from '@hono/zod-openapi';
import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS } from '../../d1/schema';
import { EVENT_TYPES } from '../../queues/events/catalog';
import { PaginationSchema } from '../http/openapi-shared';

const IsoDateTime = z.iso.datetime({ offset: true }).openapi({ example: '2026-11-01T00:00:00Z' });
const page = z.coerce.number().int().min(1).max(100_000).optional();
const limit = z.coerce.number().int().min(1).max(100).optional();

export const EventsQuery = z
  .strictObject({
    aggregate_type: z.enum(['user', 'post', 'media', 'tag', 'category', 'site']).optional(),
    aggregate_id: z.string().min(1).max(64).optional(),
    type: z.enum(EVENT_TYPES).optional(),
    from: IsoDateTime.optional().openapi({ description: 'Occurred at or after' }),
    to: IsoDateTime.optional().openapi({ description: 'Occurred before' }),
    correlation_id: z.string().min(1).max(128).optional(),
    order: z
      .enum(['asc', 'desc'])
      .optional()
      .openapi({ description: 'Recording order; asc (oldest first) by default' }),
    page,
    limit,
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to.', path: ['from'] })
  .refine((q) => !q.aggregate_id || q.aggregate_type, {
    message: 'aggregate_id needs aggregate_type.',
    path: ['aggregate_type'],
  });

export const EventSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    version: z.number().int(),
    site_id: z.string(),
    aggregate: z.object({ type: z.string(), id: z.string(), version: z.number().int() }),
    actor: z.object({ type: z.enum(['user', 'system']), id: z.string() }),
    occurred_at: z.string(),
    correlation_id: z.string(),
    causation_id: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    sent_at: z.string().nullable(),
  })
  .openapi('DomainEvent');

export const EventList = z.object({ events: z.array(EventSchema), meta: z.object({ pagination: PaginationSchema }) });
export const EventEnvelope = z.object({ event: EventSchema });
export const EventIdParam = z.strictObject({ id: z.uuid() });

export const DeadLettersQuery = z.strictObject({ page, limit });
export const DeadLetterList = z
  .object({
    dead_letters: z.array(
      z.object({
        id: z.string(),
        event_id: z.string().nullable(),
        event_type: z.string().nullable(),
        reason: z.string(),
        body: z.string(),
        attempts: z.number().int(),
        received_at: z.string(),
      }),
    ),
    meta: z.object({ pagination: PaginationSchema }),
  })
  .openapi('DeadLetters');

export const ProjectionParam = z.strictObject({ name: z.enum(['analytics']) });
export const ReplayResultSchema = z
  .object({ projection: z.string(), events: z.number().int(), applied: z.number().int(), resent: z.number().int() })
  .openapi('ReplayResult');

const Day = z.iso.date().openapi({ example: '2026-11-01' });
export const MAX_REPORT_DAYS = 366;
export const ReportQuery = z
  .strictObject({ from: Day, to: Day })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to.', path: ['from'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_REPORT_DAYS, {
    message: `A report covers at most ${MAX_REPORT_DAYS} days.`,
    path: ['to'],
  });

const counts = { posts_created: z.number().int(), posts_published: z.number().int() };
export const AnalyticsReport = z
  .object({
    from: z.string(),
    to: z.string(),
    totals: z.object({ ...counts, editorial_actions: z.number().int(), media_uploaded: z.number().int() }),
    per_day: z.array(z.object({ day: z.string(), ...counts })),
    per_author: z.array(z.object({ user_id: z.string(), name: z.string().nullable(), ...counts })),
    per_tag: z.array(
      z.object({ tag_id: z.string(), name: z.string().nullable(), slug: z.string().nullable(), ...counts }),
    ),
    editorial_activity: z.array(
      z.object({ user_id: z.string(), name: z.string().nullable(), actions: z.number().int() }),
    ),
    time_to_publish: z.object({
      posts: z.number().int(),
      average_seconds: z.number().nullable(),
      median_seconds: z.number().nullable(),
    }),
  })
  .openapi('AnalyticsReport');

export const NotificationsQuery = z.strictObject({ unread: z.enum(['true', 'false']).optional(), page, limit });
export const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    post_id: z.string().nullable(),
    event_id: z.string(),
    created_at: z.string(),
    read_at: z.string().nullable(),
  })
  .openapi('Notification');
export const NotificationList = z.object({
  notifications: z.array(NotificationSchema),
  meta: z.object({ pagination: PaginationSchema, unread: z.number().int() }),
});
export const NotificationIdParam = z.strictObject({ id: z.uuid() });

const Preference = z.strictObject({
  kind: z.enum(NOTIFICATION_KINDS),
  channel: z.enum(NOTIFICATION_CHANNELS),
  enabled: z.boolean(),
});
export const PreferencesBody = z
  .strictObject({
    preferences: z
      .array(Preference)
      .min(1)
      .max(NOTIFICATION_KINDS.length * NOTIFICATION_CHANNELS.length),
  })
  .refine((b) => new Set(b.preferences.map((p) => `${p.kind}/${p.channel}`)).size === b.preferences.length, {
    message: 'Each kind and channel may appear once.',
    path: ['preferences'],
  })
  .openapi('NotificationPreferencesUpdate');
export const PreferencesSchema = z
  .object({ preferences: z.array(z.object({ kind: z.string(), channel: z.string(), enabled: z.boolean() })) })
  .openapi('NotificationPreferences');
