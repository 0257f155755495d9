// Invitations (owners and admins): invite someone by email with a role, see who is pending, revoke an invitation.
import { useEffect, useState } from 'hono/jsx/dom';
import { api, ApiError, type Me, messageOf } from '../api';

interface Invitation {
  id: string;
  email: string;
  role: Me['role'];
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  expires_at: string;
}

export function Invitations({ roles }: { roles: Me['role'][] }) {
  const [list, setList] = useState<Invitation[] | null>(null);
  const [message, setMessage] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    api<{ invitations: Invitation[] }>('GET', '/invitations')
      .then((r) => setList(r.invitations))
      // A Worker without invitations (404) shows no section rather than an error.
      .catch((e) => (e instanceof ApiError && e.problem.status === 404 ? setList(null) : setMessage(messageOf(e))));
  }, [reload]);

  const invite = async (event: Event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    try {
      await api('POST', '/invitations', { email, role: data.get('role') });
      setMessage(`Invited ${email}.`);
      form.reset();
      setReload(reload + 1);
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  const revoke = async (invitation: Invitation) => {
    try {
      await api('DELETE', `/invitations/${invitation.id}`);
      setMessage(`Revoked the invitation of ${invitation.email}.`);
      setReload(reload + 1);
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  if (list === null && !message) return null;
  return (
    <section aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      {message && (
        <p class="note" role="status">
          {message}
        </p>
      )}
      <ul class="key-list">
        {(list ?? []).map((i) => (
          <li class={i.status === 'pending' ? '' : 'revoked'}>
            <span>
              {i.email} · {i.role} · {i.status}
              {i.status === 'pending' && ` until ${new Date(i.expires_at).toLocaleDateString()}`}
            </span>
            {i.status === 'pending' && (
              <button type="button" class="link danger" onClick={() => revoke(i)}>
                Revoke<span class="visually-hidden"> the invitation of {i.email}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <form class="new-key" onSubmit={invite}>
        <label>
          Email to invite
          <input type="email" name="email" required maxLength={254} />
        </label>
        <label>
          Their role
          <select name="role">
            {roles.map((r) => (
              <option value={r} selected={r === 'author'}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Send invitation</button>
      </form>
    </section>
  );
}
