// The editor app: built by Vite into public/admin, which the Worker serves as static assets at /admin/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  build: {
    outDir: fileURLToPath(new URL('../public/admin', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: true,
  },
  logLevel: 'warn',
});
