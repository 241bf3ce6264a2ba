import { setTimeout as sleep } from 'node:timers/promises';
import { commandHelp, helpText, wantsHelp } from './cli/help.js';
import { ConfigError, loadConfig, VARIABLE_GROUPS } from './config.js';
import { createApp } from './http/app.js';
import { createLogger } from './log.js';
import { recordEscapedErrors } from './process-errors.js';
import { createRuntime } from './runtime.js';
import { WEBHOOK_PATH } from './webhooks/delivery.js';

/**
 * Docker and systemd kill 10 s after SIGTERM: a shutdown that takes longer (a sync run that cannot record
 * its end while the database goes away) is cut short; the next start finds that run orphaned.
 */
const SHUTDOWN_GRACE_MS = 7_000;
const DATABASE_STOP_PATIENCE_MS = 2_000;

const HELP = commandHelp({
  usage: ['npm start'],
  summary:
    'The server: GraphQL at /graphql, /healthz, /readyz and /metrics, webhook processing and the schedules (a first start catches up ' +
    'missed schedules: a full sync and a push). Stops on SIGTERM or Ctrl-C.',
  options: {},
  groups: VARIABLE_GROUPS,
});

/** The one place that listens: builds the runtime, serves HTTP, starts webhook processing and the schedules, and shuts down on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  if (wantsHelp(process.argv.slice(2))) {
    console.log(helpText(HELP));
    return;
  }
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level, format: config.log.format });
  recordEscapedErrors(logger);
  const runtime = await createRuntime(config, logger, { role: 'server' });
  const app = await createApp(runtime);
  const { url } = await app.listen(config.http.port, config.http.host);
  if (runtime.sandbox) {
    // Zero-config demo: the in-process sandbox delivers its changes here, signed with the secret it answers.
    await runtime.webhooks.registrations
      .register(`${url}${WEBHOOK_PATH}`)
      .catch((error: unknown) => logger.warn({ err: error }, 'could not register our webhook with the sandbox'));
  }
  runtime.webhooks.processor.start();
  runtime.scheduler.start();
  // A full sync a crash interrupted goes on from its checkpoint (whichever replica takes its lock).
  const resumed = await runtime.sync.resumeInterruptedFullSync().catch((error: unknown) => {
    logger.error({ err: error }, 'could not resume an interrupted full sync');
    return null;
  });
  if (resumed && !resumed.alreadyRunning) logger.info({ runId: resumed.run.id, resumedFrom: resumed.run.resumedFromId }, 'resuming a full sync a crash interrupted');
  logger.info({ graphql: `${url}/graphql`, robawsMode: config.robaws.mode, database: runtime.serverInfo.database }, 'robaws-sync is ready');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown is taking too long: stopping the database and exiting now');
      void Promise.race([runtime.database.stop(), sleep(DATABASE_STOP_PATIENCE_MS)]).finally(() => process.exit(1));
    }, SHUTDOWN_GRACE_MS).unref();
    await app.close();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
