import { build } from 'vite';

/** The browser tests' global setup: builds the admin page into dist/admin/, where the server serves it from. */
export default async function setup() {
  await build({ configFile: 'admin/vite.config.ts', logLevel: 'warn' });
}
