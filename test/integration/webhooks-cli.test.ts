import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createHarness, type Harness } from '../support/harness.js';

/** `npm run webhooks:*` against a Robaws stand-in (the harness sandbox, as live Robaws). */

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 10 } });
});
afterAll(() => harness.close());

const URL = 'https://sync.example.test/api/webhooks/robaws/customers';

function runWebhooksCli(args: string[]) {
  return runCli('webhooks', args, {
    DATABASE_URL: harness.database.url,
    ROBAWS_BASE_URL: harness.sandbox.url,
    ROBAWS_USERNAME: harness.sandbox.options.username,
    ROBAWS_PASSWORD: harness.sandbox.options.password,
  });
}

describe('npm run webhooks:register / list / remove', () => {
  it('registers once (a second run finds it), lists it, and removes it with its secret', async () => {
    const first = await runWebhooksCli(['register', '--url', URL]);
    expect(first).toMatchObject({ code: 0 });
    const [endpoint] = await harness.robaws.listWebhookEndpoints();
    expect(first.stdout.trim()).toBe(`Registered: ${endpoint!.id}  ${URL}  [client.created, client.updated]`);
    expect(await harness.database.db.webhookEndpoint.findUniqueOrThrow({ where: { robawsId: endpoint!.id } })).toMatchObject({ url: URL, secret: expect.any(String) });

    const [again, listed] = await Promise.all([runWebhooksCli(['register', '--url', URL]), runWebhooksCli(['list'])]);
    expect(again.stdout).toMatch(/^Already registered: /);
    expect(listed.stdout.trim()).toBe(`${endpoint!.id}  ${URL}  [client.created, client.updated]`);
    expect(await harness.robaws.listWebhookEndpoints()).toHaveLength(1);

    const removed = await runWebhooksCli(['remove', '--id', endpoint!.id]);
    expect(removed).toMatchObject({ code: 0, stdout: `Removed ${endpoint!.id}.\n` });
    expect(await harness.robaws.listWebhookEndpoints()).toEqual([]);
    expect(await harness.database.db.webhookEndpoint.count()).toBe(0);
  });
});
