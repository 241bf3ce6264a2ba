import { describe, expect, it } from 'vitest';
import { formatEndpoints, parseWebhooksArgs } from '../../src/cli/webhooks-command.js';

describe('parseWebhooksArgs', () => {
  it.each([
    [['register', '--url', 'https://x.test/api/webhooks/robaws/customers'], { command: 'register', url: 'https://x.test/api/webhooks/robaws/customers' }],
    [['register', '--url=https://x.test/hook'], { command: 'register', url: 'https://x.test/hook' }],
    [['list'], { command: 'list' }],
    [['remove', '--id', 'ep_1'], { command: 'remove', robawsId: 'ep_1' }],
  ])('%j', (argv, expected) => {
    expect(parseWebhooksArgs(argv)).toEqual(expected);
  });

  it.each([
    [[], /Name a command/],
    [['register'], /register needs --url/],
    [['remove'], /remove needs --id/],
    [['unregister'], /Unknown command "unregister"/],
    [['list', 'extra'], /Unexpected argument "extra"/],
    [['list', '--verbose'], /Unknown option '--verbose'/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseWebhooksArgs(argv)).toThrow(message);
  });
});

describe('formatEndpoints', () => {
  it('prints one line per endpoint and says which cannot be verified', () => {
    const text = formatEndpoints([
      { robawsId: 'a', url: 'https://x.test/h', events: ['client.created', 'client.updated'], verifiable: true },
      { robawsId: 'b', url: 'https://y.test/h', events: ['client.updated'], verifiable: false },
    ]);
    expect(text.split('\n')).toEqual([
      'a  https://x.test/h  [client.created, client.updated]',
      'b  https://y.test/h  [client.updated]  (secret unknown here: deliveries cannot be verified)',
    ]);
    expect(formatEndpoints([])).toMatch(/No webhook endpoints/);
  });
});
