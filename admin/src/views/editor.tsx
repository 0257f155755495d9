// The post editor: the Markdown body, title and settings co-edited live through the post's room, who is here,
// whether the work is saved, and the post's settings and workflow in a side panel.
import { defaultKeymap, historyKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { useEffect, useRef, useState } from 'hono/jsx/dom';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { PostStatus } from '../../../d1/schema';
import { authorizeEdit, authorizeMove } from '../../../workers/content/workflow';
import { api, type Me, messageOf, type Post, type PostSummary } from '../api';
import { colourOf, joinRoom, type Room, type SyncState } from '../collab';
import { markdownFor, uploadFile } from '../upload';
import { HistoryPanel } from './history';
import { MediaDialog } from './media-library';
import { type FieldProblem, PostFields } from './post-fields';

/** The room's report of panel fields its last flush could not save (docs/COLLABORATION.md, message 101). */
const MESSAGE_FIELD_PROBLEMS = 101;

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
  const [post, setPost] = useState<Post | null>(null);
  const [library, setLibrary] = useState(false);
  const [meta, setMeta] = useState<Y.Map<unknown> | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
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

  const version = useRef(0);
  const reloading = useRef(false);
  const load = () =>
    api<{ post?: Post; page?: Post }>('GET', `/${type}/${id}`)
      .then((r) => show((r.post ?? r.page)!))
      .catch((e) => setError(messageOf(e)));

  /**
   * Shows a post, and when it is newer than what this editor had, says so to the room: status, times and version
   * are not in the shared document (title, body and settings are), so peers learn of a save from this awareness
   * field and reload the post.
   */
  const show = (next: Post) => {
    setPost(next);
    if (next.version > version.current) {
      version.current = next.version;
      room.current?.provider.awareness.setLocalStateField('saved', next.version);
    }
  };

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
    setMeta(meta);
    provider.messageHandlers[MESSAGE_FIELD_PROBLEMS] = (_encoder, decoder) => {
      try {
        const report = JSON.parse(decoding.readVarString(decoder)) as { problems?: FieldProblem[] };
        setProblems(Array.isArray(report.problems) ? report.problems : []);
      } catch {
        // A report this editor cannot read is not worth breaking the connection for.
      }
    };
    const colour = colourOf(me.id);
    provider.awareness.setLocalStateField('user', { name: me.name, color: colour, colorLight: `${colour}33` });

    provider.awareness.setLocalStateField('saved', version.current);
    const showPeers = () => {
      const list: Peer[] = [];
      let newest = 0;
      provider.awareness.getStates().forEach((state, clientId) => {
        const saved = (state as { saved?: unknown }).saved;
        if (typeof saved === 'number' && saved > newest) newest = saved;
        const user = (state as { user?: { name?: string; color?: string } }).user;
        if (user?.name) list.push({ clientId, name: user.name, colour: user.color ?? '#888' });
      });
      setPeers(list);
      // Cursor moves change awareness too: one reload at a time.
      if (newest > version.current && !reloading.current) {
        reloading.current = true;
        void load().finally(() => (reloading.current = false));
      }
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
      setMeta(null);
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
        insertAtCursor(markdownFor(media), at);
        at = undefined;
      } catch (e) {
        update({ error: messageOf(e) });
      }
    }
  };

  /** Inserts a line of Markdown at `at` (or the cursor) and puts the cursor after it. */
  const insertAtCursor = (line: string, at?: number) => {
    const editorView = view.current;
    if (!editorView) return;
    const pos = at ?? editorView.state.selection.main.head;
    const insert = `${line}\n`;
    editorView.dispatch({ changes: { from: pos, insert }, selection: { anchor: pos + insert.length } });
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
      const r = await api<{ post?: Post; page?: Post }>('PATCH', `/${type}/${id}`, {
        status: to,
        ...extra,
      });
      show((r.post ?? r.page)!);
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
          <button type="button" class="link" onClick={() => setLibrary(true)} disabled={!ready}>
            Insert from the library
          </button>
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
        {library && (
          <MediaDialog
            title="Insert from the media library"
            action={{ label: 'Insert into the post', run: (m) => (insertAtCursor(markdownFor(m)), setLibrary(false)) }}
            onClose={() => setLibrary(false)}
          />
        )}
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
        {meta && (
          <PostFields
            post={post}
            type={type}
            meta={meta}
            disabled={!ready || sync === 'read-only'}
            problems={problems}
            onSaved={show}
          />
        )}
        <HistoryPanel
          type={type}
          id={id}
          version={post.version}
          canEdit={mayEdit(me, post)}
          onRestored={() => void load()}
        />
      </aside>
    </div>
  );
}
