import { ConfigError, loadConfig } from './config.js';
import { createApp } from './http/app.js';
import { createLogger } from './log.js';
import { recordEscapedErrors } from './process-errors.js';
import { createRuntime } from './runtime.js';
import { WEBHOOK_PATH } from './webhooks/delivery.js';

/** The one place that listens: builds the runtime, serves HTTP, starts webhook processing and the schedules, and shuts down on SIGINT/SIGTERM. */
async function main(): Promise<void> {
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
