// Owners' and admins' security tools: integration keys, the audit log, staff roles, and requiring MFA.
import { createRoute, z } from '@hono/zod-openapi';
import type { AuditRow } from '../../d1/repositories/audit';
import type { IntegrationKeyRow } from '../../d1/repositories/integration-keys';
import { setRequireMfa } from '../../d1/repositories/sites';
import { INTEGRATION_SCOPES, ROLES } from '../../d1/schema';
import { createApp } from '../app';
import {
  bearerAuth,
  errorResponses,
  jsonBody,
  jsonResponse,
  pagination,
  PaginationSchema,
  writeErrorResponses,
} from '../http/openapi-shared';
import { requirePerson } from '../middleware/auth';
import { readAudit, recordAudit } from './audit';
import { browseIntegrationKeys, createIntegrationKey, revokeKey } from './integrations';
import { changeRole } from './members';
import { authorize } from './policy';
import { identityDeps } from './identity-deps';
import { staffJson } from './routes';
import { needs } from './route-policy';

export const securityRoutes = createApp();

const IdParam = z.strictObject({ id: z.string().min(1).max(64) });

const IntegrationKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first characters of the key, to tell keys apart' }),
    scopes: z.array(z.enum(INTEGRATION_SCOPES)),
    created_by: z.string(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi('IntegrationKey');

const keyJson = (row: IntegrationKeyRow) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  created_by: row.createdBy,
  created_at: row.createdAt.toISOString(),
  last_used_at: row.lastUsedAt?.toISOString() ?? null,
  revoked_at: row.revokedAt?.toISOString() ?? null,
});

const NewKeyBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    scopes: z.array(z.enum(INTEGRATION_SCOPES)).min(1).max(INTEGRATION_SCOPES.length),
  })
  .openapi('NewIntegrationKey');

securityRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/integrations',
    tags: ['Security'],
    summary: 'Create an integration key (owners and admins); the key is shown this once',
    description:
      'Send it as `Authorization: Bearer lede_ik_…`. The integration acts for you, never above admin, and only ' +
      'for what its scopes grant.',
    security: bearerAuth,
    ...needs('integration:manage', requirePerson),
    request: { body: jsonBody(NewKeyBody) },
    responses: {
      201: jsonResponse('Created', z.object({ integration_key: IntegrationKeySchema, key: z.string() })),
      ...writeErrorResponses,
    },
  }),
  async (c) => {
    const { row, secret } = await createIntegrationKey(
      c.var.db,
      c.var.actor,
      c.req.valid('json'),
      identityDeps(c).ip,
      new Date(),
    );
    return c.json({ integration_key: keyJson(row), key: secret }, 201);
  },
);

securityRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/integrations',
    tags: ['Security'],
    summary: "The site's integration keys, revoked ones included (never the secrets)",
    security: bearerAuth,
    ...needs('integration:manage', requirePerson),
    responses: {
      200: jsonResponse('Keys', z.object({ integration_keys: z.array(IntegrationKeySchema) })),
      ...errorResponses,
    },
  }),
  async (c) => {
    const rows = await browseIntegrationKeys(c.var.db, c.var.actor);
    return c.json({ integration_keys: rows.map(keyJson) }, 200);
  },
);

securityRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/integrations/{id}',
    tags: ['Security'],
    summary: 'Revoke an integration key; it stops working on its next request',
    security: bearerAuth,
    ...needs('integration:manage', requirePerson),
    request: { params: IdParam },
    responses: { 204: { description: 'Revoked' }, ...errorResponses },
  }),
  async (c) => {
    await revokeKey(c.var.db, c.var.actor, c.req.valid('param').id, identityDeps(c).ip, new Date());
    return c.body(null, 204);
  },
);

const AuditQuery = z.strictObject({
  action: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
  target: z.string().max(64).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    action: z.string(),
    actor_user_id: z.string().nullable(),
    actor_key_id: z.string().nullable(),
    target_type: z.string().nullable(),
    target_id: z.string().nullable(),
    ip: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');

const auditJson = (row: AuditRow) => ({
  id: row.id,
  at: row.at.toISOString(),
  action: row.action,
  actor_user_id: row.actorUserId,
  actor_key_id: row.actorKeyId,
  target_type: row.targetType,
  target_id: row.targetId,
  ip: row.ip,
  detail: row.detail,
});

securityRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/audit',
    tags: ['Security'],
    summary: "The site's audit log, newest first (owners and admins)",
    description: 'Filter by `action`, `actor` (a user id), `target` (an id), and `since`/`until` (ISO 8601).',
    security: bearerAuth,
    ...needs('audit:read', requirePerson),
    request: { query: AuditQuery },
    responses: {
      200: jsonResponse(
        'Entries',
        z.object({ audit: z.array(AuditEntrySchema), meta: z.object({ pagination: PaginationSchema }) }),
      ),
      ...errorResponses,
    },
  }),
  async (c) => {
    const q = c.req.valid('query');
    const page = q.page ?? 1;
    const limit = q.limit ?? 50;
    const { rows, total } = await readAudit(
      c.var.db,
      c.var.actor,
      {
        ...(q.action ? { action: q.action } : {}),
        ...(q.actor ? { actorUserId: q.actor } : {}),
        ...(q.target ? { targetId: q.target } : {}),
        ...(q.since ? { since: new Date(q.since) } : {}),
        ...(q.until ? { until: new Date(q.until) } : {}),
      },
      page,
      limit,
    );
    return c.json({ audit: rows.map(auditJson), meta: { pagination: pagination(page, limit, total) } }, 200);
  },
);

const RoleBody = z.strictObject({ role: z.enum(ROLES) }).openapi('RoleChange');

securityRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/users/{id}',
    tags: ['Security'],
    summary: "Change a staff member's role (owners and admins; only owners grant or remove owner)",
    description: 'The new role applies from their next request.',
    security: bearerAuth,
    ...needs('user:change_role', requirePerson),
    request: { params: IdParam, body: jsonBody(RoleBody) },
    responses: {
      200: jsonResponse('Changed', z.object({ user: z.looseObject({ id: z.string(), role: z.enum(ROLES) }) })),
      ...writeErrorResponses,
    },
  }),
  async (c) => {
    const member = await changeRole(
      c.var.db,
      c.var.actor,
      c.req.valid('param').id,
      c.req.valid('json').role,
      identityDeps(c).ip,
      new Date(),
    );
    return c.json({ user: staffJson(member) }, 200);
  },
);

const SecurityBody = z.strictObject({ require_mfa: z.boolean() }).openapi('SiteSecurity');

securityRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/site/security',
    tags: ['Security'],
    summary: 'Require multi-factor sign-in for all staff (owners only)',
    description: 'While required, staff without an authenticator may only enrol one (403 MFA_ENROLMENT_REQUIRED).',
    security: bearerAuth,
    ...needs('site:security', requirePerson),
    request: { body: jsonBody(SecurityBody) },
    responses: { 200: jsonResponse('Saved', z.object({ security: SecurityBody })), ...writeErrorResponses },
  }),
  async (c) => {
    const { actor, site, db } = c.var;
    authorize(actor, 'site:security');
    const { require_mfa } = c.req.valid('json');
    const now = new Date();
    if (require_mfa !== site.requireMfa) {
      await setRequireMfa(db, site.id, require_mfa, now);
      await recordAudit(db, {
        siteId: site.id,
        action: 'site.mfa_requirement_changed',
        actor,
        ip: identityDeps(c).ip,
        detail: { require_mfa },
        at: now,
      });
    }
    return c.json({ security: { require_mfa } }, 200);
  },
);
