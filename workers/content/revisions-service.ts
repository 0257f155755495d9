// Revisions: every save is one; two can be compared; restoring one is a new save, never a rewind.
import { structuredPatch } from 'diff';
import { findRevision, listRevisions, type RevisionRow } from '../../d1/repositories/posts';
import type { Actor } from '../app';
import { notFound } from '../http/problem';
import type { UpdatePostInput } from './post-input';
import { type ContentDeps, type PostType, readPost, updatePost } from './posts-service';
import { RESTORABLE_FIELDS } from '../../d1/revision-fields';

export async function revisionsOf(deps: Pick<ContentDeps, 'db'>, actor: Actor, type: PostType, postId: string) {
  await readPost(deps.db, actor, type, postId);
  return listRevisions(deps.db, actor.siteId, postId);
}

export async function revisionOf(
  deps: Pick<ContentDeps, 'db'>,
  actor: Actor,
  type: PostType,
  postId: string,
  id: string,
) {
  await readPost(deps.db, actor, type, postId);
  const revision = await findRevision(deps.db, actor.siteId, postId, id);
  if (!revision) throw notFound('Revision');
  return revision;
}

/** A line diff of the Markdown (unified-diff hunks), the title, and each other field that changed. */
export async function diffRevisions(
  deps: Pick<ContentDeps, 'db'>,
  actor: Actor,
  type: PostType,
  postId: string,
  fromId: string,
  toId: string,
) {
  const from = await revisionOf(deps, actor, type, postId, fromId);
  const to = await revisionOf(deps, actor, type, postId, toId);
  const patch = structuredPatch(`v${from.version}`, `v${to.version}`, from.markdown, to.markdown, '', '', {
    context: 3,
  });
  const keys = new Set([...Object.keys(from.fields), ...Object.keys(to.fields)]);
  const fields = [...keys]
    .filter((k) => JSON.stringify(from.fields[k]) !== JSON.stringify(to.fields[k]))
    .map((k) => ({ field: k, from: from.fields[k] ?? null, to: to.fields[k] ?? null }));
  const added = patch.hunks.flatMap((h) => h.lines).filter((l) => l.startsWith('+')).length;
  const removed = patch.hunks.flatMap((h) => h.lines).filter((l) => l.startsWith('-')).length;
  return {
    from: { id: from.id, version: from.version },
    to: { id: to.id, version: to.version },
    title: from.title === to.title ? null : { from: from.title, to: to.title },
    markdown: { lines_added: added, lines_removed: removed, hunks: patch.hunks },
    fields,
  };
}

/** Writes the revision's content back as a new revision; status, slug, schedule and taxonomy stay as they are. */
export async function restoreRevision(
  deps: ContentDeps,
  actor: Actor,
  type: PostType,
  postId: string,
  revisionId: string,
  ifMatch?: number,
) {
  const revision: RevisionRow = await revisionOf(deps, actor, type, postId, revisionId);
  const input: Record<string, unknown> = { title: revision.title, markdown: revision.markdown };
  for (const field of RESTORABLE_FIELDS) {
    if (field in revision.fields) input[field] = revision.fields[field];
  }
  return updatePost(deps, actor, type, postId, input as UpdatePostInput, {
    ifMatch,
    reason: 'restored',
    restoredRevision: { id: revision.id, version: revision.version },
  });
}
