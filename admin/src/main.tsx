// The editor app's shell: the top bar (with the notification bell) and a hash router over the screens. Hash routes keep every screen a static asset, so the
// Worker serves the app without knowing its routes.
import { render, useEffect, useState } from 'hono/jsx/dom';
import { allows } from '../../workers/identity/policy';
import { api, type Me, session, whenSignedOut } from './api';
import { AnalyticsScreen } from './views/analytics';
import { EditorScreen } from './views/editor';
import { MediaBrowser } from './views/media-library';
import { NotificationBell } from './views/notifications';
import { PostsScreen } from './views/posts';
import { SettingsScreen } from './views/settings';
import { SignInScreen } from './views/sign-in';

function useHashRoute(): string {
  const [route, setRoute] = useState(location.hash.slice(1) || '/posts');
  useEffect(() => {
    const update = () => setRoute(location.hash.slice(1) || '/posts');
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

function App() {
  const route = useHashRoute();
  const [me, setMe] = useState<Me | null | undefined>(session.token ? undefined : null);

  useEffect(() => {
    whenSignedOut(() => setMe(null));
    if (session.token && me === undefined) {
      api<{ user: Me }>('GET', '/users/me')
        .then((r) => setMe(r.user))
        .catch(() => setMe(null));
    }
  }, [me]);

  if (me === undefined) return <p class="loading">Loading…</p>;
  if (me === null) return <SignInScreen onSignedIn={setMe} />;

  const signOut = async () => {
    await api('POST', '/session/sign-out').catch(() => undefined);
    session.end();
    setMe(null);
  };
  const mayManage = allows(me, 'user:change_role');
  const mayReport = allows(me, 'report:read');
  const editing = /^\/(posts|pages)\/([^/]+)$/.exec(route);
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" href="#/posts">
          Lede
        </a>
        <nav aria-label="Sections">
          <a href="#/posts" aria-current={route === '/posts' ? 'page' : undefined}>
            Posts
          </a>
          <a href="#/pages" aria-current={route === '/pages' ? 'page' : undefined}>
            Pages
          </a>
          <a href="#/media" aria-current={route === '/media' ? 'page' : undefined}>
            Media
          </a>
          {mayReport && (
            <a href="#/analytics" aria-current={route === '/analytics' ? 'page' : undefined}>
              Analytics
            </a>
          )}
          {mayManage && (
            <a href="#/settings" aria-current={route === '/settings' ? 'page' : undefined}>
              Settings
            </a>
          )}
          <a href="/" target="_blank" rel="noopener">
            View site
          </a>
        </nav>
        <NotificationBell />
        <span class="who">
          {me.name} <span class="role">{me.role}</span>
        </span>
        <button type="button" class="link" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="main">
        {editing ? (
          <EditorScreen me={me} type={editing[1] as 'posts' | 'pages'} id={editing[2]!} />
        ) : route === '/media' ? (
          <section aria-labelledby="media-title">
            <h1 id="media-title">Media</h1>
            <MediaBrowser />
          </section>
        ) : route === '/analytics' && mayReport ? (
          <AnalyticsScreen />
        ) : route === '/settings' && mayManage ? (
          <SettingsScreen me={me} />
        ) : (
          <PostsScreen me={me} type={route === '/pages' ? 'pages' : 'posts'} />
        )}
      </main>
    </div>
  );
}

render(<App />, document.getElementById('app')!);
