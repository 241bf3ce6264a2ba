import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEYS, createGraphQLApp, type GraphQLApp } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';
import { recordingLogger } from '../support/run-log.js';

/** One access line per HTTP request, and the request id on the response. */

let harness: Harness;
let api: GraphQLApp;
let url: string;
const { logger, lines } = recordingLogger('debug');

beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 2 } });
  api = await createGraphQLApp(harness, { logger });
  ({ url } = await api.app.listen(0, '127.0.0.1'));
}, 60_000);
afterAll(async () => {
  await api?.app.close();
  await harness?.close();
});

const accessLines = () => lines.filter((line) => line.msg === 'request');

async function post(headers: Record<string, string>, query = 'query ServerVersion { serverInfo { version } }') {
  return fetch(`${url}/graphql?ignored=query-string`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEYS.read}`, ...headers },
    body: JSON.stringify({ query }),
  });
}

describe('access log', () => {
  it('logs method, path, operation, status, duration and the request id the caller sent, and returns that id', async () => {
    const response = await post({ 'x-request-id': 'intake-app-42' });
    expect(response.headers.get('x-request-id')).toBe('intake-app-42');
    await response.text();
    await expect.poll(() => accessLines().find((line) => line.requestId === 'intake-app-42')).toMatchObject({
      level: 'info',
      method: 'POST',
      path: '/graphql',
      operation: 'ServerVersion',
      status: 200,
      durationMs: expect.any(Number),
      component: 'http',
    });
  });

  it('makes up an id when none (or an unusable one) is sent, and logs refused requests too', async () => {
    for (const headers of [{}, { 'x-request-id': 'has spaces and is not usable' }, { authorization: 'Bearer wrong-key-0000000000000' }] as Array<Record<string, string>>) {
      const response = await post(headers);
      const id = response.headers.get('x-request-id')!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await response.text();
      await expect.poll(() => accessLines().find((line) => line.requestId === id)).toMatchObject({ path: '/graphql', status: response.status });
    }
  });

  it('logs health probes at debug level only', async () => {
    const response = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'probe-1' } });
    expect(response.status).toBe(200);
    await expect.poll(() => accessLines().find((line) => line.requestId === 'probe-1')).toMatchObject({ level: 'debug', path: '/healthz', status: 200, operation: null });
  });
});
