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

/** A Prisma client on the pg driver adapter (Prisma's Rust-free client), over a pool we keep a hand on. */
export function createDb(url: string, options: DbOptions = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
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
