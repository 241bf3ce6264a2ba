import { parseArgs } from 'node:util';
import type { RegisteredEndpoint } from '../webhooks/registrations.js';
import { commandHelp, helpText, usageText } from './help.js';

/** `npm run webhooks:register | webhooks:list | webhooks:remove`: exit 1 when Robaws refuses, 2 on bad arguments. */

const GROUPS = ['general', 'log', 'database', 'robaws', 'sandbox'] as const;

export const WEBHOOKS_HELP = {
  register: commandHelp({
    usage: ['npm run webhooks:register -- --url https://<host>/api/webhooks/robaws/customers'],
    summary:
      'Registers client.created and client.updated with Robaws for that URL and stores the secret Robaws answers with. ' +
      'A registration for the URL whose secret we hold is reused; one whose secret we lack is replaced.',
    options: { url: { type: 'string', value: 'URL', description: 'Our public webhook URL (ending in /api/webhooks/robaws/customers).' } },
    groups: GROUPS,
  }),
  list: commandHelp({
    usage: ['npm run webhooks:list'],
    summary: 'Lists the webhook endpoints registered with Robaws, and says which ones we cannot verify (secret unknown here).',
    options: {},
    groups: GROUPS,
  }),
  remove: commandHelp({
    usage: ['npm run webhooks:remove -- --id ID'],
    summary: 'Removes one of our webhook endpoints at Robaws, and its stored secret.',
    options: { id: { type: 'string', value: 'ID', description: 'The endpoint\'s Robaws id, as webhooks:list shows it.' } },
    groups: GROUPS,
  }),
};
export type WebhooksCommandName = keyof typeof WEBHOOKS_HELP;

export const USAGE = Object.values(WEBHOOKS_HELP).map((help) => usageText(help)).join('\n');

/** The help of the command named first, or of all three. */
export function webhooksHelpText(argv: readonly string[]): string {
  const named = argv.find((arg): arg is WebhooksCommandName => arg in WEBHOOKS_HELP);
  return (named ? [WEBHOOKS_HELP[named]] : Object.values(WEBHOOKS_HELP)).map((help) => helpText(help)).join('\n\n');
}

export type WebhooksCommand = { command: 'register'; url: string } | { command: 'list' } | { command: 'remove'; robawsId: string };

export function parseWebhooksArgs(argv: string[]): WebhooksCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...WEBHOOKS_HELP.register.options, ...WEBHOOKS_HELP.remove.options },
    allowPositionals: true,
    strict: true,
  });
  const [command, ...extra] = positionals;
  if (extra.length > 0) throw new TypeError(`Unexpected argument "${extra[0]}"`);
  if (command === 'register') {
    if (!values.url) throw new TypeError('register needs --url');
    return { command, url: values.url };
  }
  if (command === 'list') return { command };
  if (command === 'remove') {
    if (!values.id) throw new TypeError('remove needs --id');
    return { command, robawsId: values.id };
  }
  throw new TypeError(command ? `Unknown command "${command}"` : 'Name a command: register, list or remove');
}

export function formatEndpoints(endpoints: readonly RegisteredEndpoint[]): string {
  if (endpoints.length === 0) return 'No webhook endpoints are registered with Robaws.';
  return endpoints
    .map((endpoint) => `${endpoint.robawsId}  ${endpoint.url}  [${endpoint.events.join(', ')}]${endpoint.verifiable ? '' : '  (secret unknown here: deliveries cannot be verified)'}`)
    .join('\n');
}
