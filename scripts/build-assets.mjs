// Copies the browser files the Worker serves as static assets (the API docs UI) out of node_modules into public/.
// Runs before `npm start`, `npm test` and `wrangler deploy`; public/_lede is generated and not committed.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = join(root, 'node_modules', 'swagger-ui-dist');
const to = join(root, 'public', '_lede', 'docs');
mkdirSync(to, { recursive: true });
for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE'])
  copyFileSync(join(from, file), join(to, file));
