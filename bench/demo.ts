// What the benchmark suites do as the demo owner against a local Lede.
import { DEMO_OWNER } from '../scripts/seed';

/** Signs in as the demo owner and returns the access token. */
export async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(DEMO_OWNER),
  });
  if (!res.ok) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}
