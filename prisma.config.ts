import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { defineConfig } from 'prisma/config';

// The WebAssembly schema engine with the pg driver adapter: works offline, unlike the native engine.
// `generate` needs no database; a placeholder URL keeps it from trying to download an engine.
process.env.DATABASE_URL ??= 'postgresql://localhost:5432/placeholder';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    // A short idle timeout lets the CLI exit as soon as it is done instead of holding the pool for 10 s.
    return new PrismaPg({ connectionString: process.env.DATABASE_URL, idleTimeoutMillis: 50 });
  },
});
