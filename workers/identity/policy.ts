// One table decides every permission: role × action → which resources ('all', only 'own', or 'none').
// An integration key acts with its creator's role, capped at admin, and only for the actions its scopes grant.
import type { IntegrationScope, Role } from '../../d1/schema';
import { forbidden } from '../http/problem';
import type { Actor } from '../app';

type Scope = 'all' | 'own' | 'none';

// A table: one row per action, each on one line so the columns line up.
// prettier-ignore
export const POLICY = {
  // Posts and pages. "own" means the actor is one of the post's authors.
  'post:browse': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'own', member: 'none' },
  'post:read': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'own', member: 'none' },
  'post:create': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all', member: 'none' },
  'post:edit': { owner: 'all', admin: 'all', editor: 'all', author: 'own', contributor: 'own', member: 'none' },
  'post:delete': { owner: 'all', admin: 'all', editor: 'all', author: 'own', contributor: 'own', member: 'none' },
  // Moving between draft and review (submit, withdraw).
  'post:submit': { owner: 'all', admin: 'all', editor: 'all', author: 'own', contributor: 'own', member: 'none' },
  // Publishing, scheduling, unpublishing, archiving, featuring.
  'post:publish': { owner: 'all', admin: 'all', editor: 'all', author: 'own', contributor: 'none', member: 'none' },
  // Naming other staff as a post's authors.
  'post:assign_authors': { owner: 'all', admin: 'all', editor: 'all', author: 'none', contributor: 'none', member: 'none' },
  'tag:browse': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all', member: 'none' },
  // Creating a tag by naming it on a post.
  'tag:create_inline': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'none', member: 'none' },
  'tag:write': { owner: 'all', admin: 'all', editor: 'all', author: 'none', contributor: 'none', member: 'none' },
  'category:browse': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all', member: 'none' },
  'category:write': { owner: 'all', admin: 'all', editor: 'all', author: 'none', contributor: 'none', member: 'none' },
  // The media library. "own" means the actor uploaded the file.
  'media:browse': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all', member: 'none' },
  'media:upload': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all', member: 'none' },
  'media:edit': { owner: 'all', admin: 'all', editor: 'all', author: 'own', contributor: 'own', member: 'none' },
  'media:delete': { owner: 'all', admin: 'all', editor: 'all', author: 'own', contributor: 'own', member: 'none' },
  'user:browse': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all', member: 'none' },
  'site:read': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all', member: 'none' },
  'site:read_keys': { owner: 'all', admin: 'all', editor: 'none', author: 'none', contributor: 'none', member: 'none' },
  // Domain events (docs/EVENTS.md): the event store and dead letters, analytics reports, projection rebuilds.
  'event:read': { owner: 'all', admin: 'all', editor: 'none', author: 'none', contributor: 'none', member: 'none' },
  'report:read': { owner: 'all', admin: 'all', editor: 'all', author: 'none', contributor: 'none', member: 'none' },
  'projection:replay': { owner: 'all', admin: 'none', editor: 'none', author: 'none', contributor: 'none', member: 'none' },
  // One's own notifications and their preferences; nobody reads another person's.
  'notification:manage': { owner: 'all', admin: 'all', editor: 'all', author: 'all', contributor: 'all', member: 'none' },
  // What readers see on every page: title, description, logo, accent colour, navigation.
  'site:settings': { owner: 'all', admin: 'all', editor: 'none', author: 'none', contributor: 'none', member: 'none' },
  // Site-wide security settings (requiring MFA for staff).
  'site:security': { owner: 'all', admin: 'none', editor: 'none', author: 'none', contributor: 'none', member: 'none' },
  // Changing a staff member's role; who may grant or remove "owner" is decided in workers/identity/members.ts.
  'user:change_role': { owner: 'all', admin: 'all', editor: 'none', author: 'none', contributor: 'none', member: 'none' },
  // Inviting people to join the site, listing and revoking invitations; which roles each may give is INVITE_ROLES.
  'user:invite': { owner: 'all', admin: 'all', editor: 'none', author: 'none', contributor: 'none', member: 'none' },
  'integration:manage': { owner: 'all', admin: 'all', editor: 'none', author: 'none', contributor: 'none', member: 'none' },
  'audit:read': { owner: 'all', admin: 'all', editor: 'none', author: 'none', contributor: 'none', member: 'none' },
  // A person's own account (profile, password, sessions, MFA): everyone signed in, members too, and only their own.
  'account:manage': { owner: 'own', admin: 'own', editor: 'own', author: 'own', contributor: 'own', member: 'own' },
} as const satisfies Record<string, Record<Role, Scope>>;

export type Action = keyof typeof POLICY;

/**
 * The roles each role may invite someone with (and revoke invitations for). Only an owner brings in an owner, as
 * only an owner grants the owner role (workers/identity/members.ts).
 */
export const INVITE_ROLES = {
  owner: ['owner', 'admin', 'editor', 'author', 'contributor'],
  admin: ['admin', 'editor', 'author', 'contributor'],
  editor: [],
  author: [],
  contributor: [],
  member: [],
} as const satisfies Record<Role, readonly Role[]>;

export const mayInvite = (actor: Subject, role: Role): boolean =>
  allows(actor, 'user:invite') && (INVITE_ROLES[actor.role] as readonly Role[]).includes(role);

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
