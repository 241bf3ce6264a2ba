import { ConfigError, loadConfig } from '../config.js';
import { openDatabaseServer } from '../db/server.js';
import { createLogger } from '../log.js';
import { acceptsCommandLine, commandHelp } from './help.js';

const HELP = commandHelp({
  usage: ['npm run db:migrate'],
  summary: 'Applies the pending migrations (prisma/migrations) to the configured database, or to the embedded one. The server does the same on start unless RUN_MIGRATIONS_ON_START=false.',
  options: {},
  groups: ['general', 'log', 'database'],
});

/** `npm run db:migrate`: applies pending migrations to the configured (or embedded) database; exits 2 on bad arguments. */
async function main(): Promise<void> {
  if (!acceptsCommandLine(HELP, process.argv.slice(2))) return;
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
