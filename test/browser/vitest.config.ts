// Browser suites: Debian's Chromium, driven by playwright-core, against the same `wrangler dev` the end-to-end
// suites start (test/e2e/global-setup.ts). `.ci/run` installs Chromium; nothing is downloaded.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
