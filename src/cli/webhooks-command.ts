import { parseArgs } from 'node:util';
import type { RegisteredEndpoint } from '../webhooks/registrations.js';

/**
 * `npm run webhooks:register -- --url URL` | `npm run webhooks:list` | `npm run webhooks:remove -- --id ROBAWS_ID`
 * Exits 1 when Robaws refuses, 2 on bad arguments.
 */

export const USAGE = [
  'Usage: npm run webhooks:register -- --url https://<host>/api/webhooks/robaws/customers',
  '       npm run webhooks:list',
  '       npm run webhooks:remove -- --id <robaws endpoint id>',
].join('\n');

export type WebhooksCommand = { command: 'register'; url: string } | { command: 'list' } | { command: 'remove'; robawsId: string };

export function parseWebhooksArgs(argv: string[]): WebhooksCommand {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { url: { type: 'string' }, id: { type: 'string' } },
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
