// The editor app: built by Vite into public/admin, which the Worker serves as static assets at /admin/.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * The paths the invitation and password-reset emails link to (workers/identity/messages.ts). Static assets serve
 * /admin/accept-invite from accept-invite.html, so each is a copy of the app's page; the app reads its path.
 */
const LINK_PAGES = ['accept-invite', 'reset-password'];

const linkPages = (): Plugin => ({
  name: 'lede-link-pages',
  apply: 'build',
  writeBundle(options) {
    const dir = options.dir!;
    for (const page of LINK_PAGES) copyFileSync(join(dir, 'index.html'), join(dir, `${page}.html`));
  },
});

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  plugins: [linkPages()],
  build: {
    outDir: fileURLToPath(new URL('../public/admin', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: true,
  },
  logLevel: 'warn',
});
