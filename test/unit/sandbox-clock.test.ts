import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSandbox, startSandbox } from '../../src/sandbox/server.js';

const OUR_NOW = '2026-03-02T09:00:00.000Z';
const TEN_MINUTES_MS = 600_000;
const AUTH = `Basic ${Buffer.from('sandbox:sandbox').toString('base64')}`;

/** A request to the sandbox's API with its credentials; no port is needed to call `fetch`. */
function apiRequest(path: string, init: { method?: string; contentType?: string; body?: unknown } = {}): Request {
  return new Request(`http://sandbox${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: AUTH, ...(init.contentType ? { 'Content-Type': init.contentType } : {}) },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function jsonOf<T>(response: Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

// Only Date is frozen (timers and sockets stay real), so that every stamp is an exact figure.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(OUR_NOW));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sandbox clock offset', () => {
  it('stamps changes with its own clock, behind or ahead of ours, and answers updatedFrom on those stamps', async () => {
    const sandbox = createSandbox({ clients: 20, rateLimitPerSecond: 0, clockOffsetMs: -TEN_MINUTES_MS });
    const id = sandbox.store.list({ size: 1 }).items[0]!.id;

    const patched = await jsonOf<{ updatedAt: string }>(
      sandbox.fetch(apiRequest(`/api/v2/clients/${id}`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { tel: '03 123 45 67' } })),
    );
    expect(patched.updatedAt).toBe('2026-03-02T08:50:00.000Z');

    const knobs = await sandbox.fetch(
      new Request('http://sandbox/__sandbox/knobs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ clockOffsetMs: TEN_MINUTES_MS }) }),
    );
    expect(await knobs.json()).toMatchObject({ clockOffsetMs: TEN_MINUTES_MS });
    const created = await jsonOf<{ id: number; createdAt: string; updatedAt: string }>(
      sandbox.fetch(apiRequest('/api/v2/clients', { method: 'POST', contentType: 'application/json', body: { name: 'Clock Test BV' } })),
    );
    expect(created).toMatchObject({ createdAt: '2026-03-02T09:10:00.000Z', updatedAt: '2026-03-02T09:10:00.000Z' });

    const changedFrom = async (updatedFrom: string) =>
      (await jsonOf<{ items: Array<{ id: number }> }>(sandbox.fetch(apiRequest(`/api/v2/clients?updatedFrom=${encodeURIComponent(updatedFrom)}`)))).items.map(
        (client) => client.id,
      );
    expect(await changedFrom('2026-03-02T08:50:00.000Z')).toEqual([id, created.id]);
    expect(await changedFrom('2026-03-02T09:00:00.000Z')).toEqual([created.id]);
    await sandbox.close();
  });

  it('sends its own time in a Date header on every answer, and on webhook registrations and deliveries', async () => {
    const sandbox = createSandbox({ clients: 20, rateLimitPerSecond: 0, clockOffsetMs: -TEN_MINUTES_MS, deliveryRetryDelaysMs: [] });
    const answers = [
      await sandbox.fetch(apiRequest('/api/v2/clients')),
      await sandbox.fetch(new Request('http://sandbox/api/v2/clients')),
      await sandbox.fetch(apiRequest('/api/v2/clients/999999')),
      await sandbox.fetch(apiRequest('/api/v2/clients', { method: 'PUT' })),
      await sandbox.fetch(apiRequest('/api/v2/webhook-endpoints', { method: 'POST', contentType: 'application/json', body: { url: 'http://127.0.0.1:1/hooks', events: ['client.updated'] } })),
      await sandbox.fetch(new Request('http://sandbox/__sandbox/stats')),
      await sandbox.fetch(new Request('http://sandbox/__sandbox/stats/reset', { method: 'POST' })),
      await sandbox.fetch(new Request('http://sandbox/nowhere')),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 404, 405, 201, 200, 204, 404]);
    expect(answers.map((answer) => answer.headers.get('date'))).toEqual(answers.map(() => 'Mon, 02 Mar 2026 08:50:00 GMT'));
    expect(await answers[4]!.json()).toMatchObject({ createdAt: '2026-03-02T08:50:00.000Z' });

    // Nothing listens on port 1: the one attempt fails at once and is given up.
    await sandbox.deliver('client.updated', sandbox.store.list({ size: 1 }).items[0]!.id);
    expect(sandbox.deliveries()).toEqual([expect.objectContaining({ status: null, at: '2026-03-02T08:50:00.000Z' })]);
    await sandbox.close();
  });

  it('sends the Date header through its HTTP server too', async () => {
    const sandbox = await startSandbox({ port: 0, clients: 20, clockOffsetMs: TEN_MINUTES_MS });
    try {
      const response = await fetch(`${sandbox.url}/api/v2/clients?size=1`, { headers: { Authorization: AUTH } });
      expect(response.status).toBe(200);
      expect(response.headers.get('date')).toBe('Mon, 02 Mar 2026 09:10:00 GMT');
    } finally {
      await sandbox.close();
    }
  });
});
