import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The admin page: built into dist/admin/, which the server serves at /admin (src/http/admin-route.ts). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/admin/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/admin/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // One script and one style sheet: the page is small, and the server caches them by hash.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/graphql': process.env.ADMIN_API_URL ?? 'http://127.0.0.1:4000' } },
});
