import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/robaws/signature.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';

const AUTH = `Basic ${Buffer.from('sandbox:sandbox').toString('base64')}`;

interface ReceivedDelivery {
  headers: http.IncomingHttpHeaders;
  rawBody: string;
}

/** A local webhook receiver; `answer` decides each response by the number of the request (1-based). */
async function startReceiver(answer: (requestNumber: number, response: http.ServerResponse) => void = (_, response) => response.end()) {
  const received: ReceivedDelivery[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
      answer(received.length, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/robaws`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function sandboxWith(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = await startSandbox({ port: 0, clients: 50, rateLimitPerSecond: 0, deliveryRetryDelaysMs: [20, 20, 20], ...options });
  closers.push(() => sandbox.close());
  return sandbox;
}

async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const started = await startReceiver(answer);
  closers.push(started.close);
  return started;
}

async function registerEndpoint(sandbox: Sandbox, url: string, events: string[]): Promise<{ id: string; secret: string }> {
  const response = await fetch(`${sandbox.url}/api/v2/webhook-endpoints`, {
    method: 'POST',
    headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
    body: JSON.stringify({ url, events }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; secret: string };
}

function mergePatch(sandbox: Sandbox, id: number, body: unknown): Promise<Response> {
  return fetch(`${sandbox.url}/api/v2/clients/${id}`, {
    method: 'PATCH',
    headers: { Authorization: AUTH, 'Content-Type': 'application/merge-patch+json' },
    body: JSON.stringify(body),
  });
}

describe('sandbox webhook endpoints', () => {
  it('registers an endpoint with a secret shown once, lists it without the secret, and deletes it', async () => {
    const sandbox = await sandboxWith();
    const created = await registerEndpoint(sandbox, 'https://example.test/hooks', ['client.created', 'client.updated']);
    expect(created).toMatchObject({ id: expect.any(String), url: 'https://example.test/hooks', events: ['client.created', 'client.updated'] });
    expect(created.secret.length).toBeGreaterThanOrEqual(32);

    const list = async () => (await (await fetch(`${sandbox.url}/api/v2/webhook-endpoints`, { headers: { Authorization: AUTH } })).json()) as { items: object[]; totalItems: number };
    const listed = await list();
    expect(listed.totalItems).toBe(1);
    expect(listed.items[0]).toMatchObject({ id: created.id, url: 'https://example.test/hooks' });
    expect(listed.items[0]).not.toHaveProperty('secret');

    const remove = () => fetch(`${sandbox.url}/api/v2/webhook-endpoints/${created.id}`, { method: 'DELETE', headers: { Authorization: AUTH } });
    expect((await remove()).status).toBe(204);
    expect((await remove()).status).toBe(404);
    expect((await list()).totalItems).toBe(0);

    const invalid = await fetch(`${sandbox.url}/api/v2/webhook-endpoints`, {
      method: 'POST',
      headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({ url: 'ftp://example.test', events: [] }),
    });
    expect(invalid.status).toBe(422);
    expect(((await invalid.json()) as { errors: Array<{ field: string }> }).errors.map((error) => error.field).sort()).toEqual(['events', 'url']);
  });
});

describe('sandbox webhook deliveries', () => {
  it('delivers a signed {id, event, data} for an update made through the API', async () => {
    const sandbox = await sandboxWith();
    const target = await receiver();
    const { secret } = await registerEndpoint(sandbox, target.url, ['client.updated']);
    const id = sandbox.store.list({ size: 1 }).items[0]!.id;

    expect((await mergePatch(sandbox, id, { email: 'webhook@example.be' })).status).toBe(200);
    await sandbox.whenDeliveriesIdle();

    expect(target.received).toHaveLength(1);
    const [delivery] = target.received;
    expect(delivery!.headers['content-type']).toBe('application/json');
    expect(verifySignature({ header: delivery!.headers['robaws-signature'] as string, rawBody: delivery!.rawBody, secrets: [secret] })).toBe('VALID');
    expect(verifySignature({ header: delivery!.headers['robaws-signature'] as string, rawBody: delivery!.rawBody, secrets: ['other'] })).toBe('MISMATCH');
    const body = JSON.parse(delivery!.rawBody) as { id: string; event: string; data: { id: number; email: string } };
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toMatchObject({ event: 'client.updated', data: { id, email: 'webhook@example.be' } });
    expect(sandbox.deliveries()).toEqual([expect.objectContaining({ eventId: body.id, event: 'client.updated', clientId: id, url: target.url, attempt: 1, status: 200 })]);
  });

  it('delivers only the events an endpoint subscribed to, also for changes made by the store', async () => {
    const sandbox = await sandboxWith();
    const createdOnly = await receiver();
    const updatedOnly = await receiver();
    await registerEndpoint(sandbox, createdOnly.url, ['client.created']);
    await registerEndpoint(sandbox, updatedOnly.url, ['client.updated']);

    const created = sandbox.store.create({ name: 'Webhook Test NV' });
    const changed = sandbox.store.changeRandom(2, 3);
    await sandbox.whenDeliveriesIdle();

    const events = (target: { received: ReceivedDelivery[] }) =>
      target.received.map((delivery) => JSON.parse(delivery.rawBody) as { event: string; data: { id: number } }).map(({ event, data }) => [event, data.id]);
    expect(events(createdOnly)).toEqual([['client.created', created.id]]);
    expect(events(updatedOnly).sort()).toEqual(changed.map((id) => ['client.updated', id]).sort());
  });

  it('retries a receiver that answers 500 twice, with the same event, until it answers 200', async () => {
    const sandbox = await sandboxWith();
    const target = await receiver((requestNumber, response) => {
      response.statusCode = requestNumber <= 2 ? 500 : 200;
      response.end();
    });
    await registerEndpoint(sandbox, target.url, ['client.updated']);
    const id = sandbox.store.list({ size: 1 }).items[0]!.id;

    const eventId = await sandbox.deliver('client.updated', id);

    expect(sandbox.deliveries().map(({ attempt, status }) => [attempt, status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 200],
    ]);
    expect(new Set(target.received.map((delivery) => (JSON.parse(delivery.rawBody) as { id: string }).id))).toEqual(new Set([eventId]));
  });

  it('counts a receiver that hangs past the timeout as failed, and retries it', async () => {
    const sandbox = await sandboxWith({ deliveryTimeoutMs: 200 });
    const target = await receiver((requestNumber, response) => {
      if (requestNumber > 1) response.end();
    });
    await registerEndpoint(sandbox, target.url, ['client.updated']);
    const id = sandbox.store.list({ size: 1 }).items[0]!.id;

    await sandbox.deliver('client.updated', id);

    const attempts = sandbox.deliveries();
    expect(attempts.map(({ attempt, status }) => [attempt, status])).toEqual([
      [1, null],
      [2, 200],
    ]);
    expect(attempts[0]!.error).toMatch(/200 ms/);
  });

  it('gives up after the last retry', async () => {
    const sandbox = await sandboxWith({ deliveryRetryDelaysMs: [10, 10] });
    const target = await receiver((_, response) => {
      response.statusCode = 503;
      response.end();
    });
    await registerEndpoint(sandbox, target.url, ['client.updated']);
    await sandbox.deliver('client.updated', sandbox.store.list({ size: 1 }).items[0]!.id);
    expect(sandbox.deliveries().map(({ status }) => status)).toEqual([503, 503, 503]);
    expect(target.received).toHaveLength(3);
  });

  it('sends an old snapshot on demand, after a newer state was delivered', async () => {
    const sandbox = await sandboxWith();
    const target = await receiver();
    await registerEndpoint(sandbox, target.url, ['client.updated']);
    const id = sandbox.store.list({ size: 1 }).items[0]!.id;
    const stale = sandbox.store.get(id)!;
    await mergePatch(sandbox, id, { name: 'Newer Name BV' });
    await sandbox.whenDeliveriesIdle();

    await sandbox.deliverSnapshot('client.updated', stale);

    const names = target.received.map((delivery) => (JSON.parse(delivery.rawBody) as { data: { name: string } }).data.name);
    expect(names).toEqual(['Newer Name BV', stale.name]);
    await expect(sandbox.deliver('client.updated', 999_999)).rejects.toThrow(/999999/);
  });

  it('abandons pending deliveries on close', async () => {
    const sandbox = await startSandbox({ port: 0, clients: 20, deliveryRetryDelaysMs: [60_000] });
    const target = await receiver((_, response) => {
      response.statusCode = 500;
      response.end();
    });
    await registerEndpoint(sandbox, target.url, ['client.updated']);
    sandbox.store.changeRandom(1);
    // The first attempt failed: the delivery now waits a minute for its retry.
    await expect.poll(() => sandbox.deliveries()).toHaveLength(1);

    await sandbox.close();
    // Settles only once the waiting retry is abandoned (a minute would fail the test).
    await sandbox.whenDeliveriesIdle();
    expect(sandbox.deliveries()).toHaveLength(1);
    expect(target.received).toHaveLength(1);
  });
});
