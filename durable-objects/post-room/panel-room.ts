// The room's side of the shared side panel: what D1 seeds it with, who changed which field (their role decides
// whether the flush may write it), and the problems the last flush reported to the editors.
import type * as Y from 'yjs';
import type { Database } from '../../d1/db';
import { findPost, loadRelations } from '../../d1/repositories/posts';
import type { FieldProblem } from '../../workers/content/room-fields';
import { readState } from './attachments';
import { META } from './document';
import { isPanelKey, type PanelFields, type PanelKey, panelFieldsOf } from './panel-layout';
import type { RoomStorage } from './storage';

/** The post's panel as D1 holds it, or undefined when the post is gone. */
export async function storedPanel(db: Database, siteId: string, postId: string): Promise<PanelFields | undefined> {
  const post = await findPost(db, siteId, postId);
  if (!post) return undefined;
  const rel = (await loadRelations(db, [postId])).get(postId) ?? { authors: [], tags: [], categories: [] };
  return panelFieldsOf({ ...post, ...rel });
}

/**
 * Remembers, per panel field, the user whose socket changed it last (room_meta `field_by:<key>`), so the flush
 * checks a contributor's change of authors against the contributor's role, not against whoever typed last.
 */
export function trackFieldEditors(doc: Y.Doc, store: RoomStorage): void {
  const known = new Map<string, string>();
  doc.getMap(META).observeDeep((events, transaction) => {
    const origin: unknown = transaction.origin;
    const userId = origin instanceof WebSocket ? readState(origin)?.user.userId : undefined;
    if (!userId) return;
    const keys = new Set<string>();
    for (const event of events) {
      if (event.path.length > 0) keys.add(String(event.path[0]));
      else for (const key of event.keys.keys()) keys.add(key);
    }
    for (const key of keys) {
      if (!isPanelKey(key) || known.get(key) === userId) continue;
      store.setMeta(`field_by:${key}`, userId);
      known.set(key, userId);
    }
  });
}

export const fieldEditor = (store: RoomStorage) => (field: PanelKey) => store.getMeta(`field_by:${field}`) ?? null;

/** The problems of the last flush as the room keeps and sends them (protocol.ts MESSAGE_FIELD_PROBLEMS). */
export const problemsJson = (problems: FieldProblem[]) => JSON.stringify({ problems });
