import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDelivery } from '../../src/webhooks/delivery.js';
import { WebhookEventStore } from '../../src/webhooks/event-store.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** The webhook_events table as the processor uses it: claims with a lease, and the results written back. */

let database: TestDatabase;
let store: WebhookEventStore;
beforeAll(async () => {
  database = await createTestDatabase();
  store = new WebhookEventStore(database.db);
});
afterAll(() => database.drop());

async function storeEvent(): Promise<string> {
  const body = JSON.stringify({ id: randomUUID(), event: 'client.updated', data: { id: 4242, name: 'Lease Test BV', updatedAt: '2026-01-05T10:00:00.000Z' } });
  return (await store.saveDelivery(parseDelivery(body), body, {})).id;
}

const row = (id: string) => database.db.webhookEvent.findUniqueOrThrow({ where: { id } });

describe('writing back how an attempt ended', () => {
  it('an attempt whose lease ran out cannot overwrite the result of the attempt that claimed the event after it', async () => {
    const id = await storeEvent();
    // The first claim's lease runs out at once, so the event is claimed again (as after a stalled worker).
    const [stale] = await store.claim(10, 0);
    const [current] = await store.claim(10, 60_000);
    expect([stale, current].map((claim) => [claim!.id, claim!.attempts])).toEqual([
      [id, 1],
      [id, 2],
    ]);

    // The stalled worker ends while the second attempt is still applying the event: nothing changes.
    await store.settle([{ id, attempts: 1, status: 'PROCESSED', outcome: 'UPDATED', customerId: null, durationMs: 5 }]);
    expect(await row(id)).toMatchObject({ status: 'PROCESSING', attempts: 2, outcome: null, processedAt: null });

    await store.settle([{ id, attempts: 2, status: 'PROCESSED', outcome: 'UNCHANGED', customerId: null, durationMs: 7 }]);
    expect(await row(id)).toMatchObject({ status: 'PROCESSED', outcome: 'UNCHANGED', attempts: 2, durationMs: 7 });

    // Its failure arriving after that changes nothing either: the event is not sent back for a retry.
    await store.settle([{ id, attempts: 1, status: 'RECEIVED', error: 'connection reset', nextAttemptAt: new Date() }]);
    expect(await row(id)).toMatchObject({ status: 'PROCESSED', outcome: 'UNCHANGED', attempts: 2, error: null, nextAttemptAt: null });
  });
});
