// Your own account, for every role: change the password (every other session ends) and sign out everywhere.
import { useState } from 'hono/jsx/dom';
import { api, type Me, messageOf } from '../api';
import { PASSWORD_MAX_LENGTH } from '../../../workers/identity/password-rules';
import { NewPassword } from '../new-password';

const sessionsWord = (n: number) => `${n} ${n === 1 ? 'session' : 'sessions'}`;

export function AccountScreen({ me, onSignedOut }: { me: Me; onSignedOut: () => void }) {
  const [message, setMessage] = useState('');

  const changePassword = async (event: Event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    try {
      const body = { current_password: data.get('current'), new_password: data.get('new') };
      const r = await api<{ other_sessions_ended: number }>('POST', '/users/me/password', body);
      form.reset();
      setMessage(`Password changed. Signed out of ${sessionsWord(r.other_sessions_ended)} elsewhere.`);
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  const signOutEverywhere = async () => {
    if (!confirm('Sign out on every device, this one included?')) return;
    try {
      await api('POST', '/session/sign-out-everywhere');
      onSignedOut();
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  return (
    <div class="settings-screen">
      <h1>Your account</h1>
      <p>
        {me.name} · {me.email} · {me.role}
      </p>
      {message && (
        <p class="note" role="status">
          {message}
        </p>
      )}
      <section aria-labelledby="password-title">
        <h2 id="password-title">Password</h2>
        <form class="new-key" onSubmit={changePassword}>
          <label>
            Current password
            <input
              name="current"
              type="password"
              autocomplete="current-password"
              required
              maxLength={PASSWORD_MAX_LENGTH}
            />
          </label>
          <NewPassword name="new" label="New password" />
          <button type="submit">Change password</button>
        </form>
      </section>
      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">Sessions</h2>
        <p>Lost a device, or signed in somewhere you should not stay? End every session of yours on this site.</p>
        <button type="button" onClick={signOutEverywhere}>
          Sign out everywhere
        </button>
      </section>
    </div>
  );
}
