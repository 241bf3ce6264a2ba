import { acceptsCommandLine, HELP_OPTION, type CommandHelp } from '../cli/help.js';
import { ConfigError, loadSandboxProcessConfig, sandboxProcessVariablesInfo, type SandboxConfig } from '../config.js';
import { createLogger } from '../log.js';
import { startSandbox } from './server.js';

const HELP: CommandHelp = {
  usage: ['npm run sandbox'],
  summary: 'The Robaws sandbox as a process of its own (user/password sandbox/sandbox; control API under /__sandbox/), for benchmarks and manual tries. Stops on Ctrl-C.',
  options: HELP_OPTION,
  variables: [{ group: 'sandbox', variables: sandboxProcessVariablesInfo() }],
};

/** `npm run sandbox`: the Robaws sandbox as a process of its own, for benchmarks and manual tries. */
async function main(): Promise<void> {
  if (!acceptsCommandLine(HELP, process.argv.slice(2))) return;
  let config: SandboxConfig;
  try {
    config = loadSandboxProcessConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const sandbox = await startSandbox({
    port: config.port,
    clients: config.clients,
    seed: config.seed,
    latencyMs: config.latencyMs,
    clockOffsetMs: config.clockOffsetMs,
    logger: createLogger({ level: 'info' }).child({ component: 'sandbox' }),
  });
  const { username, password, clients } = sandbox.options;
  console.log(`Robaws sandbox with ${clients} clients at ${sandbox.url}/api/v2 (Basic auth ${username} / ${password})`);
  console.log(`Control API: ${sandbox.url}/__sandbox/{knobs,stats,stats/reset,clients/change,clients/<id>/delete,clients/<id>/restore}`);

  const stop = () => void sandbox.close().then(() => console.log('sandbox stopped'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
