// Integration keys (owners and admins): create one with its scopes, see its secret this once, revoke it.
import { useEffect, useState } from 'hono/jsx/dom';
import type { IntegrationScope } from '../../../d1/schema';
import { api, messageOf } from '../api';

/** Every scope, checked against the schema's list by the compiler (importing the list would bundle drizzle). */
const SCOPES = Object.keys({
  'posts:read': 1,
  'posts:write': 1,
  'tags:read': 1,
  'tags:write': 1,
  'media:read': 1,
  'media:write': 1,
  'users:read': 1,
  'site:read': 1,
} satisfies Record<IntegrationScope, 1>);

interface IntegrationKey {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function ApiKeys() {
  const [keys, setKeys] = useState<IntegrationKey[]>([]);
  const [secret, setSecret] = useState<{ name: string; key: string } | null>(null);
  const [message, setMessage] = useState('');
  const [reload, setReload] = useState(0);

  useEffect(() => {
    api<{ integration_keys: IntegrationKey[] }>('GET', '/integrations')
      .then((r) => setKeys(r.integration_keys))
      .catch((e) => setMessage(messageOf(e)));
  }, [reload]);

  const create = async (event: Event) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const scopes = data.getAll('scopes').map(String);
    if (scopes.length === 0) return setMessage('Choose at least one scope.');
    try {
      const r = await api<{ integration_key: IntegrationKey; key: string }>('POST', '/integrations', {
        name: String(data.get('name') ?? ''),
        scopes,
      });
      setSecret({ name: r.integration_key.name, key: r.key });
      setMessage('');
      form.reset();
      setReload(reload + 1);
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  const revoke = async (key: IntegrationKey) => {
    if (!confirm(`Revoke “${key.name}”? Integrations using it stop working.`)) return;
    try {
      await api('DELETE', `/integrations/${key.id}`);
      setReload(reload + 1);
    } catch (e) {
      setMessage(messageOf(e));
    }
  };

  return (
    <section aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      {message && (
        <p class="error" role="alert">
          {message}
        </p>
      )}
      {secret && (
        <div class="secret" role="status">
          <p>The key for “{secret.name}”. Copy it now: it is not shown again.</p>
          <code data-secret>{secret.key}</code>
        </div>
      )}
      <ul class="key-list">
        {keys.map((k) => (
          <li class={k.revoked_at ? 'revoked' : ''}>
            <span>
              <strong>{k.name}</strong> <code>{k.prefix}…</code> · {k.scopes.join(', ')}
              {k.revoked_at
                ? ' · revoked'
                : k.last_used_at
                  ? ` · last used ${new Date(k.last_used_at).toLocaleString()}`
                  : ''}
            </span>
            {!k.revoked_at && (
              <button type="button" class="link danger" onClick={() => revoke(k)}>
                Revoke<span class="visually-hidden"> {k.name}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <form class="new-key" onSubmit={create}>
        <label>
          Key name
          <input name="name" required maxLength={100} />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label class="check">
              <input type="checkbox" name="scopes" value={scope} />
              {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit">Create key</button>
      </form>
    </section>
  );
}
