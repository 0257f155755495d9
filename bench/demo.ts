// What the benchmark suites do to have a local Lede and act in it as the demo owner.
import { applyMigrations, type DevServer, freePort, startDevServer } from '../scripts/local';
import { DEMO_OWNER, seedAccounts } from '../scripts/seed';

/** Makes a state directory what `npm start` makes of one before it serves: migrations applied, demo accounts in. */
export async function prepareState(stateDir: string): Promise<void> {
  await applyMigrations({ persistTo: stateDir, quiet: true });
  await seedAccounts(stateDir);
}

/**
 * `wrangler dev` on a prepared state directory, on free ports, logging warnings only (default logging costs up to a
 * quarter of a constant answer's CPU). Other processes on this machine take ports too: a port taken between the look
 * and wrangler's bind is tried anew.
 */
export async function startBenchServer(
  stateDir: string,
  extraArgs: string[],
  { quiet = true, attempts = 3 }: { quiet?: boolean; attempts?: number } = {},
): Promise<{ dev: DevServer; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      const dev = await startDevServer({
        persistTo: stateDir,
        port,
        inspectorPort: await freePort(),
        logLevel: 'warn',
        quiet,
        extraArgs,
      });
      return { dev, port };
    } catch (error) {
      if (attempt >= attempts || !String(error).includes('Address already in use')) throw error;
    }
  }
}

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
