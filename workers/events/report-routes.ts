// Admin API: analytics reports built by the analytics consumer from domain events.
import { createRoute } from '@hono/zod-openapi';
import { createApp } from '../app';
import { bearerAuth, errorResponses, jsonResponse } from '../http/openapi-shared';
import { authorize } from '../identity/policy';
import { analyticsReport } from './report-service';
import { AnalyticsReport, ReportQuery } from './schemas';
import { needs } from '../identity/route-policy';

export const reportRoutes = createApp();

reportRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/reports/analytics',
    tags: ['Reports'],
    summary: 'Editorial analytics for a date range',
    description:
      'Posts created and published per day (UTC), per author and per tag; editorial actions per person; time from ' +
      'first submission for review to first publication. Days are inclusive; at most 366 of them.',
    security: bearerAuth,
    ...needs('report:read'),
    request: { query: ReportQuery },
    responses: { 200: jsonResponse('The report', AnalyticsReport), ...errorResponses },
  }),
  async (c) => {
    authorize(c.var.actor, 'report:read');
    const { from, to } = c.req.valid('query');
    return c.json(await analyticsReport(c.var.db, c.var.site.id, from, to), 200);
  },
);
