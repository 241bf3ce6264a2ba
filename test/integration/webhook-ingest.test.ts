import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signatureHeader } from '../../src/robaws/signature.js';
import { bodyExcerpt, WEBHOOK_MAX_BODY_BYTES, WEBHOOK_PATH } from '../../src/webhooks/delivery.js';
import type { JsonObject } from '../../src/sandbox/json.js';
import type { ClientRecord } from '../../src/sandbox/store.js';
import { createHarness, type Harness } from '../support/harness.js';
import { createWebhookApp, postDelivery, signedDelivery, TEST_WEBHOOK_SECRET, whenEventsSettled, type WebhookApp } from '../support/webhooks.js';

let harness: Harness;
let server: WebhookApp;
let baseUrl: string;
/** The sandbox's client ids, in order: tests refer to clients by position. */
let ids: number[];

beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 260 } });
  await harness.sync.run({ kind: 'FULL', trigger: 'API' });
  ids = harness.sandbox.store.list({ size: 1000 }).items.map((client) => client.id);
  server = await createWebhookApp(harness);
  server.webhooks.processor.start();
  ({ url: baseUrl } = await server.app.listen(0, '127.0.0.1'));
});

afterAll(async () => {
  await server?.webhooks.processor.stop();
  await server?.app.close();
  await harness?.close();
});

/** A client changed in the sandbox (as Robaws would have it after an edit), not yet known here. */
function changedClient(position: number, change: JsonObject): ClientRecord {
  return harness.sandbox.store.update(ids[position]!, change);
}

function currentClient(position: number): ClientRecord {
  return harness.sandbox.store.get(ids[position]!)!;
}

async function customer(position: number) {
  return harness.database.db.customer.findUniqueOrThrow({ where: { robawsClientId: String(ids[position]) } });
}

describe('signature', () => {
  it('accepts a valid signature: 202 at once, applied afterwards', async () => {
    const client = changedClient(1, { name: 'Signed And Sound BV' });
    const delivery = signedDelivery(client);
    const response = await postDelivery(baseUrl, delivery);
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ received: true, duplicate: false });
    await whenEventsSettled(harness);
    const event = await harness.database.db.webhookEvent.findUniqueOrThrow({ where: { eventId: delivery.eventId } });
    expect(event).toMatchObject({ status: 'PROCESSED', outcome: 'UPDATED', signature: 'VALID', rawBody: delivery.body });
    expect(event.customerId).toBe((await customer(1)).id);
    expect((await customer(1)).name).toBe('Signed And Sound BV');
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['a wrong secret', 'MISMATCH', (body: string) => ({ body, signature: signatureHeader('not-the-secret', body) })],
    ['an altered body', 'MISMATCH', (body: string) => ({ body: body.replace('Forged', 'F0rged'), signature: signatureHeader(TEST_WEBHOOK_SECRET, body) })],
    ['an old timestamp', 'EXPIRED', (body: string) => ({ body, signature: signatureHeader(TEST_WEBHOOK_SECRET, body, now() - 301) })],
    ['a timestamp from the future', 'EXPIRED', (body: string) => ({ body, signature: signatureHeader(TEST_WEBHOOK_SECRET, body, now() + 301) })],
    ['no header', 'MISSING', (body: string) => ({ body, signature: null })],
    ['a malformed header', 'MALFORMED', (body: string) => ({ body, signature: 'sha256=abc' })],
  ])('rejects %s with 401, keeps the body, never applies it', async (_label, verdict, forge) => {
    const before = await customer(2);
    const genuine = signedDelivery({ ...currentClient(2), name: 'Forged Name', updatedAt: new Date(Date.now() + 60_000).toISOString() });
    const { body, signature } = forge(genuine.body);
    const response = await postDelivery(baseUrl, { body, headers: { 'content-type': 'application/json', ...(signature ? { 'robaws-signature': signature } : {}) } });
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe(`SIGNATURE_${verdict}`);
    await whenEventsSettled(harness);
    const recorded = await harness.database.db.webhookEvent.findFirstOrThrow({ where: { rawBody: body } });
    expect(recorded).toMatchObject({ status: 'REJECTED', signature: verdict, eventId: null, customerId: null });
    expect(await harness.database.db.webhookEvent.count({ where: { eventId: genuine.eventId } })).toBe(0);
    expect((await customer(2)).name).toBe(before.name);
  });
});

describe('idempotency and order', () => {
  it('the same event delivered 5 times is stored once, applied once, and answered 2xx each time', async () => {
    const delivery = signedDelivery(changedClient(3, { name: 'Five Times BV' }));
    const responses = await Promise.all(Array.from({ length: 5 }, () => postDelivery(baseUrl, delivery)));
    expect(responses.map((response) => response.status)).toEqual([202, 202, 202, 202, 202]);
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(bodies.filter((body) => !body.duplicate)).toHaveLength(1);
    await whenEventsSettled(harness);
    const events = await harness.database.db.webhookEvent.findMany({ where: { robawsClientId: String(ids[3]) } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ status: 'PROCESSED', outcome: 'UPDATED', deliveries: 5, attempts: 1 });
    expect((await customer(3)).name).toBe('Five Times BV');
  });

  it('a second event for the same client and updated-at is recognised and not applied again', async () => {
    const client = changedClient(4, { name: 'Twin Events BV' });
    await postDelivery(baseUrl, signedDelivery(client));
    await whenEventsSettled(harness);
    const appliedAt = (await customer(4)).updatedAt;
    expect((await postDelivery(baseUrl, signedDelivery(client))).status).toBe(202);
    await whenEventsSettled(harness);
    const events = await harness.database.db.webhookEvent.findMany({ where: { robawsClientId: String(ids[4]) }, orderBy: { receivedAt: 'asc' } });
    expect(events.map((event) => [event.status, event.outcome])).toEqual([
      ['PROCESSED', 'UPDATED'],
      ['IGNORED', 'DUPLICATE'],
    ]);
    expect((await customer(4)).updatedAt).toEqual(appliedAt);
  });

  it('a second event for the same client and updated-at, claimed in the same batch as the first, is not applied again', async () => {
    const client = changedClient(15, { name: 'Same Batch Twins BV' });
    const twins = [signedDelivery(client), signedDelivery(client)];
    // Both are stored while nothing applies events: the next claim takes them together.
    await server.webhooks.processor.stop();
    try {
      for (const delivery of twins) expect((await postDelivery(baseUrl, delivery)).status).toBe(202);
    } finally {
      server.webhooks.processor.start();
    }
    await whenEventsSettled(harness);
    const events = await harness.database.db.webhookEvent.findMany({ where: { eventId: { in: twins.map((delivery) => delivery.eventId) } } });
    expect(events.map((event) => `${event.status} ${event.outcome}`).sort()).toEqual(['IGNORED DUPLICATE', 'PROCESSED UPDATED']);
    const { id } = await customer(15);
    expect(events.map((event) => event.customerId)).toEqual([id, id]);
    expect(events.map((event) => event.attempts)).toEqual([1, 1]);
  });

  it('an older update arriving after a newer one changes nothing', async () => {
    const older = changedClient(5, { name: 'Older Name' });
    const newer = changedClient(5, { name: 'Newer Name' });
    await postDelivery(baseUrl, signedDelivery(newer));
    await whenEventsSettled(harness);
    const late = signedDelivery(older);
    expect((await postDelivery(baseUrl, late)).status).toBe(202);
    await whenEventsSettled(harness);
    expect(await harness.database.db.webhookEvent.findUniqueOrThrow({ where: { eventId: late.eventId } })).toMatchObject({
      status: 'IGNORED',
      outcome: 'STALE',
    });
    expect((await customer(5)).name).toBe('Newer Name');
  });

  it('200 events for 200 clients, 20 at a time: all stored, all applied, none lost', async () => {
    const positions = Array.from({ length: 200 }, (_, index) => 50 + index);
    const deliveries = positions.map((position) => signedDelivery(changedClient(position, { name: `Burst Client ${position}` })));
    for (let start = 0; start < deliveries.length; start += 20) {
      const statuses = await Promise.all(deliveries.slice(start, start + 20).map(async (delivery) => (await postDelivery(baseUrl, delivery)).status));
      expect(statuses).toEqual(Array(20).fill(202));
    }
    await whenEventsSettled(harness);
    const events = await harness.database.db.webhookEvent.findMany({ where: { eventId: { in: deliveries.map((delivery) => delivery.eventId) } } });
    expect(events).toHaveLength(200);
    expect(events.every((event) => event.status === 'PROCESSED' && event.outcome === 'UPDATED' && event.customerId !== null)).toBe(true);
    const customers = await harness.database.db.customer.findMany({ where: { robawsClientId: { in: positions.map((position) => String(ids[position])) } }, select: { name: true } });
    expect(customers.filter((row) => row.name.startsWith('Burst Client '))).toHaveLength(200);
  });
});

describe('failures while applying', () => {
  it('retries, and leaves the event FAILED, with its error, after the last attempt', async () => {
    // Postgres cannot store U+0000 in jsonb: applying this client fails every time.
    const delivery = signedDelivery({ ...currentClient(6), name: 'Nul\u0000Byte', updatedAt: new Date(Date.now() + 60_000).toISOString() });
    expect((await postDelivery(baseUrl, delivery)).status).toBe(202);
    await whenEventsSettled(harness);
    const event = await harness.database.db.webhookEvent.findUniqueOrThrow({ where: { eventId: delivery.eventId } });
    expect(event).toMatchObject({ status: 'FAILED', attempts: 3, nextAttemptAt: null, customerId: null });
    expect(event.error).toMatch(/\\u0000|unicode|escape/i);
  });

  it('puts a failed attempt back to wait for its backoff: at least half the base delay after it was received', async () => {
    const slow = await createHarness({ sandbox: { clients: 3 } });
    const app = await createWebhookApp(slow, { retryBaseMs: 60_000, retryMaxMs: 60_000 });
    try {
      app.webhooks.processor.start();
      const { url } = await app.app.listen(0, '127.0.0.1');
      const [client] = slow.sandbox.store.list({ size: 1 }).items;
      // Fails every time, as above.
      const delivery = signedDelivery({ ...client!, name: 'Nul\u0000Byte' });
      expect((await postDelivery(url, delivery)).status).toBe(202);
      const waiting = await vi.waitFor(async () => {
        const event = await slow.database.db.webhookEvent.findUniqueOrThrow({ where: { eventId: delivery.eventId } });
        expect(event).toMatchObject({ status: 'RECEIVED', attempts: 1, processedAt: null });
        return event;
      }, { timeout: 10_000 });
      expect(waiting.error).toMatch(/\\u0000|unicode|escape/i);
      expect(waiting.nextAttemptAt!.getTime() - waiting.receivedAt.getTime()).toBeGreaterThanOrEqual(30_000);
    } finally {
      await app.webhooks.processor.stop();
      await app.app.close();
      await slow.close();
    }
  });
});

describe('client.deleted', () => {
  it('asks Robaws through a single sync: a client it no longer has is marked gone', async () => {
    harness.sandbox.store.delete(ids[13]!);
    const delivery = signedDelivery({ id: ids[13] }, { event: 'client.deleted' });
    expect((await postDelivery(baseUrl, delivery)).status).toBe(202);
    await whenEventsSettled(harness);
    const gone = await customer(13);
    expect(await harness.database.db.webhookEvent.findUniqueOrThrow({ where: { eventId: delivery.eventId } })).toMatchObject({
      status: 'PROCESSED',
      outcome: 'GONE',
      customerId: gone.id,
    });
    expect(gone.goneFromRobawsAt).not.toBeNull();
  });

  it('asks Robaws through a single sync: a client it still has is refreshed from Robaws, not marked gone', async () => {
    changedClient(16, { name: 'Still In Robaws BV' });
    const delivery = signedDelivery({ id: ids[16] }, { event: 'client.deleted' });
    expect((await postDelivery(baseUrl, delivery)).status).toBe(202);
    await whenEventsSettled(harness);
    const kept = await customer(16);
    expect(await harness.database.db.webhookEvent.findUniqueOrThrow({ where: { eventId: delivery.eventId } })).toMatchObject({
      status: 'PROCESSED',
      outcome: 'UPDATED',
      customerId: kept.id,
    });
    expect(kept).toMatchObject({ name: 'Still In Robaws BV', goneFromRobawsAt: null, isActive: true });
  });
});

describe('a process that keeps dying while applying an event', () => {
  it('gives the event up as FAILED once its claims exceed the attempts, instead of claiming it forever', async () => {
    const delivery = signedDelivery(changedClient(14, { name: 'Never Finished BV' }));
    await server.webhooks.processor.stop();
    try {
      expect((await postDelivery(baseUrl, delivery)).status).toBe(202);
      // As left by the last of three processes that claimed it and died before their lease ran out.
      await harness.database.db.webhookEvent.update({
        where: { eventId: delivery.eventId },
        data: { status: 'PROCESSING', attempts: 3, nextAttemptAt: new Date(Date.now() - 1000) },
      });
    } finally {
      server.webhooks.processor.start();
    }
    await whenEventsSettled(harness);
    expect(await harness.database.db.webhookEvent.findUniqueOrThrow({ where: { eventId: delivery.eventId } })).toMatchObject({
      status: 'FAILED',
      attempts: 4,
      error: 'Gave up after 3 attempts that did not finish',
    });
  });
});

describe('bad input', () => {
  const validData = () => currentClient(7);
  const signed = (body: string | Uint8Array<ArrayBuffer>, contentType: string | null = 'application/json') => ({
    body,
    headers: { ...(contentType ? { 'content-type': contentType } : {}), 'robaws-signature': signatureHeader(TEST_WEBHOOK_SECRET, body) },
  });
  const cases: Array<[string, () => { body: string | Uint8Array<ArrayBuffer>; headers: Record<string, string> }, number, string]> = [
    ['not JSON', () => signed('hello robaws'), 400, 'INVALID_JSON'],
    ['truncated JSON', () => signed(signedDelivery(validData()).body.slice(0, 60)), 400, 'INVALID_JSON'],
    ['an empty body', () => signed(''), 400, 'INVALID_JSON'],
    ['bytes that are not UTF-8', () => signed(new Uint8Array([0x7b, 0xff, 0xfe, 0x00, 0x7d])), 400, 'INVALID_ENCODING'],
    ['text/plain', () => signed(signedDelivery(validData()).body, 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['no content type', () => signed(signedDelivery(validData()).body, null), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a body over 1 MB', () => signed(JSON.stringify({ id: 'big', event: 'client.updated', data: { id: ids[7], pad: 'x'.repeat(WEBHOOK_MAX_BODY_BYTES) } })), 413, 'BODY_TOO_LARGE'],
    ['a JSON array', () => signed('[]'), 422, 'INVALID_PAYLOAD'],
    ['JSON null', () => signed('null'), 422, 'INVALID_PAYLOAD'],
    ['wrong types', () => signed(JSON.stringify({ id: 42, event: ['client.updated'], data: 'client' })), 422, 'INVALID_PAYLOAD'],
    ['data without an id', () => signed(JSON.stringify({ id: 'e1', event: 'client.updated', data: { name: 'No Id' } })), 422, 'INVALID_PAYLOAD'],
    ['a client that does not fit the schema', () => signed(JSON.stringify({ id: 'e2', event: 'client.updated', data: { ...validData(), email: 5, isActive: 'yes' } })), 422, 'INVALID_PAYLOAD'],
    ['an unknown event type', () => signed(JSON.stringify({ id: 'e3', event: 'invoice.created', data: { id: ids[7] } })), 422, 'UNKNOWN_EVENT_TYPE'],
  ];

  it.each(cases)('%s: a clear 4xx, recorded with its body', async (_label, make, status, code) => {
    const request = make();
    const response = await postDelivery(baseUrl, request);
    expect(response.status).toBe(status);
    expect((await response.json()).error.code).toBe(code);
    // The row of this request: its body as stored (the part read, for one over the limit).
    const bytes = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
    const rows = await harness.database.db.webhookEvent.findMany({ where: { rawBody: bodyExcerpt(bytes.subarray(0, WEBHOOK_MAX_BODY_BYTES)) } });
    expect(rows).toEqual([expect.objectContaining({ status: 'REJECTED', eventId: null, error: expect.stringMatching(new RegExp(`^${code}: `)) })]);
  });

  it('GET is 405 with Allow: POST', async () => {
    const response = await fetch(`${baseUrl}${WEBHOOK_PATH}`);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('a sender that goes away mid-body does not upset the server, which keeps serving', async () => {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(new URL(baseUrl).port), '127.0.0.1', () => {
        // Gone as soon as the first part of the body is sent: 5000 bytes announced, 10 sent.
        socket.write(`POST ${WEBHOOK_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"id":"cut`, () => socket.destroy());
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    const healthy = await fetch(`${baseUrl}/healthz`);
    expect(healthy.status).toBe(200);
    const valid = await postDelivery(baseUrl, signedDelivery(changedClient(8, { name: 'Still Serving BV' })));
    expect(valid.status).toBe(202);
    await whenEventsSettled(harness);
    expect((await customer(8)).name).toBe('Still Serving BV');
  });
});

describe('rate limit per source', () => {
  it('answers 429 with Retry-After past the limit, but never for an event already stored', async () => {
    const limited = await createWebhookApp(harness, { rateLimitPerMinute: 3 });
    const { url } = await limited.app.listen(0, '127.0.0.1');
    try {
      const first = signedDelivery(changedClient(9, { name: 'Rate One' }));
      expect((await postDelivery(url, first)).status).toBe(202);
      expect((await postDelivery(url, signedDelivery(changedClient(10, { name: 'Rate Two' })))).status).toBe(202);
      expect((await postDelivery(url, signedDelivery(changedClient(11, { name: 'Rate Three' })))).status).toBe(202);
      const over = signedDelivery(changedClient(12, { name: 'Rate Four' }));
      const refused = await postDelivery(url, over);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await harness.database.db.webhookEvent.count({ where: { eventId: over.eventId } })).toBe(0);
      const again = await postDelivery(url, first);
      expect(again.status).toBe(202);
      expect(await again.json()).toMatchObject({ duplicate: true });
    } finally {
      await limited.app.close();
    }
  });
});
