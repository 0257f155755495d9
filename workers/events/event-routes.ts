// Admin API: the site's event store (query by aggregate, type, time, correlation), its dead letters, and the
// owner-only rebuild of a projection from the store.
import { createRoute } from '@hono/zod-openapi';
import { findEvent, listDeadLetters, queryEvents } from '../../d1/repositories/events';
import { replayAnalytics } from '../../queues/analytics/replay';
import { rowEvent } from '../../queues/events/build';
import { createApp } from '../app';
import { bearerAuth, errorResponses, jsonResponse, pagination } from '../http/openapi-shared';
import { notFound } from '../http/problem';
import { authorize } from '../identity/policy';
import {
  DeadLetterList,
  DeadLettersQuery,
  EventEnvelope,
  EventIdParam,
  EventList,
  EventsQuery,
  ProjectionParam,
  ReplayResultSchema,
} from './schemas';
import { needs } from '../identity/route-policy';

export const eventRoutes = createApp();
const tags = ['Events'];

const eventJson = (row: Awaited<ReturnType<typeof findEvent>> & object) => ({
  ...rowEvent(row),
  sent_at: row.sentAt ? row.sentAt.toISOString() : null,
});

eventRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/events',
    tags,
    summary: "Query the site's event store",
    description: 'Every domain event the site recorded, in recording order; owners and administrators only.',
    security: bearerAuth,
    ...needs('event:read'),
    request: { query: EventsQuery },
    responses: { 200: jsonResponse('One page of events', EventList), ...errorResponses },
  }),
  async (c) => {
    authorize(c.var.actor, 'event:read');
    const q = c.req.valid('query');
    const page = q.page ?? 1;
    const limit = q.limit ?? 50;
    const result = await queryEvents(
      c.var.db,
      c.var.site.id,
      {
        aggregateType: q.aggregate_type,
        aggregateId: q.aggregate_id,
        type: q.type,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        correlationId: q.correlation_id,
      },
      { limit, offset: (page - 1) * limit, newestFirst: q.order === 'desc' },
    );
    return c.json(
      { events: result.rows.map(eventJson), meta: { pagination: pagination(page, limit, result.total) } },
      200,
    );
  },
);

eventRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/events/{id}',
    tags,
    summary: 'Read one event',
    security: bearerAuth,
    ...needs('event:read'),
    request: { params: EventIdParam },
    responses: { 200: jsonResponse('The event', EventEnvelope), ...errorResponses },
  }),
  async (c) => {
    authorize(c.var.actor, 'event:read');
    const row = await findEvent(c.var.db, c.var.site.id, c.req.valid('param').id);
    if (!row) throw notFound('Event');
    return c.json({ event: eventJson(row) }, 200);
  },
);

eventRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/dead-letters',
    tags,
    summary: 'Events the consumers gave up on, with the reason',
    security: bearerAuth,
    ...needs('event:read'),
    request: { query: DeadLettersQuery },
    responses: { 200: jsonResponse('One page of dead letters, newest first', DeadLetterList), ...errorResponses },
  }),
  async (c) => {
    authorize(c.var.actor, 'event:read');
    const q = c.req.valid('query');
    const page = q.page ?? 1;
    const limit = q.limit ?? 50;
    const result = await listDeadLetters(c.var.db, c.var.site.id, { limit, offset: (page - 1) * limit });
    return c.json(
      {
        dead_letters: result.rows.map((r) => ({
          id: r.id,
          event_id: r.eventId,
          event_type: r.eventType,
          reason: r.reason,
          body: r.body,
          attempts: r.attempts,
          received_at: r.receivedAt.toISOString(),
        })),
        meta: { pagination: pagination(page, limit, result.total) },
      },
      200,
    );
  },
);

eventRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/projections/{name}/replay',
    tags,
    summary: 'Rebuild a projection from the event store',
    description:
      "Replaces the site's read model with one rebuilt from every stored event; events recorded meanwhile are " +
      'sent to the consumers again. Owners only.',
    security: bearerAuth,
    ...needs('projection:replay'),
    request: { params: ProjectionParam },
    responses: { 200: jsonResponse('What the rebuild read and applied', ReplayResultSchema), ...errorResponses },
  }),
  async (c) => {
    authorize(c.var.actor, 'projection:replay');
    const { name } = c.req.valid('param');
    const result = await replayAnalytics(c.var.db, c.env.EVENTS, c.var.site.id, new Date());
    return c.json({ projection: name, ...result }, 200);
  },
);
