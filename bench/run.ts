// `npm run bench`: every benchmark suite in one run, each printing its own table. `npm run bench -- collab`
// runs only the suites named. Suites register here; each one starts what it measures and stops it again.
import { parseArgs } from 'node:util';
import { runCollaboration } from './collab/index';
import { runEvents } from './events/index';
import { runMedia } from './media/index';
import { runReader } from './reader/index';

interface Suite {
  name: string;
  describe: string;
  run: () => Promise<void>;
}

const suites: Suite[] = [
  {
    name: 'collab',
    describe: 'live collaboration: Lede vs Hocuspocus vs y-websocket, N = 2, 10, 50, 200 editors on one post',
    run: runCollaboration,
  },
  {
    name: 'media',
    describe: 'a stored image variant served at 10 and 50 connections vs a constant answer; a 100 MiB multipart upload',
    run: runMedia,
  },
  {
    name: 'events',
    describe: 'domain events: events per second through outbox → Queue → consumers; publish → notification p50/p99',
    run: runEvents,
  },
  {
    name: 'reader',
    describe:
      "the reader's path: pages, feeds and the Content API vs the runtime floor and Ghost; bundle and cold start",
    run: runReader,
  },
];

const { positionals } = parseArgs({ allowPositionals: true });
const chosen = positionals.length > 0 ? suites.filter((s) => positionals.includes(s.name)) : suites;
const unknown = positionals.filter((p) => !suites.some((s) => s.name === p));
if (unknown.length > 0) {
  console.error(`Unknown suite(s): ${unknown.join(', ')}. Known: ${suites.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
for (const suite of chosen) {
  console.log(`\n# ${suite.name}: ${suite.describe}\n`);
  await suite.run();
}
