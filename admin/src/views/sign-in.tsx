// Sign in with email and password, then a one-time code when the account uses two-factor sign-in.
import { useState } from 'hono/jsx/dom';
import { api, type Me, messageOf, session, type Tokens } from '../api';

type SignInAnswer = Tokens | { mfa_required: true; mfa_token: string };

export function SignInScreen({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const [error, setError] = useState('');
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const finish = (tokens: Tokens) => {
    session.token = tokens.access_token;
    session.refreshToken = tokens.refresh_token ?? null;
    onSignedIn(tokens.user);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    setBusy(true);
    setError('');
    try {
      if (mfaToken) {
        finish(await api<Tokens>('POST', '/session/mfa', { mfa_token: mfaToken, code: form.get('code') }));
      } else {
        const answer = await api<SignInAnswer>('POST', '/session', {
          email: form.get('email'),
          password: form.get('password'),
        });
        if ('mfa_required' in answer) setMfaToken(answer.mfa_token);
        else finish(answer);
      }
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in" id="main">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Lede</h1>
        {mfaToken ? (
          <label>
            Code from your authenticator app
            <input name="code" inputMode="numeric" autocomplete="one-time-code" pattern="\d{6}" required />
          </label>
        ) : (
          <>
            <label>
              Email
              <input name="email" type="email" autocomplete="username" required />
            </label>
            <label>
              Password
              <input name="password" type="password" autocomplete="current-password" required />
            </label>
          </>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {mfaToken ? 'Verify' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
