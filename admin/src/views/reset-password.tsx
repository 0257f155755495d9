// Password reset: the request form behind the sign-in screen's "Forgot your password?" link, and the page the emailed
// link opens (/admin/reset-password#token=…, workers/identity/messages.ts) to choose a new password.
import { useState } from 'hono/jsx/dom';
import { api } from '../api';
import { FormError, FormProblem, useFormSubmit } from '../form-submit';
import { NewPassword } from '../new-password';
import { linkToken } from './accept-invite';

/** Asks for a reset link. The server answers the same whether or not the email has an account, and so does this. */
export function ForgotPasswordScreen() {
  const [message, setMessage] = useState('');
  const { submit, busy, error } = useFormSubmit(async (form) =>
    setMessage((await api<{ message: string }>('POST', '/password-reset', { email: form.get('email') })).message),
  );

  return (
    <main class="sign-in" id="main">
      <form onSubmit={submit} aria-labelledby="forgot-title">
        <h1 id="forgot-title">Reset your password</h1>
        {message ? (
          <p class="note" role="status">
            {message}
          </p>
        ) : (
          <>
            <p>We will email you a link to choose a new password. It works once, for an hour.</p>
            <label>
              Email
              <input name="email" type="email" autocomplete="username" required maxLength={254} />
            </label>
            <FormError error={error} />
            <button type="submit" disabled={busy}>
              Email me a link
            </button>
          </>
        )}
        <a href="#/posts">Back to sign in</a>
      </form>
    </main>
  );
}

/** Sets the new password with the link's token; every session of the account ends, so the next step is signing in. */
export function ResetPasswordPage({ onDone }: { onDone: () => void }) {
  const { submit, busy, error } = useFormSubmit(async (form) => {
    const password = String(form.get('password') ?? '');
    if (password !== form.get('repeat')) throw new FormProblem('The two passwords differ.');
    await api('POST', '/password-reset/confirm', { token: linkToken(), password });
    onDone();
  });

  return (
    <main class="sign-in" id="main">
      <form onSubmit={submit} aria-labelledby="reset-title">
        <h1 id="reset-title">Choose a new password</h1>
        <NewPassword name="password" label="New password" hint="Every session of your account ends, on every device." />
        <NewPassword name="repeat" label="Repeat the new password" />
        <FormError error={error} />
        <button type="submit" disabled={busy}>
          Set the new password
        </button>
        <a href="/admin/#/forgot-password">Ask for a new link</a>
      </form>
    </main>
  );
}
