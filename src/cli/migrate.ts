import { ConfigError, loadConfig } from '../config.js';
import { openDatabaseServer } from '../db/server.js';
import { createLogger } from '../log.js';

/** `npm run db:migrate`: applies pending migrations to the configured (or embedded) database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level, format: config.log.format, destination: 2 });
  const server = await openDatabaseServer({ ...config.database, migrateOnStart: true }, logger);
  await server.stop();
  logger.info('migrations are up to date');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
