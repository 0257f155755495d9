// The editor app's shell: the top bar (with the notification bell) and a hash router over the screens. Hash routes
// keep every screen a static asset, so the Worker serves the app without knowing its routes. The two pages emailed
// links open have paths of their own, as the links are written (workers/identity/messages.ts): static copies of
// index.html (admin/vite.config.ts).
import { render, useEffect, useState } from 'hono/jsx/dom';
import { allows } from '../../workers/identity/policy';
import { api, type Me, refreshSession, session, whenSignedOut } from './api';
import { mayHaveCookieSession } from './session';
import { AcceptInvitePage } from './views/accept-invite';
import { AccountScreen } from './views/account';
import { AnalyticsScreen } from './views/analytics';
import { EditorScreen } from './views/editor';
import { MediaBrowser } from './views/media-library';
import { NotificationBell } from './views/notifications';
import { PostsScreen } from './views/posts';
import { ForgotPasswordScreen, ResetPasswordPage } from './views/reset-password';
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

const linkPage = () => /^\/admin\/(accept-invite|reset-password)\/?$/.exec(location.pathname)?.[1] ?? null;

/** Leaves an emailed link's page for the app's own address, dropping the link's token from the address bar. */
function leaveLinkPage() {
  history.replaceState(null, '', '/admin/#/posts');
  dispatchEvent(new HashChangeEvent('hashchange'));
}

function App() {
  const route = useHashRoute();
  const [page, setPage] = useState(linkPage());
  // Unknown (undefined) while the refresh cookie is tried: a reload keeps you signed in without a token in storage.
  const [me, setMe] = useState<Me | null | undefined>(page || !mayHaveCookieSession() ? null : undefined);
  const [note, setNote] = useState('');

  useEffect(() => {
    whenSignedOut(() => setMe(null));
    if (me === undefined) void refreshSession().then(setMe);
  }, [me]);

  if (page === 'accept-invite') {
    const joined = (user: Me) => {
      leaveLinkPage();
      setPage(null);
      setMe(user);
    };
    return <AcceptInvitePage onSignedIn={joined} />;
  }
  if (page === 'reset-password') {
    const done = () => {
      leaveLinkPage();
      setPage(null);
      setNote('Your new password is set. Sign in with it.');
    };
    return <ResetPasswordPage onDone={done} />;
  }
  if (me === undefined) return <p class="loading">Loading…</p>;
  if (me === null) {
    if (route === '/forgot-password') return <ForgotPasswordScreen />;
    return <SignInScreen onSignedIn={setMe} note={note} />;
  }

  const signedOut = () => {
    session.end();
    setMe(null);
  };
  const signOut = async () => {
    // The server ends the session and clears its cookies; a failure here still forgets the access token.
    await api('POST', '/session/sign-out').catch(() => undefined);
    signedOut();
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
        <a class="who" href="#/account" aria-current={route === '/account' ? 'page' : undefined}>
          {me.name} <span class="role">{me.role}</span>
        </a>
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
        ) : route === '/account' ? (
          <AccountScreen me={me} onSignedOut={signedOut} />
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
