// The page an invitation's emailed link opens (/admin/accept-invite#token=…, workers/identity/messages.ts): choose a
// name and a password, and the account is made and signed in with the cookie session.
import { useState } from 'hono/jsx/dom';
import { api, COOKIE_SESSION, type Me, session } from '../api';
import { FormError, useFormSubmit } from '../form-submit';
import { NewPassword } from '../new-password';
import { type SignInAnswer, SignInScreen } from './sign-in';

/** The token an emailed link carries in its fragment, which no server and no Referer header ever sees. */
export const linkToken = () => new URLSearchParams(location.hash.slice(1)).get('token') ?? '';

export function AcceptInvitePage({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  // An email that already has an account with MFA joins with that account: its second step comes next.
  const [mfaToken, setMfaToken] = useState<string | null>(null);

  const { submit, busy, error } = useFormSubmit(async (form) => {
    const body = { token: linkToken(), name: String(form.get('name') ?? '').trim(), password: form.get('password') };
    const answer = await api<SignInAnswer>('POST', '/invitations/accept', body, COOKIE_SESSION);
    if ('mfa_required' in answer) return setMfaToken(answer.mfa_token);
    session.start(answer);
    onSignedIn(answer.user);
  });

  if (mfaToken) return <SignInScreen onSignedIn={onSignedIn} mfaToken={mfaToken} />;
  return (
    <main class="sign-in" id="main">
      <form onSubmit={submit} aria-labelledby="accept-title">
        <h1 id="accept-title">Join Lede</h1>
        <p>You were invited to write here. Choose the name readers will see and a password.</p>
        <label>
          Your name
          <input name="name" autocomplete="name" required maxLength={191} />
        </label>
        <NewPassword name="password" label="Password" hint="If this email already has an account, use its password." />
        <FormError error={error} />
        <button type="submit" disabled={busy}>
          Accept the invitation
        </button>
      </form>
    </main>
  );
}
