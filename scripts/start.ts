// `npm start`: the whole platform on http://127.0.0.1:8787 with local D1 and Durable Objects, migrations
// applied and the demo site seeded (idempotently), offline. Ctrl-C stops it.
import { join } from 'node:path';
import { applyMigrations, ROOT, startDevServer } from './local';
import { DEMO_OWNER, seedAccounts, seedContent } from './seed';

const persistTo = process.env.LEDE_STATE_DIR ?? join(ROOT, '.wrangler', 'state');
const port = Number(process.env.PORT ?? 8787);

console.log('Lede: applying D1 migrations…');
await applyMigrations({ persistTo });
console.log('Lede: seeding demo accounts…');
await seedAccounts(persistTo);
console.log('Lede: starting wrangler dev…');
// --test-scheduled serves /__scheduled, which runs the cron handler (the outbox sweeper, docs/EVENTS.md).
const server = await startDevServer({ persistTo, port, extraArgs: ['--test-scheduled'] });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => void server.stop().then(() => process.exit(0)));
}
try {
  const { contentKey, created } = await seedContent(server.url);
  console.log(`
  ┌───────────────────────────────────────────────────────────────
  │ Lede is running: ${server.url}
  │
  │ Site            ${server.url}/
  │ API docs        ${server.url}/api/v1/docs
  │ Demo owner      ${DEMO_OWNER.email} / ${DEMO_OWNER.password}
  │ Sign in         curl -X POST ${server.url}/api/v1/admin/session \\
  │                   -H 'content-type: application/json' \\
  │                   -d '{"email":"${DEMO_OWNER.email}","password":"${DEMO_OWNER.password}"}'
  │ Content API key ${contentKey}
  │                 ${server.url}/api/v1/content/posts/?key=${contentKey}
  │ Demo content    ${created === 0 ? 'already seeded' : `${created} posts and pages created`}
  └───────────────────────────────────────────────────────────────
`);
} catch (error) {
  console.error('Lede: seeding the demo content failed:', error);
  await server.stop();
  process.exit(1);
}
// wrangler dev does not fire cron triggers; this stands in for the every-minute outbox sweeper (docs/EVENTS.md).
const sweeper = setInterval(() => void fetch(`${server.url}/__scheduled`).catch(() => undefined), 60_000);
await new Promise<void>((resolve) => server.process.once('exit', () => resolve()));
clearInterval(sweeper);
