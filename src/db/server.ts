import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrateDatabase } from './migrate.js';

export interface DatabaseServer {
  url: string;
  kind: 'embedded' | 'external';
  stop(): Promise<void>;
}

const EMBEDDED_DATABASE = 'robaws_sync';

/** `DATABASE_URL` set: that server. Unset: an embedded Postgres of our own, used exactly the same way. */
export async function openDatabaseServer(config: Config['database'], logger: Logger): Promise<DatabaseServer> {
  let server: DatabaseServer;
  if (config.url) {
    server = { url: config.url, kind: 'external', stop: async () => undefined };
    logger.info({ database: redactPassword(config.url) }, 'using the Postgres server from DATABASE_URL');
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir: config.embeddedDataDir, port: config.embeddedPort, logger });
    await ensureDatabase(embedded.url(), EMBEDDED_DATABASE);
    server = { url: embedded.url(EMBEDDED_DATABASE), kind: 'embedded', stop: embedded.stop };
    logger.info({ dataDir: embedded.dataDir, port: embedded.port }, 'DATABASE_URL is not set: started an embedded Postgres');
  }
  if (config.migrateOnStart) {
    try {
      await migrateDatabase(server.url, { logger });
    } catch (error) {
      await server.stop();
      throw error;
    }
  }
  return server;
}

async function ensureDatabase(maintenanceUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

export function redactPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
