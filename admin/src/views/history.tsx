// Version history and revisions of a post: save a named version, list both, restore one (a forward edit that
// everyone in the room receives).
import { useEffect, useState } from 'hono/jsx/dom';
import { api, messageOf } from '../api';
import { type RevisionDiff, RevisionDiffView } from './revision-diff';

interface Version {
  id: string;
  kind: 'named' | 'auto';
  name: string | null;
  title: string;
  created_at: string;
}
interface Revision {
  id: string;
  version: number;
  reason: string;
  created_at: string | null;
}

/**
 * `version` is the post's: the lists reload whenever a save makes a new one. `onRestored` lets the editor reload
 * the post's other fields, which a restore brings back too.
 */
export function HistoryPanel({
  type,
  id,
  version,
  canEdit,
  onRestored,
}: {
  type: 'posts' | 'pages';
  id: string;
  version: number;
  canEdit: boolean;
  onRestored: () => void;
}) {
  const [versions, setVersions] = useState<Version[]>([]);
  const [revisions, setRevisions] = useState<Revision[]>([]);
  const [message, setMessage] = useState('');
  const [reload, setReload] = useState(0);
  const [diff, setDiff] = useState<RevisionDiff | null>(null);

  useEffect(() => {
    Promise.all([
      api<{ versions: Version[] }>('GET', `/${type}/${id}/versions`),
      api<{ revisions: Revision[] }>('GET', `/${type}/${id}/revisions`),
    ])
      .then(([v, r]) => {
        setVersions(v.versions);
        setRevisions(r.revisions);
      })
      .catch((e) => setMessage(messageOf(e)));
  }, [type, id, version, reload]);

  const run = async (what: () => Promise<unknown>, done: string, restored = false) => {
    try {
      await what();
      setMessage(done);
      setReload(reload + 1);
      if (restored) onRestored();
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  /** Compares a revision with the one before it. */
  const compare = async (from: Revision, to: Revision) => {
    try {
      setDiff(await api<RevisionDiff>('GET', `/${type}/${id}/revisions/diff?from=${from.id}&to=${to.id}`));
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  const saveVersion = (event: Event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    if (!name) return;
    void run(() => api('POST', `/${type}/${id}/versions`, { name }), `Saved “${name}”.`).then(() => form.reset());
  };

  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');
  return (
    <section class="history" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {message && (
        <p role="status" class="note">
          {message}
        </p>
      )}
      {canEdit && (
        <form class="save-version" onSubmit={saveVersion}>
          <label>
            Name this version
            <input name="name" maxLength={120} required />
          </label>
          <button type="submit">Save version</button>
        </form>
      )}
      <h3>Versions</h3>
      <ul class="history-list">
        {versions.map((v) => (
          <li>
            <span>
              {v.name ?? 'Automatic'} <time dateTime={v.created_at}>{when(v.created_at)}</time>
            </span>
            {canEdit && (
              <button
                type="button"
                class="link"
                onClick={() =>
                  run(() => api('POST', `/${type}/${id}/versions/${v.id}/restore`), 'Version restored.', true)
                }
              >
                Restore<span class="visually-hidden"> {v.name ?? 'automatic version'}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <h3>Revisions</h3>
      <ul class="history-list">
        {revisions.slice(0, 20).map((r, i) => (
          <li>
            <span>
              v{r.version} · {r.reason} <time dateTime={r.created_at ?? ''}>{when(r.created_at)}</time>
            </span>
            {revisions[i + 1] && (
              <button type="button" class="link" onClick={() => compare(revisions[i + 1]!, r)}>
                Changes<span class="visually-hidden"> in revision {r.version}</span>
              </button>
            )}
            {canEdit && (
              <button
                type="button"
                class="link"
                onClick={() =>
                  run(
                    () => api('POST', `/${type}/${id}/revisions/${r.id}/restore`),
                    `Revision ${r.version} restored.`,
                    true,
                  )
                }
              >
                Restore<span class="visually-hidden"> revision {r.version}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      {diff && <RevisionDiffView diff={diff} onClose={() => setDiff(null)} />}
    </section>
  );
}
