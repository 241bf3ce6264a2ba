import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFUSED_BODY_EXCERPT_BYTES, WEBHOOK_MAX_BODY_BYTES } from '../../src/webhooks/delivery.js';
import { createHarness, type Harness } from '../support/harness.js';
import { createWebhookApp, postDelivery, signedDelivery, testWebhookConfig, type WebhookApp } from '../support/webhooks.js';

/** Refused deliveries cost us little: an excerpt each, a budget per source, and a bounded store. */

const MEGABYTE = 1024 * 1024;
let harness: Harness;
beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 3 } });
}, 60_000);
afterAll(() => harness?.close());

async function listening(refusals: { recordedPerMinute?: number; keepMax?: number; keepMs?: number }): Promise<{ server: WebhookApp; url: string }> {
  const defaults = testWebhookConfig().refusals;
  const server = await createWebhookApp(harness, { refusals: { ...defaults, ...refusals } });
  const { url } = await server.app.listen(0, '127.0.0.1');
  return { server, url };
}

async function refusedRows() {
  return harness.database.db.webhookEvent.findMany({ where: { status: 'REJECTED' }, orderBy: { receivedAt: 'asc' } });
}

async function clearRefused(): Promise<void> {
  await harness.database.db.webhookEvent.deleteMany({ where: { status: 'REJECTED' } });
}

const unsigned = (body: string | Uint8Array<ArrayBuffer>) => ({ body, headers: { 'content-type': 'application/json' } });

describe('refused webhook deliveries', () => {
  it('unsigned 1 MB bodies: each answered 401; only the source budget is recorded, each as a 4 KiB excerpt with its size', async () => {
    await clearRefused();
    const { server, url } = await listening({ recordedPerMinute: 10 });
    try {
      const body = new TextEncoder().encode(`{"id":"x","event":"client.updated","data":{"pad":"${'x'.repeat(MEGABYTE)}"}}`);
      const statuses: number[] = [];
      for (let index = 0; index < 40; index++) statuses.push((await postDelivery(url, unsigned(body))).status);
      expect(statuses).toEqual(Array(40).fill(401));
      const rows = await refusedRows();
      expect(rows).toHaveLength(10);
      for (const row of rows) {
        expect(row).toMatchObject({ signature: 'MISSING', bodyBytes: body.byteLength, eventId: null });
        expect(Buffer.byteLength(row.rawBody)).toBe(REFUSED_BODY_EXCERPT_BYTES);
      }
    } finally {
      await server.app.close();
    }
  });

  it('a signed body over the limit is refused with 413 and kept as an excerpt with its size', async () => {
    await clearRefused();
    const { server, url } = await listening({});
    try {
      const delivery = signedDelivery({ id: '1', pad: 'y'.repeat(WEBHOOK_MAX_BODY_BYTES) });
      const response = await postDelivery(url, delivery);
      expect(response.status).toBe(413);
      const [row] = await refusedRows();
      // Only the first megabyte was read, so the signature over the whole body cannot match.
      expect(row).toMatchObject({ signature: 'MISMATCH', bodyBytes: Buffer.byteLength(delivery.body), error: expect.stringContaining('BODY_TOO_LARGE') });
      expect(row!.rawBody).toBe(delivery.body.slice(0, REFUSED_BODY_EXCERPT_BYTES));
    } finally {
      await server.app.close();
    }
  });

  it('the store keeps at most the configured number of refusals, the newest', async () => {
    await clearRefused();
    const { server, url } = await listening({ keepMax: 3 });
    try {
      for (let index = 0; index < 6; index++) await postDelivery(url, unsigned(`{"attempt":${index}}`));
      expect((await refusedRows()).map((row) => row.rawBody)).toEqual(['{"attempt":3}', '{"attempt":4}', '{"attempt":5}']);
    } finally {
      await server.app.close();
    }
  });

  it('refusals older than the configured age go when the next one is recorded; accepted events stay', async () => {
    await clearRefused();
    const { server, url } = await listening({ keepMs: 60_000 });
    try {
      await postDelivery(url, unsigned('{"old":true}'));
      const accepted = signedDelivery({ id: '999999' }, { event: 'client.deleted' });
      expect((await postDelivery(url, accepted)).status).toBe(202);
      await harness.database.db.webhookEvent.updateMany({ data: { receivedAt: new Date(Date.now() - 120_000) } });
      await postDelivery(url, unsigned('{"new":true}'));
      expect((await refusedRows()).map((row) => row.rawBody)).toEqual(['{"new":true}']);
      expect(await harness.database.db.webhookEvent.count({ where: { eventId: accepted.eventId } })).toBe(1);
    } finally {
      await server.app.close();
    }
  });
});
