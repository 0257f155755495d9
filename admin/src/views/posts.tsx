// The site's posts (or pages): search, filter by status, tag and author, sort, and create, duplicate or delete.
import { useEffect, useState } from 'hono/jsx/dom';
import { allows } from '../../../workers/identity/policy';
import { api, type Me, messageOf, type PostSummary } from '../api';

const STATUSES = ['draft', 'review', 'scheduled', 'published', 'archived'] as const;
const ORDERS = {
  'updated_at desc': 'Recently updated',
  'published_at desc': 'Recently published',
  'title asc': 'Title A–Z',
} as const;

interface Filters {
  q: string;
  status: string;
  tag: string;
  author: string;
  order: keyof typeof ORDERS;
}

const isOwn = (me: Me, post: PostSummary) => post.authors.some((a) => a.id === me.id);

export function PostsScreen({ me, type }: { me: Me; type: 'posts' | 'pages' }) {
  const [filters, setFilters] = useState<Filters>({ q: '', status: '', tag: '', author: '', order: 'updated_at desc' });
  const [posts, setPosts] = useState<PostSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    const query = new URLSearchParams({ limit: '50', order: filters.order });
    for (const key of ['q', 'status', 'tag', 'author'] as const) if (filters[key]) query.set(key, filters[key]);
    let current = true;
    api<{ posts?: PostSummary[]; pages?: PostSummary[]; meta: { pagination: { total: number } } }>(
      'GET',
      `/${type}?${query}`,
    )
      .then((r) => {
        if (!current) return;
        setPosts(r.posts ?? r.pages ?? []);
        setTotal(r.meta.pagination.total);
        setError('');
      })
      .catch((e) => current && setError(messageOf(e)));
    return () => {
      current = false;
    };
  }, [type, filters, reload]);

  const set = (key: keyof Filters) => (event: Event) =>
    setFilters({ ...filters, [key]: (event.target as HTMLInputElement).value });

  const create = async () => {
    try {
      const r = await api<{ post?: PostSummary; page?: PostSummary }>('POST', `/${type}`, { title: 'Untitled' });
      location.hash = `#/${type}/${(r.post ?? r.page)!.id}`;
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const duplicate = async (post: PostSummary) => {
    try {
      const full = await api<{ post?: PostSummary; page?: PostSummary }>('GET', `/${type}/${post.id}`);
      const source = (full.post ?? full.page)!;
      await api('POST', `/${type}`, {
        title: `${source.title} (copy)`,
        markdown: source.markdown ?? '',
        tags: source.tags.map((t) => t.name),
        custom_excerpt: source.custom_excerpt ?? undefined,
      });
      setReload(reload + 1);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const remove = async (post: PostSummary) => {
    if (!confirm(`Delete “${post.title}”? This cannot be undone.`)) return;
    try {
      await api('DELETE', `/${type}/${post.id}`);
      setReload(reload + 1);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const noun = type === 'posts' ? 'post' : 'page';
  return (
    <section aria-labelledby="list-title">
      <div class="list-head">
        <h1 id="list-title">{type === 'posts' ? 'Posts' : 'Pages'}</h1>
        {allows(me, 'post:create') && (
          <button type="button" onClick={create}>
            New {noun}
          </button>
        )}
      </div>
      <form class="filters" role="search" onSubmit={(e: Event) => e.preventDefault()}>
        <label>
          Search
          <input type="search" name="q" value={filters.q} onInput={set('q')} />
        </label>
        <label>
          Status
          <select name="status" value={filters.status} onChange={set('status')}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <input name="tag" placeholder="tag slug" value={filters.tag} onChange={set('tag')} />
        </label>
        <label>
          Author
          <input name="author" placeholder="author slug" value={filters.author} onChange={set('author')} />
        </label>
        <label>
          Sort
          <select name="order" value={filters.order} onChange={set('order')}>
            {Object.entries(ORDERS).map(([value, label]) => (
              <option value={value}>{label}</option>
            ))}
          </select>
        </label>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {posts === null ? (
        <p class="loading">Loading…</p>
      ) : posts.length === 0 ? (
        <p>No {noun}s match.</p>
      ) : (
        <>
          <p class="count">
            {total} {noun}
            {total === 1 ? '' : 's'}
          </p>
          <ul class="post-list">
            {posts.map((post) => (
              <li>
                <a href={`#/${type}/${post.id}`} class="title">
                  {post.title || '(Untitled)'}
                </a>
                <span class={`status status-${post.status}`}>{post.status}</span>
                <span class="meta">
                  {post.authors.map((a) => a.name).join(', ')} · updated{' '}
                  <time dateTime={post.updated_at}>{new Date(post.updated_at).toLocaleString()}</time>
                </span>
                <span class="actions">
                  {allows(me, 'post:create') && (
                    <button type="button" class="link" onClick={() => duplicate(post)}>
                      Duplicate<span class="visually-hidden"> {post.title}</span>
                    </button>
                  )}
                  {allows(me, 'post:delete', isOwn(me, post)) && (
                    <button type="button" class="link danger" onClick={() => remove(post)}>
                      Delete<span class="visually-hidden"> {post.title}</span>
                    </button>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
