import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { postDelivery, signedDelivery, TEST_WEBHOOK_SECRET } from '../support/webhooks.js';

/**
 * A server killed (SIGKILL) after storing events and before applying them: some were waiting, some
 * were being applied (held up by a row lock the test takes). The next server applies them all.
 */

const CLIENT_IDS = Array.from({ length: 20 }, (_, index) => 900_001 + index);
const SERVER_ENV = { ROBAWS_WEBHOOK_SECRET: TEST_WEBHOOK_SECRET, WEBHOOK_CONCURRENCY: '2', WEBHOOK_LEASE_SECONDS: '2', SANDBOX_CLIENTS: '10' };

let database: TestDatabase;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL');
  await database?.drop();
});

async function startServer(): Promise<ServerProcess> {
  const server = await startServerProcess({ DATABASE_URL: database.url, ...SERVER_ENV });
  servers.push(server);
  return server;
}

function client(id: number, name: string, updatedAt: string) {
  return { id, name, email: `${id}@example.test`, updatedAt };
}

async function statusCounts(eventIds: string[]): Promise<Record<string, number>> {
  const rows = await database.db.webhookEvent.groupBy({ by: ['status'], where: { eventId: { in: eventIds } }, _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
}

describe('a crash between storing and applying', () => {
  it('loses nothing: the events stored by a killed server are applied by the next one', async () => {
    const first = await startServer();
    const created = CLIENT_IDS.map((id) => signedDelivery(client(id, `Before ${id}`, '2026-11-01T10:00:00.000Z')));
    for (const delivery of created) expect((await postDelivery(first.baseUrl, delivery)).status).toBe(202);
    await vi.waitFor(async () => expect(await statusCounts(created.map((delivery) => delivery.eventId))).toEqual({ PROCESSED: 20 }), { timeout: 10_000 });

    // Hold every customer row so that applying blocks mid-way, as a slow or dying process would.
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('SELECT id FROM customers WHERE robaws_client_id = ANY($1::text[]) FOR UPDATE', [CLIENT_IDS.map(String)]);
    const updates = CLIENT_IDS.map((id) => signedDelivery(client(id, `After ${id}`, '2026-11-02T10:00:00.000Z')));
    for (const delivery of updates) expect((await postDelivery(first.baseUrl, delivery)).status).toBe(202);
    const updateIds = updates.map((delivery) => delivery.eventId);
    await vi.waitFor(async () => expect((await statusCounts(updateIds)).PROCESSING).toBeGreaterThan(0), { timeout: 5_000 });

    await first.stop('SIGKILL');
    await locker.query('ROLLBACK');
    await locker.end();
    const left = await statusCounts(updateIds);
    expect(left.PROCESSED).toBeUndefined();
    expect((left.PROCESSING ?? 0) + (left.RECEIVED ?? 0)).toBe(20);
    expect(left.RECEIVED).toBeGreaterThan(0);

    await startServer();
    await vi.waitFor(async () => expect(await statusCounts(updateIds)).toEqual({ PROCESSED: 20 }), { timeout: 15_000, interval: 100 });
    const names = await database.db.customer.findMany({ where: { robawsClientId: { in: CLIENT_IDS.map(String) } }, select: { name: true } });
    expect(names.map((row) => row.name).sort()).toEqual(CLIENT_IDS.map((id) => `After ${id}`).sort());
  });
});
