// Tests run inside workerd against Miniflare's real D1 and Durable Objects, configured from wrangler.toml.
// test/e2e and test/browser hold the suites that drive a real `wrangler dev` from Node; they have their own configs.
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const migrations = await readD1Migrations(fileURLToPath(new URL('./d1/migrations', import.meta.url)));

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        // A small per-file media limit so the tests can cross it without sending hundreds of megabytes.
        bindings: { TEST_MIGRATIONS: migrations, MEDIA_MAX_FILE_BYTES: String(12 * 1024 * 1024) },
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
  },
});
