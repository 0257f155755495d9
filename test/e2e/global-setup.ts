// Brings up Lede exactly as `npm start` does, in a throwaway state directory on free ports, and shares its
// address with the suites.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { applyMigrations, type DevServer, freePort, startDevServer } from '../../scripts/local';
import { seedAccounts, seedContent } from '../../scripts/seed';

declare module 'vitest' {
  export interface ProvidedContext {
    ledeUrl: string;
    /** The local state directory (D1 included) the server runs on; the browser tests read the outbox from it. */
    ledeState: string;
    contentKey: string;
    seededTwice: { first: number; second: number };
  }
}

let server: DevServer | undefined;
let stateDir = '';

export async function setup(project: TestProject) {
  stateDir = mkdtempSync(join(tmpdir(), 'lede-e2e-'));
  await applyMigrations({ persistTo: stateDir, quiet: true });
  // Twice on purpose: seeding must be idempotent.
  await seedAccounts(stateDir);
  await seedAccounts(stateDir);
  server = await startDevServer({
    persistTo: stateDir,
    port: await freePort(),
    inspectorPort: await freePort(),
    logLevel: 'warn',
    quiet: true,
    // Serves /__scheduled, which runs the cron handler (the outbox sweeper) on demand: crons do not fire locally.
    extraArgs: ['--test-scheduled'],
  });
  const first = await seedContent(server.url);
  const second = await seedContent(server.url);
  project.provide('ledeUrl', server.url);
  project.provide('ledeState', stateDir);
  project.provide('contentKey', first.contentKey);
  project.provide('seededTwice', { first: first.created, second: second.created });
}

export async function teardown() {
  await server?.stop();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
}
