// The room's durable state in its own SQLite: a snapshot (chunked) plus a log of the updates applied since.
// The document on wake is the snapshot with the log replayed over it, in order.
import * as Y from 'yjs';

/** Rows stay far below SQLite's 2 MB value limit. */
export const CHUNK_BYTES = 512 * 1024;

// The log is a WITHOUT ROWID table: its primary key is the row's own key, so an update is one row written. As a rowid
// table with a separate primary-key index it was two (workerd's rowsWritten, which Cloudflare bills by), and every
// keystroke's commit wrote two pages instead of one.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS room_log (
    seq INTEGER NOT NULL, part INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (seq, part)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS room_snapshot (part INTEGER PRIMARY KEY, data BLOB NOT NULL);
  CREATE TABLE IF NOT EXISTS room_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** The log's table in rooms created before it was WITHOUT ROWID (same columns). */
const LEGACY_LOG = 'room_updates';

/** Moves a room's log from the earlier layout into room_log, once, atomically: a crash leaves one or the other. */
function moveLegacyLog(storage: DurableObjectStorage): void {
  const found = storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", LEGACY_LOG).toArray();
  if (found.length === 0) return;
  storage.transactionSync(() => {
    storage.sql.exec(`INSERT INTO room_log (seq, part, data) SELECT seq, part, data FROM ${LEGACY_LOG}`);
    storage.sql.exec(`DROP TABLE ${LEGACY_LOG}`);
  });
}

function chunks(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.byteLength || out.length === 0; at += CHUNK_BYTES) {
    out.push(bytes.subarray(at, at + CHUNK_BYTES));
  }
  return out;
}

function concat(parts: ArrayBuffer[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(new Uint8Array(part), at);
    at += part.byteLength;
  }
  return out;
}

const INSERT_UPDATE = 'INSERT INTO room_log (seq, part, data) VALUES (?, ?, ?)';
/** room_meta's key for the log position as of the last compaction. */
const LAST_SEQ = 'last_seq';

export interface LogStats {
  count: number;
  bytes: number;
}

export class RoomStorage {
  /** Mirrors of stored values read on every update, kept once read (the object is their only writer). */
  private seq?: number;
  private stats?: LogStats;

  constructor(private readonly storage: DurableObjectStorage) {
    storage.sql.exec(SCHEMA);
    moveLegacyLog(storage);
  }

  private get sql() {
    return this.storage.sql;
  }

  getMeta(key: string): string | undefined {
    return this.sql.exec<{ value: string }>('SELECT value FROM room_meta WHERE key = ?', key).toArray()[0]?.value;
  }

  setMeta(key: string, value: string): void {
    this.sql.exec('INSERT OR REPLACE INTO room_meta (key, value) VALUES (?, ?)', key, value);
  }

  /** Forgets everything: the post is gone. */
  clear(): void {
    this.storage.transactionSync(() => {
      this.sql.exec('DELETE FROM room_log');
      this.sql.exec('DELETE FROM room_snapshot');
      this.sql.exec('DELETE FROM room_meta');
    });
    this.seq = undefined;
    this.stats = undefined;
  }

  deleteMeta(key: string): void {
    this.sql.exec('DELETE FROM room_meta WHERE key = ?', key);
  }

  isEmpty(): boolean {
    const row = this.sql
      .exec<{ n: number }>('SELECT (SELECT count(*) FROM room_log) + (SELECT count(*) FROM room_snapshot) AS n')
      .one();
    return row.n === 0;
  }

  /**
   * Appends one update to the log (in as many rows as it needs) and returns the rows written. This runs for every
   * keystroke before it is acknowledged, so an update that fits one row (all but the largest pastes) is one INSERT:
   * a single statement is atomic without a transaction, and the log position is its own row's seq (see lastSeq).
   */
  append(update: Uint8Array): number {
    const seq = this.lastSeq() + 1;
    const parts = chunks(update);
    let written = 0;
    const insert = (chunk: Uint8Array, part: number) => {
      written += this.sql.exec(INSERT_UPDATE, seq, part, chunk).rowsWritten;
    };
    if (parts.length === 1) insert(parts[0]!, 0);
    else this.storage.transactionSync(() => parts.forEach(insert));
    // Only once the write succeeded: a failed append leaves both mirrors as they were.
    this.seq = seq;
    if (this.stats) this.stats = { count: this.stats.count + 1, bytes: this.stats.bytes + update.byteLength };
    return written;
  }

  /**
   * The sequence number of the last logged update (0 before the first): the log's highest seq, or, once compaction
   * emptied the log, the position it recorded then, so the numbering never goes back (history.ts compares it).
   */
  lastSeq(): number {
    if (this.seq !== undefined) return this.seq;
    const row = this.sql.exec<{ seq: number | null }>('SELECT max(seq) AS seq FROM room_log').one();
    this.seq = Math.max(row.seq ?? 0, Number(this.getMeta(LAST_SEQ) ?? '0'));
    return this.seq;
  }

  logStats(): LogStats {
    if (this.stats) return this.stats;
    const row = this.sql
      .exec<{ count: number; bytes: number }>(
        'SELECT count(DISTINCT seq) AS count, coalesce(sum(length(data)), 0) AS bytes FROM room_log',
      )
      .one();
    this.stats = { count: row.count, bytes: row.bytes };
    return this.stats;
  }

  /** Rebuilds the document: the snapshot, then every logged update in order. */
  load(): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    const snapshot = this.sql.exec<{ data: ArrayBuffer }>('SELECT data FROM room_snapshot ORDER BY part').toArray();
    if (snapshot.length > 0) Y.applyUpdate(doc, concat(snapshot.map((r) => r.data)));
    let seq = -1;
    let parts: ArrayBuffer[] = [];
    const flush = () => {
      if (parts.length > 0) Y.applyUpdate(doc, concat(parts));
      parts = [];
    };
    for (const row of this.sql.exec<{ seq: number; data: ArrayBuffer }>(
      'SELECT seq, data FROM room_log ORDER BY seq, part',
    )) {
      if (row.seq !== seq) flush();
      seq = row.seq;
      parts.push(row.data);
    }
    flush();
    return doc;
  }

  /** Replaces snapshot and log with one snapshot of `doc`, atomically: a crash leaves the old pair or the new one. */
  compact(doc: Y.Doc): void {
    const state = Y.encodeStateAsUpdate(doc);
    const seq = this.lastSeq();
    this.storage.transactionSync(() => {
      // The log's seqs go with it; the position stays, so the next update continues the numbering.
      this.setMeta(LAST_SEQ, String(seq));
      this.sql.exec('DELETE FROM room_snapshot');
      chunks(state).forEach((chunk, part) => {
        this.sql.exec('INSERT INTO room_snapshot (part, data) VALUES (?, ?)', part, chunk);
      });
      this.sql.exec('DELETE FROM room_log');
    });
    this.stats = { count: 0, bytes: 0 };
  }
}
