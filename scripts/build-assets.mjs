// Produces the browser files the Worker serves as static assets: the API docs UI (copied out of node_modules) and
// the editor app (built by Vite).
// Runs before `npm start`, `npm test` and `wrangler deploy`; public/_lede and public/admin are generated, not committed.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'node_modules', 'swagger-ui-dist');
const to = join(root, 'public', '_lede', 'docs');
mkdirSync(to, { recursive: true });
for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE'])
  copyFileSync(join(from, file), join(to, file));

// The editor app (admin/), built by Vite into public/admin.
const { build } = await import('vite');
await build({ configFile: join(root, 'admin', 'vite.config.ts') });
