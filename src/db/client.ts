import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;

export interface DbOptions {
  /** Pool size; the sync writes batches from several pages at once. */
  maxConnections?: number;
  onPoolError?: (error: Error) => void;
}

/** A Prisma client on the pg driver adapter (Prisma's Rust-free client). */
export function createDb(url: string, options: DbOptions = {}): Db {
  const adapter = new PrismaPg(
    { connectionString: url, max: options.maxConnections ?? 10 },
    { onPoolError: options.onPoolError ?? (() => undefined) },
  );
  return new PrismaClient({ adapter });
}
