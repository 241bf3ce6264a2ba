import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;

export interface DbOptions {
  /** Pool size; the sync writes batches from several pages at once. */
  maxConnections?: number;
  onPoolError?: (error: Error) => void;
}

const pools = new WeakMap<Db, pg.Pool>();

/**
 * Our statements answer requests and sync pages: short, many at once. Postgres' parallel workers are
 * processes started per statement, on the cores those requests need; a search's page that walked the
 * customers in order took twice as long with two of them (measured: 24 against 14 ms, and the slowest
 * searches' p90 from 33-41 to 20-26 ms), so our sessions plan without them.
 */
const SESSION_SETTINGS = '-c max_parallel_workers_per_gather=0';

/** The URL with our settings after any it sets itself (`?options=-c ...`): pg takes the URL's over its own config. */
function withSessionSettings(url: string): string {
  const parsed = new URL(url);
  const fromUrl = parsed.searchParams.get('options');
  parsed.searchParams.set('options', fromUrl ? `${fromUrl} ${SESSION_SETTINGS}` : SESSION_SETTINGS);
  return parsed.toString();
}

/** A Prisma client on the pg driver adapter (Prisma's Rust-free client), over a pool we keep a hand on. */
export function createDb(url: string, options: DbOptions = {}): Db {
  const pool = new pg.Pool({ connectionString: withSessionSettings(url), max: options.maxConnections ?? 10 });
  pool.on('error', options.onPoolError ?? (() => undefined));
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/**
 * The pg pool under a client, for the sync's bulk statements: Prisma passes raw-query parameters
 * through its WebAssembly query compiler, which costs more than the write itself for a 100-row JSON
 * batch (measured: a third of a 100,000-client sync).
 */
export function sqlPool(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('This Prisma client was not made by createDb');
  return pool;
}
