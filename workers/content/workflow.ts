// The editorial workflow: which status moves exist, and which policy action each one needs.
import type { PostStatus } from '../../d1/schema';
import type { Actor } from '../app';
import { Problem } from '../http/problem';
import { authorize } from '../identity/policy';

const MOVES: Record<PostStatus, readonly PostStatus[]> = {
  draft: ['review', 'scheduled', 'published'],
  review: ['draft', 'scheduled', 'published'],
  scheduled: ['draft', 'review', 'published', 'scheduled'],
  published: ['draft', 'archived'],
  archived: ['draft', 'published'],
};

// Statuses a contributor's edits may touch: once a post is out of their hands, it is not theirs to change.
const CONTRIBUTOR_EDITABLE: readonly PostStatus[] = ['draft', 'review'];

/** Throws unless `actor` may edit the content of a post in `status` (own or not). */
export function authorizeEdit(actor: Actor, status: PostStatus, isOwn: boolean): void {
  authorize(actor, 'post:edit', isOwn);
  if (actor.role === 'contributor' && !CONTRIBUTOR_EDITABLE.includes(status)) {
    throw new Problem(403, 'FORBIDDEN', 'Contributors may only edit drafts and posts in review.');
  }
}

/** Throws unless the move from → to exists and the actor's role may make it. */
export function authorizeMove(actor: Actor, from: PostStatus, to: PostStatus, isOwn: boolean): void {
  if (from === to && to !== 'scheduled') return;
  if (!MOVES[from].includes(to)) {
    throw new Problem(422, 'INVALID_STATUS_TRANSITION', `A ${from} post cannot become ${to}.`);
  }
  const quiet = (from === 'draft' && to === 'review') || (from === 'review' && to === 'draft');
  authorize(actor, quiet ? 'post:submit' : 'post:publish', isOwn);
}

/** Throws unless a new post may start in `status`. */
export function authorizeInitialStatus(actor: Actor, status: PostStatus): void {
  if (status === 'archived') {
    throw new Problem(422, 'INVALID_STATUS_TRANSITION', 'A new post cannot start archived.');
  }
  if (status === 'draft') return;
  authorizeMove(actor, 'draft', status, true);
}
