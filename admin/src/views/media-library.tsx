// The site's media library: browse and search it, upload to it, edit a file's alt text and caption, and hand a
// file to whoever opened the library (insert it into the post, or make it the feature image).
import { useEffect, useRef, useState } from 'hono/jsx/dom';
import { api, type Media, messageOf } from '../api';
import { uploadFile } from '../upload';

const PAGE = 24;

export interface LibraryAction {
  label: string;
  run: (media: Media) => void;
}

/** The library itself, shown on its own screen or inside the dialog below. */
export function MediaBrowser({ action, imagesOnly = false }: { action?: LibraryAction; imagesOnly?: boolean }) {
  const [items, setItems] = useState<Media[] | null>(null);
  const [total, setTotal] = useState(0);
  const [limit, setLimit] = useState(PAGE);
  const [q, setQ] = useState('');
  const [selected, setSelected] = useState<Media | null>(null);
  const [message, setMessage] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const query = new URLSearchParams({ limit: String(limit) });
    if (q.trim()) query.set('q', q.trim());
    if (imagesOnly) query.set('kind', 'image');
    let current = true;
    api<{ media: Media[]; meta: { pagination: { total: number } } }>('GET', `/media?${query}`)
      .then((r) => {
        if (!current) return;
        setItems(r.media);
        setTotal(r.meta.pagination.total);
      })
      .catch((e) => current && setMessage(messageOf(e)));
    return () => {
      current = false;
    };
  }, [q, limit, reload]);

  const upload = async (event: Event) => {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    for (const file of files) {
      setMessage(`Uploading ${file.name}…`);
      try {
        await uploadFile(file, (p) => setMessage(`Uploading ${file.name}: ${Math.round(p * 100)}%`));
        setMessage(`Uploaded ${file.name}.`);
      } catch (e) {
        setMessage(messageOf(e));
      }
    }
    setReload(reload + 1);
  };

  const saveDetails = async (event: Event) => {
    event.preventDefault();
    if (!selected) return;
    const form = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim() || null;
    try {
      const r = await api<{ media: Media }>('PATCH', `/media/${selected.id}`, {
        alt: value('alt'),
        caption: value('caption'),
      });
      setSelected(r.media);
      setItems((items ?? []).map((m) => (m.id === r.media.id ? r.media : m)));
      setMessage(`Saved the details of ${r.media.name}.`);
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  return (
    <div class="library">
      <div class="library-tools">
        <label>
          Search media
          <input type="search" value={q} onInput={(e: Event) => setQ((e.target as HTMLInputElement).value)} />
        </label>
        <label class="upload-button">
          Upload to the library
          <input type="file" multiple accept={imagesOnly ? 'image/*' : undefined} onChange={upload} />
        </label>
      </div>
      {message && (
        <p class="note" role="status">
          {message}
        </p>
      )}
      {items === null ? (
        <p class="loading">Loading…</p>
      ) : items.length === 0 ? (
        <p>No media yet.</p>
      ) : (
        <ul class="media-grid" aria-label="Media">
          {items.map((m) => (
            <li>
              <button
                type="button"
                class={`media-item${selected?.id === m.id ? ' selected' : ''}`}
                aria-pressed={selected?.id === m.id}
                onClick={() => setSelected(m)}
              >
                {m.kind === 'image' ? <img src={m.url} alt="" loading="lazy" /> : <span class="kind">{m.kind}</span>}
                <span class="name">{m.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {items && items.length < total && (
        <button type="button" class="link" onClick={() => setLimit(Math.min(limit + PAGE, 100))}>
          Show more
        </button>
      )}
      {selected && (
        <form class="media-details" key={selected.id} onSubmit={saveDetails} aria-label={`Details of ${selected.name}`}>
          <p class="name">
            {selected.name}
            {selected.width && ` · ${selected.width}×${selected.height}`}
          </p>
          <label>
            Alt text
            <input name="alt" maxLength={1000} value={selected.alt ?? ''} />
          </label>
          <label>
            Caption
            <textarea name="caption" rows={2} maxLength={2000} value={selected.caption ?? ''} />
          </label>
          <div class="row">
            <button type="submit">Save details</button>
            {action && (
              <button type="button" onClick={() => action.run(selected)}>
                {action.label}
              </button>
            )}
          </div>
        </form>
      )}
    </div>
  );
}

/** The library in a modal dialog: Escape or Close dismisses it, and focus returns to what opened it. */
export function MediaDialog({
  title,
  action,
  imagesOnly,
  onClose,
}: {
  title: string;
  action: LibraryAction;
  imagesOnly?: boolean;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.showModal();
    return () => opener?.focus();
  }, []);
  return (
    <dialog ref={dialog} class="media-dialog" aria-labelledby="media-dialog-title" onClose={onClose}>
      <div class="dialog-head">
        <h2 id="media-dialog-title">{title}</h2>
        <button type="button" class="link" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      <MediaBrowser action={action} imagesOnly={imagesOnly} />
    </dialog>
  );
}
