// Tests run inside workerd against Miniflare's real D1 and Durable Objects, configured from wrangler.toml.
// test/e2e and test/browser hold the suites that drive a real `wrangler dev` from Node; they have their own configs.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const migrations = await readD1Migrations(fileURLToPath(new URL('./d1/migrations', import.meta.url)));
// The secret wrangler.toml requires, fixed for the tests: wrangler reads it from the environment when there is no
// .dev.vars (so it does not warn it is missing), and the binding below is what the Worker sees whatever the shell has.
const TOTP_ENCRYPTION_KEY = 'test-only-totp-key-0123456789abcdef0123456789';
process.env.TOTP_ENCRYPTION_KEY = TOTP_ENCRYPTION_KEY;

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // A small per-file media limit so the tests can cross it without sending hundreds of megabytes.
        bindings: { TEST_MIGRATIONS: migrations, MEDIA_MAX_FILE_BYTES: String(12 * 1024 * 1024), TOTP_ENCRYPTION_KEY },
      },
    }),
  ],
  resolve: {
    // @tryghost/nql-lang (CommonJS) require()s luxon. Vite resolves that require through luxon's "import" export,
    // an ES module that workerd's require() cannot use, so the tests point it at luxon's CommonJS build, the one
    // wrangler's esbuild bundle picks for a require().
    alias: [
      {
        find: /^luxon$/,
        replacement: fileURLToPath(new URL('./node_modules/luxon/build/node/luxon.js', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'workers/**/*.test.ts', 'd1/**/*.test.ts', 'durable-objects/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/browser/**', 'node_modules/**'],
    setupFiles: ['./test/setup.ts'],
    // Each test file gets its own runtime, and most of a file's time goes to loading the Worker into it, module by
    // module over a socket from Vite: the runtime mostly waits. Vitest's default (one file fewer than the cores, so a
    // single file at a time on a 2-core machine) left a core idle; a file per core cuts the run by about a third
    // there. Four files at once were faster still, but waits for a relayed edit then passed 10 s in CI.
    maxWorkers: availableParallelism(),
    // A guard against a hung test, not a measure: with files sharing the cores, a busy test takes longer.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
