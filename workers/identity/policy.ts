// One table decides every staff permission: role × action → which resources ('all', only 'own', or 'none').
import type { Role } from '../../d1/schema';
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
} as const satisfies Record<string, Record<Role, Scope>>;

export type Action = keyof typeof POLICY;

/** Whether the actor may do this; `isOwn` says whether the resource is the actor's own. */
export function allows(actor: Pick<Actor, 'role'>, action: Action, isOwn = false): boolean {
  const scope: Scope = POLICY[action][actor.role];
  return scope === 'all' || (scope === 'own' && isOwn);
}

export function authorize(actor: Pick<Actor, 'role'>, action: Action, isOwn = false): void {
  if (!allows(actor, action, isOwn)) {
    throw forbidden(
      `Your role (${actor.role}) may not ${action.replace(':', ' ').replace('_', ' ')}${isOwn ? '' : ' here'}.`,
    );
  }
}
