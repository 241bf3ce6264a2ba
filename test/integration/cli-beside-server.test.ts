import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Customers } from '../../src/customers/customers.js';
import { findPublishedSandbox, sandboxFileOf, type PublishedSandbox } from '../../src/sandbox/discovery.js';
import { WEBHOOK_PATH } from '../../src/webhooks/delivery.js';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { TEST_NORMALIZATION } from '../support/harness.js';
import { privateDataDir, startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * In sandbox mode the CLI works on the sandbox of the server running beside it: it sees what the
 * server sees, pushes into it, and leaves the server's webhook secret alone.
 */

let database: TestDatabase;
let server: ServerProcess;
let sandbox: PublishedSandbox;
const dataDir = privateDataDir();
const env = () => ({ DATABASE_URL: database.url, EMBEDDED_PG_DATA_DIR: dataDir, SANDBOX_CLIENTS: '30' });

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServerProcess(env());
  sandbox = findPublishedSandbox(sandboxFileOf(dataDir))!;
  expect(sandbox).toMatchObject({ pid: server.process.pid, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
  const sync = await runCli('sync', ['--full'], env());
  expect(sync.code).toBe(0);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

async function sandboxClient(id: string): Promise<Record<string, unknown>> {
  const authorization = `Basic ${Buffer.from(`${sandbox.username}:${sandbox.password}`).toString('base64')}`;
  const response = await fetch(`${sandbox.url}/api/v2/clients/${id}`, { headers: { authorization } });
  return (await response.json()) as Record<string, unknown>;
}

describe('a CLI command beside a server in sandbox mode', () => {
  it("lists the server's own webhook registration, and the server's sandbox deliveries are still accepted afterwards", async () => {
    const listed = await runCli('webhooks', ['list'], env());
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`${server.baseUrl}${WEBHOOK_PATH}  [client.created, client.updated]`);
    expect(listed.stdout).not.toContain('cannot be verified');

    const response = await fetch(`${sandbox.url}/__sandbox/clients/change`, { method: 'POST', body: JSON.stringify({ count: 1, seed: 7 }) });
    const { ids } = (await response.json()) as { ids: number[] };
    const changed = await sandboxClient(String(ids[0]));
    await vi.waitFor(
      async () => {
        const stored = await database.db.customer.findUniqueOrThrow({ where: { robawsClientId: String(ids[0]) } });
        expect(stored.robawsUpdatedAt?.toISOString()).toBe(new Date(String(changed.updatedAt)).toISOString());
      },
      { timeout: 20_000, interval: 100 },
    );
    const event = await database.db.webhookEvent.findFirstOrThrow({ where: { robawsClientId: String(ids[0]) }, orderBy: { receivedAt: 'desc' } });
    expect(event).toMatchObject({ signature: 'VALID', status: 'PROCESSED' });
  });

  it("pushes into the server's sandbox", async () => {
    const customer = await database.db.customer.findFirstOrThrow({ orderBy: { id: 'asc' } });
    await new Customers({ db: database.db, normalize: TEST_NORMALIZATION }).edit(customer.id, { city: 'Pushed From The CLI' });
    const pushed = await runCli('sync', ['--push'], env());
    expect(pushed.code).toBe(0);
    expect(((await sandboxClient(customer.robawsClientId)).address as { city: string }).city).toBe('Pushed From The CLI');
  });

  it("without a server, a command says it uses a throwaway sandbox of its own, and deletes no secret it did not create", async () => {
    const secretsBefore = await database.db.webhookEndpoint.findMany();
    expect(secretsBefore).toHaveLength(1);
    const alone = await runCli('webhooks', ['list'], { DATABASE_URL: database.url, EMBEDDED_PG_DATA_DIR: path.join(dataDir, 'elsewhere', 'postgres') });
    expect(alone.code).toBe(0);
    expect(alone.stderr).toContain('no server running here: this command talks to a throwaway sandbox of its own');
    expect(alone.stdout).toContain('No webhook endpoints are registered with Robaws.');
    expect(await database.db.webhookEndpoint.findMany()).toEqual(secretsBefore);
  });
});
