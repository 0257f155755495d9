// The post editor: the Markdown body and title co-edited live through the post's room, who is here, whether the
// work is saved, and the post's settings and workflow in a side panel.
import { defaultKeymap, historyKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { useEffect, useRef, useState } from 'hono/jsx/dom';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import * as Y from 'yjs';
import type { PostStatus } from '../../../d1/schema';
import { authorizeEdit, authorizeMove } from '../../../workers/content/workflow';
import { api, type Me, messageOf, type PostSummary } from '../api';
import { colourOf, joinRoom, type Room, type SyncState } from '../collab';
import { markdownFor, uploadFile } from '../upload';
import { HistoryPanel } from './history';

const STATE_LABEL: Record<SyncState, string> = {
  connecting: 'Connecting…',
  saving: 'Saving…',
  saved: 'Saved',
  offline: 'Offline: your edits are kept on this device',
  'read-only': 'Read only',
  closed: 'Closed',
};

interface Peer {
  clientId: number;
  name: string;
  colour: string;
}

const asActor = (me: Me) => ({ userId: me.id, siteId: '', role: me.role, name: me.name, email: me.email });
const isOwn = (me: Me, post: PostSummary) => post.authors.some((a) => a.id === me.id);

/** Whether this user may change the post at all (the server decides; this only hides what would be refused). */
function mayEdit(me: Me, post: PostSummary): boolean {
  try {
    authorizeEdit(asActor(me), post.status, isOwn(me, post));
    return true;
  } catch {
    return false;
  }
}

let uploadCount = 0;

interface Upload {
  key: number;
  name: string;
  progress: number;
  error?: string;
}

/** Whether the workflow lets this user move the post from one status to another. */
function mayMove(me: Me, post: PostSummary, to: PostStatus): boolean {
  try {
    authorizeMove(asActor(me), post.status, to, isOwn(me, post));
    return true;
  } catch {
    return false;
  }
}

const MOVES: { to: PostStatus; label: string; from: PostStatus[] }[] = [
  { to: 'review', label: 'Submit for review', from: ['draft'] },
  { to: 'draft', label: 'Send back to draft', from: ['review'] },
  { to: 'published', label: 'Publish', from: ['draft', 'review', 'scheduled', 'archived'] },
  { to: 'draft', label: 'Unpublish', from: ['published', 'scheduled'] },
  { to: 'archived', label: 'Archive', from: ['published'] },
];

export function EditorScreen({ me, type, id }: { me: Me; type: 'posts' | 'pages'; id: string }) {
  const [post, setPost] = useState<PostSummary | null>(null);
  const [error, setError] = useState('');
  const [sync, setSync] = useState<SyncState>('connecting');
  const [peers, setPeers] = useState<Peer[]>([]);
  const [title, setTitle] = useState('');
  const [ready, setReady] = useState(false);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [previewing, setPreviewing] = useState(false);
  const [previewHtml, setPreviewHtml] = useState('');
  const view = useRef<EditorView | null>(null);
  const editorHost = useRef<HTMLDivElement>(null);
  const room = useRef<Room | null>(null);

  const load = () =>
    api<{ post?: PostSummary; page?: PostSummary }>('GET', `/${type}/${id}`)
      .then((r) => setPost((r.post ?? r.page)!))
      .catch((e) => setError(messageOf(e)));

  useEffect(() => {
    void load();
  }, [type, id]);

  useEffect(() => {
    if (!post || room.current || !editorHost.current) return;
    const joined = joinRoom(type, id, me, (state, detail) => {
      setSync(state);
      if (detail) setError(detail);
    });
    room.current = joined;
    const { doc, provider } = joined;
    const text = doc.getText('markdown');
    const meta = doc.getMap<unknown>('meta');
    const colour = colourOf(me.id);
    provider.awareness.setLocalStateField('user', { name: me.name, color: colour, colorLight: `${colour}33` });

    const showPeers = () => {
      const list: Peer[] = [];
      provider.awareness.getStates().forEach((state, clientId) => {
        const user = (state as { user?: { name?: string; color?: string } }).user;
        if (user?.name) list.push({ clientId, name: user.name, colour: user.color ?? '#888' });
      });
      setPeers(list);
    };
    provider.awareness.on('change', showPeers);
    showPeers();
    const showTitle = () => setTitle(String(meta.get('title') ?? ''));
    meta.observe(showTitle);
    showTitle();

    const undoManager = new Y.UndoManager(text);
    const editable = new Compartment();
    const editorView = new EditorView({
      parent: editorHost.current,
      state: EditorState.create({
        doc: text.toString(),
        extensions: [
          keymap.of([...yUndoManagerKeymap, ...defaultKeymap, ...historyKeymap]),
          markdown(),
          editable.of(EditorView.editable.of(false)),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ 'aria-label': 'Post body (Markdown)', 'aria-multiline': 'true' }),
          yCollab(text, provider.awareness, { undoManager }),
          EditorView.domEventHandlers({
            drop: (event, editorView) => {
              const files = [...(event.dataTransfer?.files ?? [])];
              if (files.length === 0) return false;
              event.preventDefault();
              const at = editorView.posAtCoords({ x: event.clientX, y: event.clientY });
              void insertUploads(files, at ?? undefined);
              return true;
            },
            paste: (event) => {
              const files = [...(event.clipboardData?.files ?? [])];
              if (files.length === 0) return false;
              event.preventDefault();
              void insertUploads(files);
              return true;
            },
          }),
        ],
      }),
    });
    view.current = editorView;
    void joined.ready.then(() => {
      editorView.dispatch({ effects: editable.reconfigure(EditorView.editable.of(true)) });
      setReady(true);
    });
    return () => {
      editorView.destroy();
      view.current = null;
      joined.destroy();
      room.current = null;
    };
  }, [post === null]);

  /** Uploads files one by one, showing progress, and inserts each at `at` (or the cursor) once it is stored. */
  const insertUploads = async (files: File[], at?: number) => {
    for (const file of files) {
      const key = ++uploadCount;
      setUploads((list) => [...list, { key, name: file.name, progress: 0 }]);
      const update = (patch: Partial<Upload>) =>
        setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));
      try {
        const media = await uploadFile(file, (progress) => update({ progress }));
        update({ progress: 1 });
        const editorView = view.current;
        if (!editorView) continue;
        const pos = at ?? editorView.state.selection.main.head;
        const insert = `${markdownFor(media)}\n`;
        editorView.dispatch({ changes: { from: pos, insert }, selection: { anchor: pos + insert.length } });
        at = undefined;
      } catch (e) {
        update({ error: messageOf(e) });
      }
    }
  };

  const pickFiles = (event: Event) => {
    const input = event.target as HTMLInputElement;
    void insertUploads([...(input.files ?? [])]);
    input.value = '';
  };

  // The preview follows the text, a little behind it, rendered by the server exactly as a save renders it.
  useEffect(() => {
    const doc = room.current?.doc;
    if (!previewing || !doc) return;
    const text = doc.getText('markdown');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const render = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        api<{ html: string }>('POST', `/${type}/${id}/preview`, { markdown: text.toString() })
          .then((r) => setPreviewHtml(r.html))
          .catch((e) => setError(messageOf(e)));
      }, 300);
    };
    text.observe(render);
    render();
    return () => {
      clearTimeout(timer);
      text.unobserve(render);
    };
  }, [previewing, ready]);

  const changeTitle = (event: Event) => {
    const value = (event.target as HTMLInputElement).value;
    room.current?.doc.getMap('meta').set('title', value);
  };

  const move = async (to: PostStatus, extra: Record<string, unknown> = {}) => {
    try {
      const r = await api<{ post?: PostSummary; page?: PostSummary }>('PATCH', `/${type}/${id}`, {
        status: to,
        ...extra,
      });
      setPost((r.post ?? r.page)!);
      setError('');
    } catch (e) {
      setError(messageOf(e));
    }
  };

  const schedule = (event: Event) => {
    event.preventDefault();
    const at = new FormData(event.target as HTMLFormElement).get('scheduled_at');
    // datetime-local is the editor's own time zone; the API takes an instant.
    if (typeof at === 'string' && at) void move('scheduled', { scheduled_at: new Date(at).toISOString() });
  };

  const saveSettings = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const tags = String(form.get('tags') ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    try {
      const r = await api<{ post?: PostSummary; page?: PostSummary }>('PATCH', `/${type}/${id}`, {
        slug: String(form.get('slug') ?? '') || undefined,
        custom_excerpt: String(form.get('custom_excerpt') ?? '') || null,
        tags,
      });
      setPost((r.post ?? r.page)!);
      setError('');
    } catch (e) {
      setError(messageOf(e));
    }
  };

  if (!post)
    return error ? (
      <p class="error" role="alert">
        {error}
      </p>
    ) : (
      <p class="loading">Loading…</p>
    );
  const moves = MOVES.filter((m) => m.from.includes(post.status) && mayMove(me, post, m.to));
  return (
    <div class="editor-layout">
      <section class="editor-main" aria-label="Editor">
        <div class="editor-bar">
          <a href={`#/${type}`}>← All {type}</a>
          <span class={`sync sync-${sync}`} role="status" aria-live="polite" data-state={sync}>
            {STATE_LABEL[sync]}
          </span>
          <ul class="presence" aria-label="Who is here">
            {peers.map((p) => (
              <li style={`--peer:${p.colour}`} title={p.name}>
                {p.name}
              </li>
            ))}
          </ul>
        </div>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <label class="visually-hidden" for="post-title">
          Title
        </label>
        <input
          id="post-title"
          class="title-input"
          placeholder="Title"
          value={title}
          disabled={!ready}
          onInput={changeTitle}
        />
        <div class="editor-tools">
          <label class="upload-button">
            Upload files
            <input type="file" multiple onChange={pickFiles} disabled={!ready} />
          </label>
          <button type="button" class="link" aria-pressed={previewing} onClick={() => setPreviewing(!previewing)}>
            {previewing ? 'Hide preview' : 'Show preview'}
          </button>
        </div>
        {uploads.length > 0 && (
          <ul class="uploads" aria-label="Uploads">
            {uploads.map((u) => (
              <li>
                {u.name}{' '}
                {u.error ? (
                  <span class="error">{u.error}</span>
                ) : (
                  <progress max={1} value={u.progress} aria-label={`Uploading ${u.name}`} />
                )}
              </li>
            ))}
          </ul>
        )}
        <div class={previewing ? 'write-and-preview' : ''}>
          <div class="body-editor" ref={editorHost} />
          {previewing && (
            // The HTML comes from the server's renderer, the same sanitizer every published post passes.
            <article class="preview" aria-label="Preview" dangerouslySetInnerHTML={{ __html: previewHtml }} />
          )}
        </div>
      </section>
      <aside class="side-panel" aria-label="Post settings">
        <h2>Status</h2>
        <p>
          <span class={`status status-${post.status}`}>{post.status}</span>
          {post.status === 'scheduled' && post.scheduled_at && <> for {new Date(post.scheduled_at).toLocaleString()}</>}
        </p>
        <div class="workflow">
          {moves.map((m) => (
            <button type="button" data-action={m.label} onClick={() => move(m.to)}>
              {m.label}
            </button>
          ))}
        </div>
        {mayMove(me, post, 'scheduled') && post.status !== 'published' && (
          <form class="schedule" onSubmit={schedule}>
            <label>
              Publish at ({Intl.DateTimeFormat().resolvedOptions().timeZone})
              <input type="datetime-local" name="scheduled_at" required />
            </label>
            <button type="submit">Schedule</button>
          </form>
        )}
        {post.status === 'published' && post.url && (
          <p>
            <a href={post.url} target="_blank" rel="noopener">
              View on the site
            </a>
          </p>
        )}
        <h2>Settings</h2>
        <form class="settings" onSubmit={saveSettings}>
          <label>
            Slug
            <input name="slug" value={post.slug} />
          </label>
          <label>
            Excerpt
            <textarea name="custom_excerpt" rows={3} value={post.custom_excerpt ?? ''} />
          </label>
          <label>
            Tags (comma-separated)
            <input name="tags" value={post.tags.map((t) => t.name).join(', ')} />
          </label>
          <button type="submit">Save settings</button>
        </form>
        <HistoryPanel type={type} id={id} canEdit={mayEdit(me, post)} />
      </aside>
    </div>
  );
}
