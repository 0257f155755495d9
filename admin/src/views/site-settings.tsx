// The site's public face: title, description, logo, accent colour and navigation. Owners and admins edit them
// (PATCH /site); anyone else sees them read-only. A refused field shows the API's message beside it.
import { useEffect, useState } from 'hono/jsx/dom';
import { api, ApiError, messageOf } from '../api';

interface Link {
  label: string;
  url: string;
}

interface Site {
  title: string;
  description: string;
  url: string;
  logo: string | null;
  accent_color: string;
  navigation: Link[];
}

/** What the form edits; each navigation row keeps an id so moving a row moves its inputs with it. */
interface Draft {
  title: string;
  description: string;
  logo: string;
  accent_color: string;
  navigation: (Link & { id: number })[];
}

let nextRowId = 0;
const draftOf = (site: Site): Draft => ({
  title: site.title,
  description: site.description,
  logo: site.logo ?? '',
  // The colour input only takes lowercase #rrggbb.
  accent_color: /^#[0-9a-f]{6}$/i.test(site.accent_color) ? site.accent_color.toLowerCase() : '#ff1a75',
  navigation: site.navigation.map((link) => ({ ...link, id: nextRowId++ })),
});

/** The body of a PATCH: only what differs from the saved settings, so the audit log names real changes. */
function changesOf(draft: Draft, site: Site): Record<string, unknown> {
  const wanted = {
    title: draft.title.trim(),
    description: draft.description.trim(),
    logo: draft.logo.trim() || null,
    accent_color: draft.accent_color,
    navigation: draft.navigation.map(({ label, url }) => ({ label: label.trim(), url: url.trim() })),
  };
  const saved: Record<string, unknown> = { ...site, accent_color: site.accent_color.toLowerCase() };
  return Object.fromEntries(
    Object.entries(wanted).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(saved[key])),
  );
}

const val = (e: Event) => (e.target as HTMLInputElement).value;

export function SiteSettings({ editable }: { editable: boolean }) {
  const [site, setSite] = useState<Site | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');

  useEffect(() => {
    api<{ site: Site }>('GET', '/site')
      .then((r) => {
        setSite(r.site);
        setDraft(draftOf(r.site));
      })
      .catch((e) => setMessage(messageOf(e)));
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    if (!site || !draft) return;
    const changes = changesOf(draft, site);
    setErrors({});
    if (Object.keys(changes).length === 0) return setMessage('Nothing has changed.');
    setMessage('Saving…');
    try {
      const r = await api<{ settings: Omit<Site, 'url'> }>('PATCH', '/site', changes);
      const saved = { ...site, ...r.settings };
      setSite(saved);
      setDraft(draftOf(saved));
      setMessage('Site settings saved. Readers see them now.');
    } catch (e) {
      // A VALIDATION_FAILED problem names each field as `json.navigation.0.url`; those go beside their inputs.
      const issues = e instanceof ApiError ? (e.problem.issues ?? []) : [];
      const byField: Record<string, string> = {};
      for (const issue of issues) {
        const field = issue.path?.replace(/^json\.?/, '');
        if (field) byField[field] ??= issue.message ?? 'Not valid';
      }
      setErrors(byField);
      setMessage(Object.keys(byField).length > 0 ? 'Not saved: correct the marked fields.' : messageOf(e));
    }
  };

  const status = message && (
    <p class="note" role="status">
      {message}
    </p>
  );
  if (!site || !draft || !editable) {
    return (
      <section aria-labelledby="site-title">
        <h2 id="site-title">Site</h2>
        {status}
        {site && <ReadOnlySite site={site} />}
      </section>
    );
  }

  const setRow = (i: number, patch: Partial<Link>) =>
    setDraft({ ...draft, navigation: draft.navigation.map((row, j) => (j === i ? { ...row, ...patch } : row)) });
  const move = (i: number, by: number) => {
    const rows = [...draft.navigation];
    const [row] = rows.splice(i, 1);
    rows.splice(i + by, 0, row!);
    setDraft({ ...draft, navigation: rows });
  };
  // Error props for an input: marks it invalid and points at its message.
  const invalid = (field: string) =>
    errors[field] ? { 'aria-invalid': 'true', 'aria-describedby': `site-error-${field.replace(/\./g, '-')}` } : {};
  const errorOf = (field: string) =>
    errors[field] && (
      <span class="error" id={`site-error-${field.replace(/\./g, '-')}`}>
        {errors[field]}
      </span>
    );

  return (
    <section aria-labelledby="site-title">
      <h2 id="site-title">Site</h2>
      <p>
        Address: <a href={site.url}>{site.url}</a>
      </p>
      <form class="site-form" onSubmit={save} noValidate>
        <label>
          Site title
          <input
            value={draft.title}
            maxLength={150}
            onInput={(e: Event) => setDraft({ ...draft, title: val(e) })}
            {...invalid('title')}
          />
          {errorOf('title')}
        </label>
        <label>
          Description
          <textarea
            rows={2}
            maxLength={500}
            value={draft.description}
            onInput={(e: Event) => setDraft({ ...draft, description: val(e) })}
            {...invalid('description')}
          />
          {errorOf('description')}
        </label>
        <label>
          Logo URL
          <input
            value={draft.logo}
            placeholder="https://… or /media/…"
            onInput={(e: Event) => setDraft({ ...draft, logo: val(e) })}
            {...invalid('logo')}
          />
          {errorOf('logo')}
        </label>
        {site.logo && <img src={site.logo} alt="The site's current logo" class="logo" />}
        <label class="colour">
          Accent colour
          <input
            type="color"
            value={draft.accent_color}
            onInput={(e: Event) => setDraft({ ...draft, accent_color: val(e) })}
            {...invalid('accent_color')}
          />
          {errorOf('accent_color')}
        </label>
        <fieldset class="nav-rows">
          <legend>Navigation</legend>
          {errorOf('navigation')}
          {draft.navigation.map((row, i) => (
            <div class="nav-row" key={row.id}>
              <label>
                <span>
                  Label<span class="visually-hidden"> of link {i + 1}</span>
                </span>
                <input
                  value={row.label}
                  maxLength={60}
                  onInput={(e: Event) => setRow(i, { label: val(e) })}
                  {...invalid(`navigation.${i}.label`)}
                />
                {errorOf(`navigation.${i}.label`)}
              </label>
              <label>
                <span>
                  URL<span class="visually-hidden"> of link {i + 1}</span>
                </span>
                <input
                  value={row.url}
                  placeholder="/about or https://…"
                  onInput={(e: Event) => setRow(i, { url: val(e) })}
                  {...invalid(`navigation.${i}.url`)}
                />
                {errorOf(`navigation.${i}.url`)}
              </label>
              <div class="nav-row-tools">
                <button type="button" class="link" disabled={i === 0} onClick={() => move(i, -1)}>
                  Up<span class="visually-hidden"> (move link {i + 1})</span>
                </button>
                <button
                  type="button"
                  class="link"
                  disabled={i === draft.navigation.length - 1}
                  onClick={() => move(i, 1)}
                >
                  Down<span class="visually-hidden"> (move link {i + 1})</span>
                </button>
                <button
                  type="button"
                  class="link danger"
                  onClick={() => setDraft({ ...draft, navigation: draft.navigation.filter((_, j) => j !== i) })}
                >
                  Remove<span class="visually-hidden"> link {i + 1}</span>
                </button>
              </div>
            </div>
          ))}
          <button
            type="button"
            class="link"
            onClick={() =>
              setDraft({ ...draft, navigation: [...draft.navigation, { label: '', url: '', id: nextRowId++ }] })
            }
          >
            Add a link
          </button>
        </fieldset>
        {status}
        <button type="submit">Save site settings</button>
      </form>
    </section>
  );
}

function ReadOnlySite({ site }: { site: Site }) {
  return (
    <dl class="site-facts">
      <dt>Title</dt>
      <dd>{site.title}</dd>
      <dt>Description</dt>
      <dd>{site.description || '—'}</dd>
      <dt>Address</dt>
      <dd>{site.url}</dd>
      <dt>Logo</dt>
      <dd>{site.logo ? <img src={site.logo} alt="The site's logo" class="logo" /> : '—'}</dd>
      <dt>Accent colour</dt>
      <dd>
        <code>{site.accent_color}</code>
      </dd>
      <dt>Navigation</dt>
      <dd>
        <ol class="nav-list">
          {site.navigation.map((item) => (
            <li>
              {item.label} <code>{item.url}</code>
            </li>
          ))}
        </ol>
      </dd>
    </dl>
  );
}
