// One table decides every staff permission: role × action → which resources ('all', only 'own', or 'none').
// An integration key acts with its creator's role, capped at admin, and only for the actions its scopes grant.
import type { IntegrationScope, Role } from '../../d1/schema';
import { forbidden } from '../http/problem';
import type { Actor } from '../app';

type Scope = 'all' | 'own' | 'none';

export const POLICY = {
  // Posts and pages. "own" means the actor is one of the post's authors.
  'post:browse': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'own' },
  'post:read': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'own' },
  'post:create': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all' },
  'post:edit': { owner: 'all', admin: 'all', editor: 'all', author: 'own', contributor: 'own' },
  'post:delete': { owner: 'all', admin: 'all', editor: 'all', author: 'own', contributor: 'own' },
  // Moving between draft and review (submit, withdraw).
  'post:submit': { owner: 'all', admin: 'all', editor: 'all', author: 'own', contributor: 'own' },
  // Publishing, scheduling, unpublishing, archiving, featuring.
  'post:publish': { owner: 'all', admin: 'all', editor: 'all', author: 'own', contributor: 'none' },
  // Naming other staff as a post's authors.
  'post:assign_authors': { owner: 'all', admin: 'all', editor: 'all', author: 'none', contributor: 'none' },
  'tag:browse': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all' },
  // Creating a tag by naming it on a post.
  'tag:create_inline': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'none' },
  'tag:write': { owner: 'all', admin: 'all', editor: 'all', author: 'none', contributor: 'none' },
  'category:browse': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all' },
  'category:write': { owner: 'all', admin: 'all', editor: 'all', author: 'none', contributor: 'none' },
  // The media library. "own" means the actor uploaded the file.
  'media:browse': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all' },
  'media:upload': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all' },
  'media:edit': { owner: 'all', admin: 'all', editor: 'all', author: 'own', contributor: 'own' },
  'media:delete': { owner: 'all', admin: 'all', editor: 'all', author: 'own', contributor: 'own' },
  'user:browse': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all' },
  'site:read': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all' },
  'site:read_keys': { owner: 'all', admin: 'all', editor: 'none', author: 'none', contributor: 'none' },
  // Domain events (docs/EVENTS.md): the event store and dead letters, analytics reports, projection rebuilds.
  'event:read': { owner: 'all', admin: 'all', editor: 'none', author: 'none', contributor: 'none' },
  'report:read': { owner: 'all', admin: 'all', editor: 'all', author: 'none', contributor: 'none' },
  'projection:replay': { owner: 'all', admin: 'none', editor: 'none', author: 'none', contributor: 'none' },
  // One's own notifications and their preferences; nobody reads another person's.
  'notification:manage': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all' },
  // Site-wide security settings (requiring MFA for staff).
  'site:security': { owner: 'all', admin: 'none', editor: 'none', author: 'none', contributor: 'none' },
  // Changing a staff member's role; who may grant or remove "owner" is decided in workers/identity/members.ts.
  'user:change_role': { owner: 'all', admin: 'all', editor: 'none', author: 'none', contributor: 'none' },
  'integration:manage': { owner: 'all', admin: 'all', editor: 'none', author: 'none', contributor: 'none' },
  'audit:read': { owner: 'all', admin: 'all', editor: 'none', author: 'none', contributor: 'none' },
} as const satisfies Record<string, Record<Role, Scope>>;

export type Action = keyof typeof POLICY;

/**
 * What each integration-key scope grants. A write scope includes its reads, since a write answers with the
 * resource. Identity actions (keys, audit, roles, security, the Content API key) are granted by no scope.
 */
export const SCOPE_ACTIONS = {
  'posts:read': ['post:browse', 'post:read', 'tag:browse', 'category:browse'],
  'posts:write': [
    'post:browse',
    'post:read',
    'post:create',
    'post:edit',
    'post:delete',
    'post:submit',
    'post:publish',
    'post:assign_authors',
    'tag:browse',
    'tag:create_inline',
    'category:browse',
  ],
  'tags:read': ['tag:browse', 'category:browse'],
  'tags:write': ['tag:browse', 'tag:write', 'tag:create_inline', 'category:browse', 'category:write'],
  'media:read': ['media:browse'],
  'media:write': ['media:browse', 'media:upload', 'media:edit', 'media:delete'],
  'users:read': ['user:browse'],
  'site:read': ['site:read'],
} as const satisfies Record<IntegrationScope, readonly Action[]>;

/** The actions a set of scopes grants. */
export function actionsFor(scopes: readonly IntegrationScope[]): ReadonlySet<Action> {
  return new Set(scopes.flatMap((scope) => SCOPE_ACTIONS[scope]));
}

/** The most an integration may ever be: admin, or its creator's role when that is lower. */
export const integrationRole = (creatorRole: Role): Role => (creatorRole === 'owner' ? 'admin' : creatorRole);

type Subject = Pick<Actor, 'role' | 'integration'>;

/** Whether the actor may do this; `isOwn` says whether the resource is the actor's own. */
export function allows(actor: Subject, action: Action, isOwn = false): boolean {
  if (actor.integration && !actor.integration.actions.has(action)) return false;
  const scope: Scope = POLICY[action][actor.role];
  return scope === 'all' || (scope === 'own' && isOwn);
}

export function authorize(actor: Subject, action: Action, isOwn = false): void {
  if (!allows(actor, action, isOwn)) {
    const what = `${action.replace(':', ' ').replace('_', ' ')}${isOwn ? '' : ' here'}`;
    throw forbidden(
      actor.integration
        ? `This integration key's scopes do not allow it to ${what}.`
        : `Your role (${actor.role}) may not ${what}.`,
    );
  }
}
