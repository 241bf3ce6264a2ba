import { ConfigError, loadConfig } from '../config.js';
import { DomainError } from '../errors.js';
import { createLogger } from '../log.js';
import { createRuntime } from '../runtime.js';
import { wantsHelp } from './help.js';
import { USAGE, formatEndpoints, parseWebhooksArgs, webhooksHelpText, type WebhooksCommand } from './webhooks-command.js';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    console.log(webhooksHelpText(argv));
    return 0;
  }
  let command: WebhooksCommand;
  try {
    command = parseWebhooksArgs(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger({ level: config.log.level === 'info' ? 'warn' : config.log.level, format: config.log.format, destination: 2 });
  const runtime = await createRuntime(config, logger, { role: 'cli' });
  try {
    const { registrations } = runtime.webhooks;
    if (command.command === 'register') {
      const { endpoint, created } = await registrations.register(command.url);
      console.log(`${created ? 'Registered' : 'Already registered'}: ${formatEndpoints([endpoint])}`);
    } else if (command.command === 'remove') {
      await registrations.remove(command.robawsId);
      console.log(`Removed ${command.robawsId}.`);
    } else {
      console.log(formatEndpoints(await registrations.list()));
    }
    return 0;
  } finally {
    await runtime.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof DomainError ? error.message : error);
    process.exit(1);
  });
