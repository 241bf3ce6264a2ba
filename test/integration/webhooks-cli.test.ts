import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness.js';

/** `npm run webhooks:*` against a Robaws stand-in (the harness sandbox, as live Robaws). */

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 10 } });
});
afterAll(() => harness.close());

const URL = 'https://sync.example.test/api/webhooks/robaws/customers';

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/webhooks.ts', ...args], {
      env: {
        ...process.env,
        DATABASE_URL: harness.database.url,
        ROBAWS_BASE_URL: harness.sandbox.url,
        ROBAWS_USERNAME: harness.sandbox.options.username,
        ROBAWS_PASSWORD: harness.sandbox.options.password,
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run webhooks:register / list / remove', () => {
  it('registers once (a second run finds it), lists it, and removes it with its secret', async () => {
    const first = await runCli(['register', '--url', URL]);
    expect(first).toMatchObject({ code: 0 });
    const [endpoint] = await harness.robaws.listWebhookEndpoints();
    expect(first.stdout.trim()).toBe(`Registered: ${endpoint!.id}  ${URL}  [client.created, client.updated]`);
    expect(await harness.database.db.webhookEndpoint.findUniqueOrThrow({ where: { robawsId: endpoint!.id } })).toMatchObject({ url: URL, secret: expect.any(String) });

    const [again, listed] = await Promise.all([runCli(['register', '--url', URL]), runCli(['list'])]);
    expect(again.stdout).toMatch(/^Already registered: /);
    expect(listed.stdout.trim()).toBe(`${endpoint!.id}  ${URL}  [client.created, client.updated]`);
    expect(await harness.robaws.listWebhookEndpoints()).toHaveLength(1);

    const removed = await runCli(['remove', '--id', endpoint!.id]);
    expect(removed).toMatchObject({ code: 0, stdout: `Removed ${endpoint!.id}.\n` });
    expect(await harness.robaws.listWebhookEndpoints()).toEqual([]);
    expect(await harness.database.db.webhookEndpoint.count()).toBe(0);
  });
});
