import { ConfigError, loadConfig } from '../config.js';
import { DomainError } from '../errors.js';
import { createLogger } from '../log.js';
import { createRuntime } from '../runtime.js';
import type { DryRunReport, StartSyncOptions } from '../sync/sync-service.js';
import { helpText, usageText, wantsHelp } from './help.js';
import { SYNC_HELP, formatDryRunReport, formatRunTable, parseSyncArgs, progressLine } from './sync-command.js';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    console.log(helpText(SYNC_HELP));
    return 0;
  }
  let options: StartSyncOptions;
  try {
    options = parseSyncArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${usageText(SYNC_HELP)}`);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level === 'info' ? 'warn' : config.log.level, format: config.log.format, destination: 2 });
  const runtime = await createRuntime(config, logger, { role: 'cli' });
  try {
    const started = await runtime.sync.start(options);
    if (started.alreadyRunning) console.log(`A ${options.kind.toLowerCase()} sync is already running (${started.run.id}); waiting for it.`);
    const progress = process.stdout.isTTY ? drawProgress(runtime, started.run.id) : null;
    const { run } = await started.completion;
    await progress?.stop();
    if (run.dryRun && run.samples) console.log(`${formatDryRunReport(run.samples as unknown as DryRunReport)}\n`);
    console.log(formatRunTable(run));
    return run.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    await runtime.close();
  }
}

/** Redraws the run's progress on one terminal line until the run ends or is stopped. */
function drawProgress(runtime: Awaited<ReturnType<typeof createRuntime>>, runId: string): { stop(): Promise<void> } {
  const controller = new AbortController();
  const drawing = (async () => {
    for await (const { run } of runtime.sync.watch(runId, { signal: controller.signal })) process.stdout.write(`\r${progressLine(run)}`);
  })().catch(() => undefined);
  return {
    stop: async () => {
      controller.abort();
      await drawing;
      process.stdout.write('\n');
    },
  };
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof DomainError ? error.message : error);
    process.exit(1);
  });
