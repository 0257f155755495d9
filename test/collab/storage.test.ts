// The room's SQLite layout: what one update costs in rows written (what Cloudflare bills a write by), and a room
// stored in the earlier layout (the log as a rowid table, room_updates) keeping every update when it next opens.
import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CHUNK_BYTES, RoomStorage } from '../../durable-objects/post-room/storage';

/** A room object of its own, never joined: only its storage is used. */
const freshObject = (name: string) => env.POST_ROOM.get(env.POST_ROOM.idFromName(`storage-test:${name}`));

/** Three updates of one document, the second larger than a row. */
function threeUpdates(): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  doc.getText('markdown').insert(0, 'First line');
  doc.getText('markdown').insert(0, 'x'.repeat(CHUNK_BYTES + 10));
  doc.getMap('meta').set('title', 'Kept');
  return { updates, doc };
}

const tables = (sql: SqlStorage) =>
  sql
    .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .toArray()
    .map((r) => r.name);

describe('the room log', () => {
  it('writes one row per update, and one per chunk of a larger one', async () => {
    const { updates } = threeUpdates();
    await runInDurableObject(freshObject('rows'), (_instance, state) => {
      const store = new RoomStorage(state.storage);
      expect(store.append(updates[0]!)).toBe(1);
      expect(store.append(updates[1]!)).toBe(2);
      expect(store.append(updates[2]!)).toBe(1);
      expect(store.lastSeq()).toBe(3);
      expect(store.logStats()).toEqual({ count: 3, bytes: updates.reduce((n, u) => n + u.byteLength, 0) });
    });
  });

  it('moves a log stored in the earlier layout, keeping every update and the numbering', async () => {
    const { updates, doc } = threeUpdates();
    await runInDurableObject(freshObject('legacy'), (_instance, state) => {
      const sql = state.storage.sql;
      // The layout before room_log: a rowid table whose primary key was a second index.
      sql.exec(
        'CREATE TABLE room_updates (seq INTEGER NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, ' +
          'PRIMARY KEY (seq, part))',
      );
      updates.forEach((update, i) => {
        for (let at = 0, part = 0; at < update.byteLength; at += CHUNK_BYTES, part++) {
          sql.exec('INSERT INTO room_updates VALUES (?, ?, ?)', i + 1, part, update.subarray(at, at + CHUNK_BYTES));
        }
      });

      const store = new RoomStorage(state.storage);
      expect(tables(sql)).toEqual(['room_log', 'room_meta', 'room_snapshot']);
      expect(Y.encodeStateAsUpdate(store.load())).toEqual(Y.encodeStateAsUpdate(doc));
      expect(store.lastSeq()).toBe(3);
      expect(store.logStats().count).toBe(3);

      // Opening it again finds nothing left to move.
      const again = new RoomStorage(state.storage);
      expect(again.load().getMap('meta').get('title')).toBe('Kept');
      expect(sql.exec<{ n: number }>('SELECT count(*) AS n FROM room_log').one().n).toBe(4);
    });
  });
});
