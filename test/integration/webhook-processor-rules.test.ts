import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRun } from '../../src/generated/prisma/client.js';
import type { Logger } from '../../src/log.js';
import type { StartedSync } from '../../src/sync/sync-service.js';
import { parseDelivery } from '../../src/webhooks/delivery.js';
import { WebhookEventStore } from '../../src/webhooks/event-store.js';
import { WebhookProcessor, type WebhookProcessorSettings, type WebhookSyncEngine } from '../../src/webhooks/processor.js';
import { recordingLogger, testLogger } from '../support/run-log.js';
import { createHarness, type Harness } from '../support/harness.js';

/**
 * The processor's rules, each shown on events stored as the ingest stores them: per-client order,
 * versions seen twice in one batch, deletions of clients Robaws still has, failures of every kind,
 * and when retries and claims happen again.
 */

let harness: Harness;
let processor: WebhookProcessor | null = null;

beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 30 } });
});
afterEach(async () => {
  await processor?.stop();
  processor = null;
});
afterAll(() => harness?.close());

const SETTINGS: WebhookProcessorSettings = { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100, concurrency: 4, leaseMs: 60_000, pollIntervalMs: 1_000 };

function startProcessor(options: { sync?: WebhookSyncEngine; store?: WebhookEventStore; settings?: Partial<WebhookProcessorSettings>; logger?: Logger } = {}) {
  processor = new WebhookProcessor({
    store: options.store ?? new WebhookEventStore(harness.database.db),
    sync: options.sync ?? harness.sync,
    logger: options.logger ?? testLogger,
    settings: { ...SETTINGS, ...options.settings },
  });
  processor.start();
  return processor;
}

/** Stores a delivery as the ingest does; answers its event id. */
async function store(event: string, data: Record<string, unknown>): Promise<string> {
  const eventId = randomUUID();
  const body = JSON.stringify({ id: eventId, event, data });
  await new WebhookEventStore(harness.database.db).saveDelivery(parseDelivery(body), body, {});
  return eventId;
}

/** Stores deliveries received a millisecond apart, in the order given (several stored within one millisecond would tie). */
async function storeInOrder(deliveries: Array<[string, Record<string, unknown>]>): Promise<string[]> {
  const receivedFrom = Date.now() - 60_000;
  const ids: string[] = [];
  for (const [index, [event, data]] of deliveries.entries()) {
    const eventId = await store(event, data);
    await harness.database.db.webhookEvent.update({ where: { eventId }, data: { receivedAt: new Date(receivedFrom + index) } });
    ids.push(eventId);
  }
  return ids;
}

const clientData = (id: number, updatedAt: string, name = `Client ${id}`) => ({ id, name, updatedAt });

async function eventOf(eventId: string) {
  return harness.database.db.webhookEvent.findUniqueOrThrow({ where: { eventId } });
}

/** Waits until the event has left RECEIVED and PROCESSING for good. */
async function settledEvent(eventId: string) {
  await expect.poll(async () => (await eventOf(eventId)).status, { timeout: 10_000 }).toMatch(/^(PROCESSED|IGNORED|FAILED)$/);
  return eventOf(eventId);
}

/** A sync engine whose single syncs end as given (the processor only reads the run and the error). */
function engineWithSingleSync(finished: { run: Partial<SyncRun>; error?: unknown }): WebhookSyncEngine {
  return {
    applyClientRecords: () => Promise.reject(new Error('not expected')),
    start: async () => {
      const run = { status: 'SUCCEEDED', created: 0, updated: 0, error: null, ...finished.run } as SyncRun;
      return { run, alreadyRunning: false, completion: Promise.resolve({ run, error: finished.error }) } as StartedSync;
    },
  };
}

describe('a batch', () => {
  it("is written in one go: of one client's versions the newest is stored and each older one is STALE; other clients alongside", async () => {
    const calls: string[][] = [];
    const sync: WebhookSyncEngine = {
      start: (options) => harness.sync.start(options),
      applyClientRecords: (records) => {
        calls.push(records.map(({ client }) => `${client.id} ${client.name}`));
        return harness.sync.applyClientRecords(records);
      },
    };
    const ids = await storeInOrder([
      ['client.updated', clientData(9001, '2024-01-01T10:00:00Z', 'first')],
      ['client.updated', clientData(9002, '2024-01-01T10:00:00Z')],
      ['client.updated', clientData(9001, '2024-01-01T09:00:00Z', 'second')],
      ['client.updated', clientData(9003, '2024-01-01T10:00:00Z')],
      ['client.updated', clientData(9001, '2024-01-01T11:00:00Z', 'third')],
    ]);
    startProcessor({ sync });
    const events = [];
    for (const eventId of ids) events.push(await settledEvent(eventId));
    // One write for the whole batch, each client's versions in the order received.
    expect(calls).toEqual([['9001 first', '9001 second', '9001 third', '9002 Client 9002', '9003 Client 9003']]);
    expect(events.map((event) => [event.status, event.outcome])).toEqual([
      ['IGNORED', 'STALE'],
      ['PROCESSED', 'CREATED'],
      ['IGNORED', 'STALE'],
      ['PROCESSED', 'CREATED'],
      ['PROCESSED', 'CREATED'],
    ]);
    const stored = await harness.database.db.customer.findUniqueOrThrow({ where: { robawsClientId: '9001' } });
    expect(stored).toMatchObject({ name: 'third', robawsUpdatedAt: new Date('2024-01-01T11:00:00Z') });
    expect(new Set(events.filter((event) => event.robawsClientId === '9001').map((event) => event.customerId))).toEqual(new Set([stored.id]));
  });

  it("applies a client's events one by one, in the order received, when one of them is a deletion", async () => {
    const order: string[] = [];
    const sync: WebhookSyncEngine = {
      start: async (options) => {
        order.push(`single sync ${options.robawsClientId}`);
        const run = { status: 'SUCCEEDED', created: 0, updated: 0, error: null } as SyncRun;
        return { run, alreadyRunning: false, completion: Promise.resolve({ run }) } as StartedSync;
      },
      applyClientRecords: async (records) => {
        order.push(`write ${records.map(({ client }) => `${client.id} ${client.name}`).join(', ')}`);
        return records.map(() => ({ customerId: null, outcome: 'updated' as const }));
      },
    };
    const ids = await storeInOrder([
      ['client.updated', clientData(9011, '2024-01-01T10:00:00Z', 'before')],
      ['client.deleted', { id: 9011 }],
      ['client.updated', clientData(9011, '2024-01-01T11:00:00Z', 'after')],
    ]);
    startProcessor({ sync });
    for (const eventId of ids) expect((await settledEvent(eventId)).status).toBe('PROCESSED');
    expect(order).toEqual(['write 9011 before', 'single sync 9011', 'write 9011 after']);
  });
});

describe('the same Robaws version twice in one batch', () => {
  it('is applied once; the second event is a DUPLICATE naming the customer the first one wrote', async () => {
    const applied: string[] = [];
    const sync: WebhookSyncEngine = {
      start: (options) => harness.sync.start(options),
      applyClientRecords: (records) => {
        applied.push(...records.map(({ client }) => client.id));
        return harness.sync.applyClientRecords(records);
      },
    };
    const client = harness.sandbox.store.list({ size: 1 }).items[0]!;
    const data = { ...client, updatedAt: '2030-01-01T00:00:00.000Z' };
    const [first, second] = await storeInOrder([
      ['client.updated', data],
      ['client.updated', data],
    ]);
    startProcessor({ sync });
    const [one, two] = [await settledEvent(first!), await settledEvent(second!)];
    expect(applied).toEqual([String(client.id)]);
    const customer = await harness.database.db.customer.findUniqueOrThrow({ where: { robawsClientId: String(client.id) } });
    expect([one, two].map((event) => [event.status, event.outcome, event.customerId])).toEqual([
      ['PROCESSED', 'CREATED', customer.id],
      ['IGNORED', 'DUPLICATE', customer.id],
    ]);
  });
});

describe('client.deleted for a client Robaws still has', () => {
  it('refreshes it through a single sync: CREATED when unknown here, UPDATED when changed, UNCHANGED otherwise', async () => {
    const [client] = harness.sandbox.store.list({ page: 1, size: 1 }).items;
    const robawsClientId = String(client!.id);
    startProcessor();
    const created = await settledEvent(await store('client.deleted', { id: client!.id }));
    const customer = await harness.database.db.customer.findUniqueOrThrow({ where: { robawsClientId } });
    harness.sandbox.store.update(client!.id, { name: 'Renamed In Robaws BV' });
    const updated = await settledEvent(await store('client.deleted', { id: client!.id }));
    const unchanged = await settledEvent(await store('client.deleted', { id: client!.id }));
    expect([created, updated, unchanged].map((event) => [event.status, event.outcome, event.customerId])).toEqual([
      ['PROCESSED', 'CREATED', customer.id],
      ['PROCESSED', 'UPDATED', customer.id],
      ['PROCESSED', 'UNCHANGED', customer.id],
    ]);
    expect((await harness.database.db.customer.findUniqueOrThrow({ where: { robawsClientId } })).goneFromRobawsAt).toBeNull();
  });

  it('is retried when Robaws cannot answer, and FAILED with its error after the last attempt', async () => {
    const [client] = harness.sandbox.store.list({ page: 2, size: 1 }).items;
    harness.sandbox.setKnobs({ errorRate: 1 });
    try {
      startProcessor();
      const event = await settledEvent(await store('client.deleted', { id: client!.id }));
      expect(event).toMatchObject({ status: 'FAILED', attempts: SETTINGS.maxAttempts, outcome: null });
      expect(event.error).toMatch(/500|Internal server error/);
    } finally {
      harness.sandbox.setKnobs({ errorRate: 0 });
    }
  });

  it.each([
    ['the error the run ended with', { run: { status: 'FAILED', error: 'run text' }, error: new Error('Robaws said no') }, 'Robaws said no'],
    ["the run's error text when the engine gives no error", { run: { status: 'FAILED', error: 'lock lost' } }, 'lock lost'],
    ['a plain reason when the run says nothing either', { run: { status: 'FAILED', error: null } }, 'The single sync did not succeed'],
  ] as const)('a failed single sync records %s', async (_label, finished, message) => {
    startProcessor({ sync: engineWithSingleSync(finished), settings: { maxAttempts: 1 } });
    const event = await settledEvent(await store('client.deleted', { id: 9100 }));
    expect(event).toMatchObject({ status: 'FAILED', error: message });
  });
});

describe('failures', () => {
  it('records a failure that is not an Error as its text', async () => {
    const sync: WebhookSyncEngine = {
      start: () => Promise.reject(new Error('not expected')),
      applyClientRecords: () => Promise.reject('the engine threw a string'),
    };
    startProcessor({ sync, settings: { maxAttempts: 1 } });
    const event = await settledEvent(await store('client.updated', clientData(9200, '2024-01-01T10:00:00Z')));
    expect(event).toMatchObject({ status: 'FAILED', error: 'the engine threw a string' });
  });

  it('makes a retry due before the next poll when it is due, without waiting for the poll', async () => {
    let attempts = 0;
    const sync: WebhookSyncEngine = {
      start: () => Promise.reject(new Error('not expected')),
      applyClientRecords: async (records) => {
        attempts++;
        if (attempts === 1) throw new Error('first attempt fails');
        return records.map(() => ({ customerId: null, outcome: 'updated' as const }));
      },
    };
    const eventId = await store('client.updated', clientData(9300, '2024-01-01T10:00:00Z'));
    // The poll would come in an hour; the retry is due within 100 ms.
    startProcessor({ sync, settings: { pollIntervalMs: 3_600_000 } });
    const event = await settledEvent(eventId);
    expect(event).toMatchObject({ status: 'PROCESSED', attempts: 2, error: null });
  });

  it('logs a store that cannot claim, and claims again on the next notice', async () => {
    const { logger, lines } = recordingLogger();
    const errors = () => lines.filter((line) => line.level === 'error').map((line) => String(line.msg));
    let claims = 0;
    class StoreFailingOnce extends WebhookEventStore {
      override async claim(limit: number, leaseMs: number) {
        claims++;
        if (claims === 1) throw new Error('connection reset');
        return super.claim(limit, leaseMs);
      }
    }
    const eventId = await store('client.updated', clientData(9400, '2024-01-01T10:00:00Z'));
    const sync: WebhookSyncEngine = {
      start: () => Promise.reject(new Error('not expected')),
      applyClientRecords: async (records) => records.map(() => ({ customerId: null, outcome: 'updated' as const })),
    };
    const running = startProcessor({ sync, logger, store: new StoreFailingOnce(harness.database.db), settings: { pollIntervalMs: 3_600_000 } });
    await expect.poll(errors).toEqual(['could not claim or record webhook events']);
    expect((await eventOf(eventId)).status).toBe('RECEIVED');
    running.notify();
    expect(await settledEvent(eventId)).toMatchObject({ status: 'PROCESSED', outcome: 'UPDATED', attempts: 1 });
  });
});
