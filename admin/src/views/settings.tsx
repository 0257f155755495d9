// Site settings for owners and admins: the site's public face, its staff and their roles, invitations, API keys.
import { useEffect, useState } from 'hono/jsx/dom';
import { allows } from '../../../workers/identity/policy';
import { api, type Me, messageOf, type StaffMember } from '../api';
import { ApiKeys } from './api-keys';
import { Invitations } from './invitations';
import { SiteSettings } from './site-settings';

const ROLES: Me['role'][] = ['owner', 'admin', 'editor', 'author', 'contributor'];

export function SettingsScreen({ me }: { me: Me }) {
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [message, setMessage] = useState('');

  useEffect(() => {
    api<{ users: StaffMember[] }>('GET', '/users')
      .then((r) => setStaff(r.users))
      .catch((e) => setMessage(messageOf(e)));
  }, []);

  const changeRole = async (member: StaffMember, event: Event) => {
    const select = event.target as HTMLSelectElement;
    const role = select.value as Me['role'];
    try {
      const r = await api<{ user: StaffMember }>('PATCH', `/users/${member.id}`, { role });
      setStaff(staff.map((m) => (m.id === member.id ? { ...m, role: r.user.role } : m)));
      setMessage(`${member.name} is now ${/^[aeiou]/.test(r.user.role) ? 'an' : 'a'} ${r.user.role}.`);
    } catch (e) {
      select.value = member.role;
      setMessage(messageOf(e));
    }
  };

  // Only owners grant or take away the owner role; nobody changes their own.
  const roleChoices = (member: StaffMember) =>
    me.role === 'owner' ? ROLES : member.role === 'owner' ? [] : ROLES.filter((r) => r !== 'owner');

  return (
    <div class="settings-screen">
      <h1>Settings</h1>
      {message && (
        <p class="note" role="status">
          {message}
        </p>
      )}
      <SiteSettings editable={allows(me, 'site:settings')} />
      <section aria-labelledby="staff-title">
        <h2 id="staff-title">Staff</h2>
        <table class="staff">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((m) => (
              <tr>
                <th scope="row">
                  {m.name}
                  {m.status === 'disabled' && ' (disabled)'}
                </th>
                <td>{m.email}</td>
                <td>
                  {m.id === me.id || roleChoices(m).length === 0 ? (
                    m.role
                  ) : (
                    <select aria-label={`Role of ${m.name}`} value={m.role} onChange={(e: Event) => changeRole(m, e)}>
                      {roleChoices(m).map((r) => (
                        <option value={r}>{r}</option>
                      ))}
                    </select>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <Invitations roles={me.role === 'owner' ? ROLES : ROLES.filter((r) => r !== 'owner')} />
      <ApiKeys />
    </div>
  );
}
