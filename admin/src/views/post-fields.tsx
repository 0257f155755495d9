// The post's settings in the side panel: everything the Admin API's post schema holds besides title, body and
// status. Every field lives in the room's `meta` map (docs/COLLABORATION.md), so it is co-edited live like the body;
// the room writes it to D1 with the draft, and "Save settings now" sends what the map holds through the API at once (the way a
// published post's changes reach readers).
import { useEffect, useRef, useState } from 'hono/jsx/dom';
import * as Y from 'yjs';
import { hasPanel, readPanel } from '../../../durable-objects/post-room/panel-layout';
import { api, type Media, messageOf, type Post, type StaffMember } from '../api';
import { listOf, setText, setValue, SharedNames, SharedText, toggleInList, useMeta } from '../shared-fields';
import { uploadFile } from '../upload';
import { MediaDialog } from './media-library';

interface Category {
  id: string;
  slug: string;
  name: string;
  parent_id: string | null;
}

const SEO: { name: string; label: string; long?: boolean }[] = [
  { name: 'meta_title', label: 'Meta title' },
  { name: 'meta_description', label: 'Meta description', long: true },
  { name: 'canonical_url', label: 'Canonical URL' },
  { name: 'og_title', label: 'Open Graph title' },
  { name: 'og_description', label: 'Open Graph description', long: true },
  { name: 'og_image', label: 'Open Graph image URL' },
  { name: 'twitter_title', label: 'X (Twitter) title' },
  { name: 'twitter_description', label: 'X (Twitter) description', long: true },
  { name: 'twitter_image', label: 'X (Twitter) image URL' },
];

type Field = { key: string; value: string };
const fieldsOf = (custom: Record<string, unknown>): Field[] =>
  Object.entries(custom).map(([key, value]) => ({ key, value: value === null ? '' : String(value) }));

/** A custom field keeps its number or boolean type when its text still reads as one. */
function typed(text: string, was: unknown): string | number | boolean | null {
  if (text === '') return null;
  if (typeof was === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  if (typeof was === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** Categories in tree order, each with its depth, so a sub-category sits under its parent. */
function treeOrder(all: Category[]): { category: Category; depth: number }[] {
  const ids = new Set(all.map((c) => c.id));
  const out: { category: Category; depth: number }[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const c of all) {
      const under = c.parent_id && ids.has(c.parent_id) ? c.parent_id : null;
      if (under !== parent || depth > 8) continue;
      out.push({ category: c, depth });
      visit(c.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A problem the room's last flush reported for a field (durable-objects/post-room/protocol.ts, message 101). */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

const LABELS: Record<string, string> = {
  slug: 'Slug',
  custom_excerpt: 'Excerpt',
  tags: 'Tags',
  categories: 'Categories',
  authors: 'Authors',
  feature_image: 'Feature image',
  feature_image_alt: 'Image alt text',
  feature_image_caption: 'Image caption',
  featured: 'Featured',
  visibility: 'Visibility',
  custom_fields: 'Custom fields',
  ...Object.fromEntries(SEO.map((f) => [f.name, f.label])),
};

/** The panel, bound to the room's map once the room has synced (`meta` holds the fields). */
export function PostFields({
  post,
  type,
  meta,
  disabled,
  problems,
  onSaved,
}: {
  post: Post;
  type: 'posts' | 'pages';
  meta: Y.Map<unknown>;
  disabled: boolean;
  problems: FieldProblem[];
  onSaved: (post: Post) => void;
}) {
  useMeta(meta);
  const [message, setMessage] = useState('');
  const [categories, setCategories] = useState<Category[]>([]);
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [picking, setPicking] = useState(false);

  useEffect(() => {
    api<{ categories: Category[] }>('GET', '/categories')
      .then((r) => setCategories(r.categories))
      .catch((e) => setMessage(messageOf(e)));
    api<{ users: StaffMember[] }>('GET', '/users')
      .then((r) => setStaff(r.users.filter((u) => u.status === 'active')))
      .catch((e) => setMessage(messageOf(e)));
  }, []);

  if (!hasPanel(meta)) return <p class="loading">Loading the settings…</p>;

  const text = (key: string) => {
    const value = meta.get(key);
    return value instanceof Y.Text ? value : undefined;
  };
  const setImage = (url: string, alt: string, caption: string) => {
    for (const [key, value] of [
      ['feature_image', url],
      ['feature_image_alt', alt],
      ['feature_image_caption', caption],
    ] as const) {
      const field = text(key);
      if (field) setText(field, value);
    }
  };
  const takeImage = (media: Pick<Media, 'url' | 'alt' | 'caption'>) =>
    setImage(media.url, media.alt ?? '', media.caption ?? '');

  const uploadImage = async (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    try {
      takeImage({
        ...(await uploadFile(file, (p) => setMessage(`Uploading: ${Math.round(p * 100)}%`))),
        caption: null,
      });
      setMessage('Uploaded.');
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  /** Sends what the map holds and the post does not through the API: D1 (and readers, once published) at once. */
  const save = async (event: Event) => {
    event.preventDefault();
    const current: Record<string, unknown> = {
      ...post,
      tags: post.tags.map((t) => t.name),
      categories: post.categories.map((c) => c.slug),
      authors: post.authors.map((a) => a.id),
    };
    const changes = Object.fromEntries(
      Object.entries(readPanel(meta)).filter(([k, v]) => !same(v, current[k] ?? null)),
    );
    setMessage('Saving…');
    try {
      const r = await api<{ post?: Post; page?: Post }>('PATCH', `/${type}/${post.id}`, changes);
      onSaved((r.post ?? r.page)!);
      setMessage('Settings saved.');
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  const imageUrl = text('feature_image')?.toString() ?? '';
  const chosen = new Set([...listOf(meta, 'categories'), ...listOf(meta, 'authors')]);
  const primary = listOf(meta, 'authors')[0];
  return (
    <>
      <form class="settings" onSubmit={save}>
        {problems.length > 0 && (
          <div class="error" role="alert">
            <p>These settings were not saved:</p>
            <ul>
              {problems.map((p) => (
                <li data-field={p.field}>
                  {LABELS[p.field] ?? p.field}: {p.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        <fieldset class="plain" disabled={disabled}>
          <SharedText meta={meta} field="slug" label="Slug" />
          <SharedText meta={meta} field="custom_excerpt" label="Excerpt" long maxLength={300} />
          <SharedNames meta={meta} field="tags" label="Tags (comma-separated)" />
          <fieldset>
            <legend>Categories</legend>
            {categories.length === 0 && <p class="note">No categories yet.</p>}
            {treeOrder(categories).map(({ category: c, depth }) => (
              <label class="check" style={`padding-left:${depth * 1.25}rem`}>
                <input
                  type="checkbox"
                  name="categories"
                  value={c.slug}
                  checked={chosen.has(c.slug)}
                  onChange={(e: Event) => toggleInList(meta, 'categories', c.slug, checked(e))}
                />
                {c.name}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Authors</legend>
            {staff.map((u) => (
              <label class="check">
                <input
                  type="checkbox"
                  name="authors"
                  value={u.id}
                  checked={chosen.has(u.id)}
                  onChange={(e: Event) => toggleInList(meta, 'authors', u.id, checked(e))}
                />
                {u.name}
                {u.id === primary && <span class="note"> (primary)</span>}
              </label>
            ))}
          </fieldset>
          <fieldset class="feature-image">
            <legend>Feature image</legend>
            {imageUrl && <img src={imageUrl} alt={text('feature_image_alt')?.toString() ?? ''} />}
            <SharedText meta={meta} field="feature_image" label="Image URL" />
            <div class="row">
              <button type="button" class="link" onClick={() => setPicking(true)}>
                Choose from the library
              </button>
              <label class="upload-button">
                Upload an image
                <input type="file" accept="image/*" onChange={uploadImage} />
              </label>
              {imageUrl && (
                <button type="button" class="link" onClick={() => setImage('', '', '')}>
                  Remove
                </button>
              )}
            </div>
            <SharedText meta={meta} field="feature_image_alt" label="Image alt text" maxLength={191} />
            <SharedText meta={meta} field="feature_image_caption" label="Image caption" maxLength={2000} />
          </fieldset>
          <label class="check">
            <input
              type="checkbox"
              name="featured"
              checked={meta.get('featured') === true}
              onChange={(e: Event) => setValue(meta, 'featured', checked(e))}
            />
            Featured
          </label>
          <label>
            Visibility
            <select
              name="visibility"
              value={String(meta.get('visibility') ?? 'public')}
              onChange={(e: Event) => setValue(meta, 'visibility', (e.target as HTMLSelectElement).value)}
            >
              <option value="public">Public</option>
              <option value="members">Members</option>
              <option value="paid">Paid members</option>
            </select>
          </label>
          <details>
            <summary>SEO and social</summary>
            {SEO.map((f) => (
              <SharedText meta={meta} field={f.name} label={f.label} long={f.long} />
            ))}
          </details>
          <CustomFields meta={meta} />
        </fieldset>
        {message && (
          <p class="note" role="status">
            {message}
          </p>
        )}
        <p class="note">Settings are shared live and saved with the draft.</p>
        <button type="submit" disabled={disabled}>
          Save settings now
        </button>
      </form>
      {picking && (
        <MediaDialog
          title="Choose a feature image"
          imagesOnly
          action={{ label: 'Use as feature image', run: (m) => (takeImage(m), setPicking(false)) }}
          onClose={() => setPicking(false)}
        />
      )}
    </>
  );
}

/**
 * Custom fields are one value in the map (the last writer wins): rows are edited here and written when a row's
 * input is left, and a peer's change replaces the rows unless this editor is in the middle of one.
 */
function CustomFields({ meta }: { meta: Y.Map<unknown> }) {
  const stored = (meta.get('custom_fields') ?? {}) as Record<string, unknown>;
  const [fields, setFields] = useState<Field[]>(fieldsOf(stored));
  // A ref, not state: focus moving between two rows (out, then in) must not look like leaving the fields.
  const editing = useRef(false);
  const storedJson = JSON.stringify(stored);
  useEffect(() => {
    if (!editing.current) setFields(fieldsOf(stored));
  }, [storedJson]);

  const commit = (rows: Field[]) => {
    setValue(
      meta,
      'custom_fields',
      Object.fromEntries(rows.filter((f) => f.key.trim()).map((f) => [f.key.trim(), typed(f.value, stored[f.key])])),
    );
  };
  const setField = (i: number, patch: Partial<Field>) =>
    setFields(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <details
      open={fields.length > 0}
      onFocusin={() => (editing.current = true)}
      onFocusout={() => {
        editing.current = false;
        commit(fields);
      }}
    >
      <summary>Custom fields</summary>
      {fields.map((f, i) => (
        <div class="custom-field">
          <label>
            Name
            <input value={f.key} pattern="[a-z][a-z0-9_]{0,63}" onInput={(e: Event) => setField(i, { key: val(e) })} />
          </label>
          <label>
            Value
            <input value={f.value} onInput={(e: Event) => setField(i, { value: val(e) })} />
          </label>
          <button
            type="button"
            class="link danger"
            onClick={() => {
              const rows = fields.filter((_, j) => j !== i);
              setFields(rows);
              commit(rows);
            }}
          >
            Remove<span class="visually-hidden"> field {f.key}</span>
          </button>
        </div>
      ))}
      <button type="button" class="link" onClick={() => setFields([...fields, { key: '', value: '' }])}>
        Add a field
      </button>
    </details>
  );
}

const val = (event: Event) => (event.target as HTMLInputElement).value;
const checked = (event: Event) => (event.target as HTMLInputElement).checked;
