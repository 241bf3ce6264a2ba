import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { JSON_PATCH_TEST_FAILED_STATUS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';

interface Page {
  items: Array<{ id: number; [field: string]: unknown }>;
  totalItems: number;
  page: number;
  size: number;
}

const AUTH = `Basic ${Buffer.from('sandbox:sandbox').toString('base64')}`;

function api(sandbox: Sandbox, path: string, init: RequestInit & { contentType?: string } = {}): Promise<Response> {
  const { contentType, ...rest } = init;
  return fetch(`${sandbox.url}${path}`, {
    ...rest,
    headers: { Authorization: AUTH, ...(contentType ? { 'Content-Type': contentType } : {}), ...rest.headers },
  });
}

async function listPage(sandbox: Sandbox, query: string): Promise<Page> {
  const response = await api(sandbox, `/api/v2/clients?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
}

function patch(sandbox: Sandbox, id: number, contentType: string, body: unknown): Promise<Response> {
  return api(sandbox, `/api/v2/clients/${id}`, { method: 'PATCH', contentType, body: JSON.stringify(body) });
}

describe('sandbox HTTP API', () => {
  let sandbox: Sandbox;
  let allIds: number[];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, rateLimitPerSecond: 0 });
    allIds = sandbox.store.list({ size: 10_000 }).items.map((client) => client.id);
  });
  afterAll(() => sandbox.close());

  it('asks for Basic credentials on every API route', async () => {
    const missing = await fetch(`${sandbox.url}/api/v2/clients`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Basic/);
    const wrong = await fetch(`${sandbox.url}/api/v2/clients/1001`, { headers: { Authorization: `Basic ${Buffer.from('sandbox:nope').toString('base64')}` } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toHaveProperty('message');
  });

  it('pages with a default size of 10 and at most 100', async () => {
    const first = await listPage(sandbox, '');
    expect(first).toMatchObject({ page: 0, size: 10, totalItems: 4017 });
    expect(first.items.map((client) => client.id)).toEqual(allIds.slice(0, 10));

    expect((await listPage(sandbox, 'size=100')).items).toHaveLength(100);
    const tooLarge = await api(sandbox, '/api/v2/clients?size=101');
    expect(tooLarge.status).toBe(400);
    expect(((await tooLarge.json()) as { message: string }).message).toMatch(/100/);
    expect((await api(sandbox, '/api/v2/clients?page=-1')).status).toBe(400);
  });

  it('covers every client exactly once, in a stable order, with a partial last page', async () => {
    const seen: number[] = [];
    for (let page = 0; page * 100 < 4017; page++) {
      const result = await listPage(sandbox, `page=${page}&size=100&include=contacts,address.country`);
      expect(result.totalItems).toBe(4017);
      seen.push(...result.items.map((client) => client.id));
    }
    expect(seen).toEqual(allIds);
    expect((await listPage(sandbox, 'page=40&size=100')).items).toHaveLength(17);
    expect((await listPage(sandbox, 'page=41&size=100')).items).toHaveLength(0);
  });

  it('sorts by one or more fields', async () => {
    const byNameDesc = (await listPage(sandbox, 'size=100&sort=name:desc')).items.map((client) => String(client.name));
    expect(byNameDesc).toEqual([...byNameDesc].sort((left, right) => new Intl.Collator('en').compare(right, left)));
    const byCurrency = (await listPage(sandbox, 'size=100&sort=currency:asc,id:desc')).items;
    expect(new Set(byCurrency.map((client) => client.currency))).toEqual(new Set(['AED', 'EUR']));
    const inOrder = byCurrency.every((client, index) => {
      const previous = byCurrency[index - 1];
      return !previous || String(previous.currency) < String(client.currency) || (previous.currency === client.currency && previous.id > client.id);
    });
    expect(inOrder).toBe(true);
    expect((await api(sandbox, '/api/v2/clients?sort=name:sideways')).status).toBe(400);
  });

  it('filters on a custom field, with or without URL-encoded brackets', async () => {
    const encoded = await listPage(sandbox, 'size=100&extraFields%5BRole%5D=FORWARDER');
    const plain = await listPage(sandbox, 'size=100&extraFields[Role]=FORWARDER');
    expect(encoded).toEqual(plain);
    expect(encoded.totalItems).toBeGreaterThan(300);
    expect(encoded.totalItems).toBe(sandbox.store.list({ filters: { extraFields: { Role: 'FORWARDER' } } }).totalItems);
    expect(encoded.items.every((client) => (client.extraFields as { Role: { stringValue: string } }).Role.stringValue === 'FORWARDER')).toBe(true);
  });

  it('returns exactly the clients changed at or after updatedFrom', async () => {
    const before = new Date().toISOString();
    const changed = sandbox.store.changeRandom(50, 7);
    const result = await listPage(sandbox, `size=100&updatedFrom=${encodeURIComponent(before)}`);
    expect(result.totalItems).toBe(50);
    expect(result.items.map((client) => client.id).sort()).toEqual([...changed].sort());

    const last = sandbox.store.get(changed.at(-1)!)!;
    const inclusive = await listPage(sandbox, `updatedFrom=${encodeURIComponent(last.updatedAt)}`);
    expect(inclusive.items.map((client) => client.id)).toEqual([last.id]);
    expect((await api(sandbox, '/api/v2/clients?updatedFrom=yesterday')).status).toBe(400);
  });

  it('answers 404 with a message for an unknown client', async () => {
    const response = await api(sandbox, '/api/v2/clients/999999');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: expect.stringContaining('999999') });
  });

  it('creates a client (201) and validates like Robaws would (422)', async () => {
    const created = await api(sandbox, '/api/v2/clients', {
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ name: 'Delta Logistics BV', email: 'info@delta-logistics.be' }),
    });
    expect(created.status).toBe(201);
    const client = (await created.json()) as { id: number };
    expect(await (await api(sandbox, `/api/v2/clients/${client.id}`)).json()).toMatchObject({ name: 'Delta Logistics BV' });

    const invalid = await api(sandbox, '/api/v2/clients', {
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ name: '', email: 'info.delta-logistics.be', currency: 'EURO' }),
    });
    expect(invalid.status).toBe(422);
    const body = (await invalid.json()) as { message: string; errors: Array<{ field: string; message: string }> };
    expect(body.message).toBe('Validation failed');
    expect(body.errors.map((error) => error.field).sort()).toEqual(['currency', 'email', 'name']);
  });

  it('applies a merge patch, where null removes a field, and returns the client', async () => {
    const id = allIds[5]!;
    const response = await patch(sandbox, id, 'application/merge-patch+json', { email: 'new@example.be', gsm: null, address: { city: 'Gent' } });
    expect(response.status).toBe(200);
    const client = (await response.json()) as Record<string, unknown>;
    expect(client).toMatchObject({ id, email: 'new@example.be', address: { city: 'Gent' } });
    expect(client).not.toHaveProperty('gsm');
    expect(client.updatedAt).toBe(sandbox.store.get(id)!.updatedAt);
    expect((await patch(sandbox, id, 'application/merge-patch+json', { email: 'no-at-sign' })).status).toBe(422);
  });

  it('applies a JSON patch whose test passes, and refuses one whose test fails', async () => {
    const id = allIds[6]!;
    const { name } = sandbox.store.get(id)!;
    const passing = await patch(sandbox, id, 'application/json-patch+json', [
      { op: 'test', path: '/name', value: name },
      { op: 'replace', path: '/name', value: 'Patched BV' },
    ]);
    expect(passing.status).toBe(200);
    expect(await passing.json()).toMatchObject({ name: 'Patched BV' });

    const failing = await patch(sandbox, id, 'application/json-patch+json', [
      { op: 'test', path: '/name', value: name },
      { op: 'replace', path: '/name', value: 'Lost update BV' },
    ]);
    expect(failing.status).toBe(JSON_PATCH_TEST_FAILED_STATUS);
    expect(await failing.json()).toHaveProperty('message');
    expect(sandbox.store.get(id)!.name).toBe('Patched BV');
    expect((await patch(sandbox, id, 'application/json-patch+json', { op: 'replace' })).status).toBe(400);
  });

  it('refuses PUT (405), other content types (415) and bodies that are not JSON (400)', async () => {
    const id = allIds[7]!;
    const put = await api(sandbox, `/api/v2/clients/${id}`, { method: 'PUT', contentType: 'application/json', body: '{}' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, PATCH');
    expect((await patch(sandbox, id, 'application/json', { name: 'x' })).status).toBe(415);
    const notJson = await api(sandbox, `/api/v2/clients/${id}`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: '{name:' });
    expect(notJson.status).toBe(400);
  });

  it('hides a deleted client from get and lists until it is restored', async () => {
    const id = allIds[8]!;
    const before = await listPage(sandbox, 'size=1');
    sandbox.store.delete(id);
    expect((await api(sandbox, `/api/v2/clients/${id}`)).status).toBe(404);
    expect((await patch(sandbox, id, 'application/merge-patch+json', { name: 'x' })).status).toBe(404);
    const during = await listPage(sandbox, 'size=100');
    expect(during.totalItems).toBe(before.totalItems - 1);
    expect(during.items.some((client) => client.id === id)).toBe(false);
    sandbox.store.restore(id);
    expect((await api(sandbox, `/api/v2/clients/${id}`)).status).toBe(200);
    expect((await listPage(sandbox, 'size=1')).totalItems).toBe(before.totalItems);
  });

  it('fails list pages from a given page on, and sends malformed pages, as set at run time', async () => {
    sandbox.setKnobs({ failListPagesFrom: 10, malformedPages: [3] });
    try {
      expect((await api(sandbox, '/api/v2/clients?page=9&size=100')).status).toBe(200);
      expect((await api(sandbox, '/api/v2/clients?page=10&size=100')).status).toBe(500);
      expect((await api(sandbox, '/api/v2/clients?page=11')).status).toBe(500);
      const malformed = await api(sandbox, '/api/v2/clients?page=3');
      expect(malformed.status).toBe(200);
      expect(await malformed.json()).not.toHaveProperty('items');
      expect((await api(sandbox, `/api/v2/clients/${allIds[0]}`)).status).toBe(200);
    } finally {
      sandbox.setKnobs({ failListPagesFrom: null, malformedPages: [] });
    }
    expect((await api(sandbox, '/api/v2/clients?page=10')).status).toBe(200);
    expect(() => sandbox.setKnobs({ errorRate: 2 })).toThrow();
  });

  it('injects errors when asked', async () => {
    sandbox.setKnobs({ errorRate: 1 });
    try {
      expect((await api(sandbox, '/api/v2/clients')).status).toBe(500);
    } finally {
      sandbox.setKnobs({ errorRate: 0 });
    }
    expect((await api(sandbox, '/api/v2/clients')).status).toBe(200);
  });

  it('holds each API request for the latency set at run time before answering it', async () => {
    // Fake timers stand in for the wait; the request itself goes over a real socket.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sandbox.setKnobs({ latencyMs: 150 });
    try {
      const requestsBefore = sandbox.stats().requests;
      let answered = false;
      const answer = api(sandbox, '/api/v2/clients').then((response) => {
        answered = true;
        return response.status;
      });
      // Counted on arrival, just before the wait starts. (expect.poll would move the fake timers on.)
      while (sandbox.stats().requests === requestsBefore) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(149);
      expect(answered).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await answer).toBe(200);
    } finally {
      vi.useRealTimers();
      sandbox.setKnobs({ latencyMs: 0 });
    }
  });

  it('counts requests by route and records list requests', async () => {
    sandbox.resetStats();
    await api(sandbox, '/api/v2/clients?page=2&size=50&updatedFrom=2025-01-01T00:00:00Z');
    await api(sandbox, '/api/v2/clients');
    await api(sandbox, `/api/v2/clients/${allIds[0]}`);
    await api(sandbox, `/api/v2/clients/${allIds[1]}`);
    expect(sandbox.stats()).toEqual({
      requests: 4,
      byRoute: { 'GET /api/v2/clients': 2, 'GET /api/v2/clients/{id}': 2 },
      listRequests: [
        { page: 2, size: 50, updatedFrom: '2025-01-01T00:00:00Z' },
        { page: 0, size: 10, updatedFrom: null },
      ],
    });
    sandbox.resetStats();
    expect(sandbox.stats().requests).toBe(0);
  });

  it('offers a control API without auth, under /__sandbox/ only', async () => {
    const post = (path: string, body?: unknown) =>
      fetch(`${sandbox.url}/__sandbox/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(await (await post('knobs', { latencyMs: 0, failListPagesFrom: null })).json()).toMatchObject({ latencyMs: 0, failListPagesFrom: null });
    expect((await post('knobs', { latencyMs: -1 })).status).toBe(422);
    const { ids } = (await (await post('clients/change', { count: 3, seed: 4 })).json()) as { ids: number[] };
    expect(ids).toHaveLength(3);
    expect((await post(`clients/${ids[0]}/delete`)).status).toBe(200);
    expect(sandbox.store.get(ids[0]!)).toBeUndefined();
    expect((await post(`clients/${ids[0]}/restore`)).status).toBe(200);
    expect((await post('clients/999999/restore')).status).toBe(404);
    await api(sandbox, '/api/v2/clients');
    expect(await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()).toMatchObject({ byRoute: { 'GET /api/v2/clients': expect.any(Number) } });
    expect((await post('stats/reset')).status).toBe(204);
    expect(await (await fetch(`${sandbox.url}/__sandbox/stats`)).json()).toMatchObject({ requests: 0 });
    expect((await fetch(`${sandbox.url}/knobs`)).status).toBe(404);
  });
});

describe('sandbox rate limit', () => {
  afterEach(() => vi.useRealTimers());

  it('answers 429 with Retry-After past the limit per second, and admits again once the second is over', async () => {
    // A stopped clock (Date only): all 8 requests arrive in the same second, however slow this machine is.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-05T10:00:00.000Z') });
    const sandbox = await startSandbox({ port: 0, clients: 50, rateLimitPerSecond: 5 });
    try {
      const statuses = await Promise.all(Array.from({ length: 8 }, () => api(sandbox, '/api/v2/clients?size=1')));
      expect(statuses.filter((response) => response.status === 200)).toHaveLength(5);
      const limited = statuses.filter((response) => response.status === 429);
      expect(limited).toHaveLength(3);
      for (const response of limited) {
        expect(response.headers.get('retry-after')).toBe('1');
        expect(await response.json()).toHaveProperty('message');
      }
      vi.setSystemTime(Date.now() + 999);
      expect((await api(sandbox, '/api/v2/clients?size=1')).status).toBe(429);
      vi.setSystemTime(Date.now() + 1);
      expect((await api(sandbox, '/api/v2/clients?size=1')).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});
