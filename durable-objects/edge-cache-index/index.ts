// One index per site of what the edge cache holds: which cached URL carries which Cache-Tag. The Cache API can only
// delete by URL, so this is what turns a purge by tag into exact deletions where no Cloudflare API token is set (and
// locally). One object per site serialises records and purges, which closes the race between a page rendered
// before a change and stored after its purge: the store asks here first, and a purge since it started wins.
import { DurableObject } from 'cloudflare:workers';

/** How long after a purge a page that began rendering before it is still refused (covers clock skew). */
export const PURGE_SKEW_MS = 250;
// Rows of entries the Cache API has expired are swept now and then, not on every call.
const SWEEP_EVERY_MS = 10 * 60 * 1000;
const MAX_TAGS = 500;

export interface RecordRequest {
  url: string;
  tags: string[];
  /** When the Cache API drops the entry on its own. */
  expiresAt: number;
  /** When the Worker began to render it, before reading any data. */
  renderStartedAt: number;
}

export class EdgeCacheIndex extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private lastSweep = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS entries (
      tag TEXT NOT NULL, url TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (tag, url)) WITHOUT ROWID`);
    this.sql.exec('CREATE INDEX IF NOT EXISTS entries_url ON entries (url)');
    this.sql.exec('CREATE TABLE IF NOT EXISTS purges (tag TEXT PRIMARY KEY, purged_at INTEGER NOT NULL) WITHOUT ROWID');
  }

  /**
   * Notes a stored response under its tags. Returns false, recording nothing, when one of its tags was purged after
   * it began rendering: it may show data from before the change, and the caller deletes it.
   */
  async record(request: RecordRequest): Promise<boolean> {
    const tags = request.tags.slice(0, MAX_TAGS);
    const since = request.renderStartedAt - PURGE_SKEW_MS;
    for (const tag of tags) {
      const row = this.sql.exec<{ purged_at: number }>('SELECT purged_at FROM purges WHERE tag = ?', tag).toArray()[0];
      if (row && row.purged_at >= since) return false;
    }
    for (const tag of tags) {
      this.sql.exec(
        'INSERT OR REPLACE INTO entries (tag, url, expires_at) VALUES (?, ?, ?)',
        tag,
        request.url,
        request.expiresAt,
      );
    }
    this.sweep(Date.now());
    return true;
  }

  /** Forgets the entries under `tags` and returns their URLs, for the caller to delete from the Cache API. */
  async purge(tags: string[], now = Date.now()): Promise<string[]> {
    const urls = new Set<string>();
    for (const tag of tags) {
      this.sql.exec('INSERT OR REPLACE INTO purges (tag, purged_at) VALUES (?, ?)', tag, now);
      for (const { url } of this.sql.exec<{ url: string }>('SELECT url FROM entries WHERE tag = ?', tag)) {
        urls.add(url);
      }
    }
    // A URL is gone under every tag once it is deleted.
    for (const url of urls) this.sql.exec('DELETE FROM entries WHERE url = ?', url);
    this.sweep(now);
    return [...urls];
  }

  /** How many URLs are indexed (for tests and diagnostics). */
  async size(): Promise<number> {
    return this.sql.exec<{ n: number }>('SELECT count(DISTINCT url) AS n FROM entries').one().n;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    this.sql.exec('DELETE FROM entries WHERE expires_at < ?', now);
    // A purge only matters to renders that started before it.
    this.sql.exec('DELETE FROM purges WHERE purged_at < ?', now - 60 * 60 * 1000);
  }
}
