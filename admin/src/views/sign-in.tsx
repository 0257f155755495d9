// Sign in with email and password, then a one-time code when the account uses two-factor sign-in. Both steps ask for
// the cookie session (./session.ts): the refresh token never reaches script.
import { useState } from 'hono/jsx/dom';
import { api, COOKIE_SESSION, type Me, session, type Tokens } from '../api';
import { FormError, useFormSubmit } from '../form-submit';

export type SignInAnswer = Tokens | { mfa_required: true; mfa_token: string };

interface Props {
  onSignedIn: (me: Me) => void;
  /** A challenge from a step before this screen (accepting an invitation into an account that uses MFA). */
  mfaToken?: string;
  /** Shown above the form, e.g. after a password reset. */
  note?: string;
}

export function SignInScreen({ onSignedIn, mfaToken: challenge, note }: Props) {
  const [mfaToken, setMfaToken] = useState<string | null>(challenge ?? null);

  const finish = (tokens: Tokens) => {
    session.start(tokens);
    onSignedIn(tokens.user);
  };

  const { submit, busy, error } = useFormSubmit(async (form) => {
    if (mfaToken) {
      const body = { mfa_token: mfaToken, code: form.get('code') };
      finish(await api<Tokens>('POST', '/session/mfa', body, COOKIE_SESSION));
    } else {
      const body = { email: form.get('email'), password: form.get('password') };
      const answer = await api<SignInAnswer>('POST', '/session', body, COOKIE_SESSION);
      if ('mfa_required' in answer) setMfaToken(answer.mfa_token);
      else finish(answer);
    }
  });

  return (
    <main class="sign-in" id="main">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Lede</h1>
        {note && (
          <p class="note" role="status">
            {note}
          </p>
        )}
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
        <FormError error={error} />
        <button type="submit" disabled={busy}>
          {mfaToken ? 'Verify' : 'Sign in'}
        </button>
        {!mfaToken && <a href="#/forgot-password">Forgot your password?</a>}
      </form>
    </main>
  );
}
