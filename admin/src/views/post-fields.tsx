// The post's settings in the side panel: everything the Admin API's post schema holds besides title, body and
// status. Saved through the API in one PATCH of the fields that changed; peers reload on the room's notice.
import { useEffect, useState } from 'hono/jsx/dom';
import { api, type Media, messageOf, type Post, type StaffMember } from '../api';
import { uploadFile } from '../upload';
import { MediaDialog } from './media-library';

interface Category {
  id: string;
  slug: string;
  name: string;
  parent_id: string | null;
}

/** Nullable text fields: an empty input means "none". */
const TEXT_FIELDS = [
  'custom_excerpt',
  'feature_image',
  'feature_image_alt',
  'feature_image_caption',
  'meta_title',
  'meta_description',
  'canonical_url',
  'og_title',
  'og_description',
  'og_image',
  'twitter_title',
  'twitter_description',
  'twitter_image',
] as const;

const SEO: { name: (typeof TEXT_FIELDS)[number]; label: string; long?: boolean }[] = [
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
const fieldsOf = (post: Post): Field[] =>
  Object.entries(post.custom_fields).map(([key, value]) => ({ key, value: value === null ? '' : String(value) }));

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

/**
 * The caller rebuilds the panel (with a new key) when it loads a post someone else saved, so what the panel last
 * said is kept by the caller: `message` and `onMessage`.
 */
export function PostFields({
  post,
  type,
  onSaved,
  message,
  onMessage: setMessage,
}: {
  post: Post;
  type: 'posts' | 'pages';
  onSaved: (post: Post) => void;
  message: string;
  onMessage: (message: string) => void;
}) {
  const [categories, setCategories] = useState<Category[]>([]);
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [image, setImage] = useState({
    url: post.feature_image ?? '',
    alt: post.feature_image_alt ?? '',
    caption: post.feature_image_caption ?? '',
  });
  const [fields, setFields] = useState<Field[]>(fieldsOf(post));
  const [picking, setPicking] = useState(false);

  useEffect(() => {
    api<{ categories: Category[] }>('GET', '/categories')
      .then((r) => setCategories(r.categories))
      .catch((e) => setMessage(messageOf(e)));
    api<{ users: StaffMember[] }>('GET', '/users')
      .then((r) => setStaff(r.users.filter((u) => u.status === 'active')))
      .catch((e) => setMessage(messageOf(e)));
  }, []);

  const takeImage = (media: Pick<Media, 'url' | 'alt' | 'caption'>) =>
    setImage({ url: media.url, alt: media.alt ?? '', caption: media.caption ?? '' });

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
      setMessage('Uploaded; save the settings to keep it.');
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  const save = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const wanted: Record<string, unknown> = {
      slug: String(form.get('slug') ?? '').trim(),
      featured: form.get('featured') === 'on',
      visibility: form.get('visibility'),
      tags: String(form.get('tags') ?? '')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
      categories: form.getAll('categories').map(String),
      // The primary author stays first.
      authors: form
        .getAll('authors')
        .map(String)
        .sort((a, b) => rank(a) - rank(b)),
      custom_fields: Object.fromEntries(
        fields.filter((f) => f.key.trim()).map((f) => [f.key.trim(), typed(f.value, post.custom_fields[f.key])]),
      ),
    };
    for (const name of TEXT_FIELDS) wanted[name] = String(form.get(name) ?? '').trim() || null;
    const current: Record<string, unknown> = {
      ...post,
      tags: post.tags.map((t) => t.name),
      categories: post.categories.map((c) => c.slug),
      authors: post.authors.map((a) => a.id),
    };
    const changes = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => !same(v, current[k] ?? null)));
    if (Object.keys(changes).length === 0) return setMessage('Nothing has changed.');
    setMessage('Saving…');
    try {
      const r = await api<{ post?: Post; page?: Post }>('PATCH', `/${type}/${post.id}`, changes);
      onSaved((r.post ?? r.page)!);
      setMessage('Settings saved.');
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  const rank = (id: string) => {
    const at = post.authors.findIndex((a) => a.id === id);
    return at === -1 ? Number.MAX_SAFE_INTEGER : at;
  };

  const setField = (i: number, patch: Partial<Field>) =>
    setFields(fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const chosen = new Set([...post.categories.map((c) => c.slug), ...post.authors.map((a) => a.id)]);
  return (
    <>
      <form class="settings" onSubmit={save}>
        <label>
          Slug
          <input name="slug" value={post.slug} required />
        </label>
        <label>
          Excerpt
          <textarea name="custom_excerpt" rows={3} maxLength={300} value={post.custom_excerpt ?? ''} />
        </label>
        <label>
          Tags (comma-separated)
          <input name="tags" value={post.tags.map((t) => t.name).join(', ')} />
        </label>
        <fieldset>
          <legend>Categories</legend>
          {categories.length === 0 && <p class="note">No categories yet.</p>}
          {treeOrder(categories).map(({ category: c, depth }) => (
            <label class="check" style={`padding-left:${depth * 1.25}rem`}>
              <input type="checkbox" name="categories" value={c.slug} checked={chosen.has(c.slug)} />
              {c.name}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Authors</legend>
          {staff.map((u) => (
            <label class="check">
              <input type="checkbox" name="authors" value={u.id} checked={chosen.has(u.id)} />
              {u.name}
            </label>
          ))}
        </fieldset>
        <fieldset class="feature-image">
          <legend>Feature image</legend>
          {image.url && <img src={image.url} alt={image.alt} />}
          <label>
            Image URL
            <input name="feature_image" value={image.url} onInput={(e: Event) => setImage({ ...image, url: val(e) })} />
          </label>
          <div class="row">
            <button type="button" class="link" onClick={() => setPicking(true)}>
              Choose from the library
            </button>
            <label class="upload-button">
              Upload an image
              <input type="file" accept="image/*" onChange={uploadImage} />
            </label>
            {image.url && (
              <button type="button" class="link" onClick={() => setImage({ url: '', alt: '', caption: '' })}>
                Remove
              </button>
            )}
          </div>
          <label>
            Image alt text
            <input
              name="feature_image_alt"
              maxLength={191}
              value={image.alt}
              onInput={(e: Event) => setImage({ ...image, alt: val(e) })}
            />
          </label>
          <label>
            Image caption
            <input
              name="feature_image_caption"
              maxLength={2000}
              value={image.caption}
              onInput={(e: Event) => setImage({ ...image, caption: val(e) })}
            />
          </label>
        </fieldset>
        <label class="check">
          <input type="checkbox" name="featured" checked={post.featured} />
          Featured
        </label>
        <label>
          Visibility
          <select name="visibility" value={post.visibility}>
            <option value="public">Public</option>
            <option value="members">Members</option>
            <option value="paid">Paid members</option>
          </select>
        </label>
        <details>
          <summary>SEO and social</summary>
          {SEO.map((f) => (
            <label>
              {f.label}
              {f.long ? (
                <textarea name={f.name} rows={2} value={post[f.name] ?? ''} />
              ) : (
                <input name={f.name} value={post[f.name] ?? ''} />
              )}
            </label>
          ))}
        </details>
        <details open={fields.length > 0}>
          <summary>Custom fields</summary>
          {fields.map((f, i) => (
            <div class="custom-field">
              <label>
                Name
                <input
                  value={f.key}
                  pattern="[a-z][a-z0-9_]{0,63}"
                  onInput={(e: Event) => setField(i, { key: val(e) })}
                />
              </label>
              <label>
                Value
                <input value={f.value} onInput={(e: Event) => setField(i, { value: val(e) })} />
              </label>
              <button type="button" class="link danger" onClick={() => setFields(fields.filter((_, j) => j !== i))}>
                Remove<span class="visually-hidden"> field {f.key}</span>
              </button>
            </div>
          ))}
          <button type="button" class="link" onClick={() => setFields([...fields, { key: '', value: '' }])}>
            Add a field
          </button>
        </details>
        {message && (
          <p class="note" role="status">
            {message}
          </p>
        )}
        <button type="submit">Save settings</button>
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

const val = (event: Event) => (event.target as HTMLInputElement).value;
