import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { silentLogger } from '../src/log.js';
import { readSettings, text } from './benchmark.js';

/**
 * Benchmarks run on both kinds of database the server supports: the embedded Postgres (always) and a
 * real server (BENCH_DATABASE_URL, or the one on 127.0.0.1:5432 when it answers). Each run gets a new,
 * migrated database that is dropped afterwards.
 */

export interface BenchDatabase {
  label: 'embedded' | 'real';
  url: string;
}

export const DATABASE_VARIABLES = {
  BENCH_DATABASE_URL: text('a real Postgres server measured on besides the embedded one, when it answers', 'postgresql://postgres@127.0.0.1:5432/postgres'),
};

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withScratchDatabase<T>(serverUrl: string, label: BenchDatabase['label'], work: (database: BenchDatabase) => Promise<T>): Promise<T> {
  const name = `robaws_sync_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    const url = withDatabase(serverUrl, name);
    await migrateDatabase(url);
    return await work({ label, url });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

/** Runs `work` once per database kind, each time on a fresh database. */
export async function forEachBenchDatabase(work: (database: BenchDatabase) => Promise<void>): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), 'robaws-sync-bench-'));
  await chmod(root, 0o755);
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(root, 'postgres'), logger: silentLogger });
  try {
    await withScratchDatabase(embedded.url(), 'embedded', work);
  } finally {
    await embedded.stop();
    await rm(root, { recursive: true, force: true });
  }
  const realUrl = readSettings(DATABASE_VARIABLES, process.env).BENCH_DATABASE_URL;
  if (await reachable(realUrl)) await withScratchDatabase(realUrl, 'real', work);
  else console.log(`(no real Postgres at ${realUrl}: set BENCH_DATABASE_URL to include one)`);
}
