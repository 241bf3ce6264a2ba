import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RobawsHttpClient, type RobawsClientOptions } from '../../src/robaws/client.js';
import { parseClientPage } from '../../src/robaws/responses.js';
import {
  RobawsAuthError,
  RobawsInvalidResponseError,
  RobawsNetworkError,
  RobawsNotFoundError,
  RobawsPreconditionFailedError,
  RobawsRateLimitedError,
  RobawsServerError,
  RobawsTimeoutError,
  RobawsValidationError,
} from '../../src/robaws/errors.js';
import { RequestPacer } from '../../src/robaws/rate-limiter.js';
import { createGate } from '../support/robaws.js';

interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = (request: ReceivedRequest, response: ServerResponse, index: number) => void;

const openServers: Server[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(
    openServers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A real HTTP server on 127.0.0.1 that records every request it receives. */
async function startServer(handler: Handler): Promise<{ baseUrl: string; received: ReceivedRequest[] }> {
  const received: ReceivedRequest[] = [];
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const request = {
        method: incoming.method ?? '',
        url: incoming.url ?? '',
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      handler(request, response, received.length - 1);
    });
  });
  openServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function newClient(baseUrl: string, options: Partial<RobawsClientOptions> = {}): RobawsHttpClient {
  return new RobawsHttpClient({
    baseUrl,
    username: 'api-user',
    password: 's3cret',
    maxRetries: 2,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 20,
    requestsPerSecond: 1000,
    maxConcurrentRequests: 10,
    timeoutMs: 2000,
    ...options,
  });
}

const CARS_222 = {
  id: 1001,
  name: '222 CARS',
  email: 'info@222motors.ae',
  tel: '+971559659999',
  website: 'https://www.222motors.ae',
  extraFields: { Role: { type: 'SELECT', group: null, stringValue: 'LUXURY CAR DEALER' } },
  updatedAt: '2024-05-01T10:00:00Z',
};
const AEON = { id: '1002', name: 'Aeon Shipping LLC', extraFields: { Role: { type: 'SELECT', group: null, stringValue: 'FORWARDER' } } };

const okPage = (items: unknown[] = [CARS_222]) => ({ items, totalItems: items.length, page: 0, size: 100 });

/** Stops the clock (Date only; timers and sockets run as usual): the waits the client works out are then exact. */
function stopClock(at = '2026-01-05T10:00:00.000Z'): void {
  vi.useFakeTimers({ toFake: ['Date'], now: new Date(at) });
}

/**
 * A Robaws that never answers, as `fetch`: each attempt ends only when its timeout aborts it. (A real
 * server would count the attempts only if each reached it before the client gave up on it.)
 */
function neverAnswering(urls: string[]): typeof fetch {
  return (input, init) => {
    urls.push(String(input));
    return new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true }));
  };
}

/** The promise's rejection, so that a test can inspect it (fails the test when the promise resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('listing clients', () => {
  it('sends Basic auth and the paging/filter params, parses records and reports invalid items', async () => {
    const { baseUrl, received } = await startServer((_request, response) =>
      sendJson(response, 200, { items: [CARS_222, { id: 'abc', name: 'Bad id' }, AEON, { name: 'No id' }], totalItems: 250, page: 2, size: 100 }),
    );
    const page = await newClient(baseUrl).listClients({
      page: 2,
      size: 100,
      updatedFrom: new Date('2024-05-01T00:00:00.000Z'),
      sort: 'updatedAt:asc',
    });

    const [request] = received;
    expect(request?.method).toBe('GET');
    expect(request?.headers.authorization).toBe(`Basic ${Buffer.from('api-user:s3cret').toString('base64')}`);
    expect(request?.headers.accept).toBe('application/json');
    const url = new URL(request?.url ?? '', baseUrl);
    expect(url.pathname).toBe('/api/v2/clients');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      page: '2',
      size: '100',
      updatedFrom: '2024-05-01T00:00:00.000Z',
      sort: 'updatedAt:asc',
    });

    expect(page).toMatchObject({ page: 2, size: 100, totalItems: 250, totalPages: 3 });
    expect(page.records.map((record) => record.client.id)).toEqual(['1001', '1002']);
    expect(page.records[0]?.client.extraFields?.Role?.stringValue).toBe('LUXURY CAR DEALER');
    expect(page.records[0]?.raw).toEqual(CARS_222);
    expect(page.invalid).toHaveLength(2);
    expect(page.invalid[0]).toMatchObject({ index: 1, id: 'abc', raw: { id: 'abc', name: 'Bad id' } });
    expect(page.invalid[0]?.reason).toMatch(/^id: /);
    expect(page.invalid[1]).toMatchObject({ index: 3, id: null });
    expect(page.invalid[1]?.reason).toMatch(/^id: /);
  });

  it('leaves the items the caller knows unread, only counted; the others are read and keep their text as sent', async () => {
    const body = JSON.stringify({ items: [CARS_222, AEON, { id: 'abc', name: 'Bad id' }], totalItems: 3 }, null, 2);
    const { baseUrl } = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(body);
    });
    const told: string[] = [];
    const page = await newClient(baseUrl).listClients(
      { page: 0 },
      {
        isKnown: (json) => {
          told.push(json);
          return (JSON.parse(json) as { id: unknown }).id === CARS_222.id;
        },
      },
    );

    expect(told.map((json) => JSON.parse(json) as unknown)).toEqual([CARS_222, AEON, { id: 'abc', name: 'Bad id' }]);
    expect(page).toMatchObject({ known: 1, totalItems: 3 });
    expect(page.records.map((record) => record.client.id)).toEqual([AEON.id]);
    expect(page.records[0]?.raw).toEqual(AEON);
    expect(page.records[0]?.json).toBe(told[1]);
    expect(body).toContain(told[1]);
    expect(page.invalid).toMatchObject([{ index: 2, id: 'abc' }]);
  });

  it('refuses a page size above 100 without calling Robaws', async () => {
    const { baseUrl, received } = await startServer((_request, response) => sendJson(response, 200, okPage()));
    await expect(newClient(baseUrl).listClients({ page: 0, size: 101 })).rejects.toThrow(RangeError);
    expect(received).toHaveLength(0);
  });

  it.each([
    ['totalItems is not a number', JSON.stringify({ items: [], totalItems: 'x' }), /totalItems: Invalid input: expected number, received string/],
    ['items is missing', JSON.stringify({ totalItems: 3 }), /items: Invalid input: expected array/],
    ['the body is not JSON', '<html>Bad gateway</html>', /not JSON/],
    ['an item is not JSON', '{"items":[{"id":1001,"name":"A"},{"id":1002,"name":nope}],"totalItems":2}', /not JSON/],
    ['the page is cut short', '{"items":[{"id":1001,"name":"A"},{"id":1002', /not JSON/],
  ])('throws RobawsInvalidResponseError naming the problem when %s, whether or not the caller knows items', async (_case, body, expectedMessage) => {
    const { baseUrl } = await startServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(body);
    });
    // An item the caller knows is not read at all: it is the text of one read before, so JSON.
    for (const options of [{}, { isKnown: () => false }, { isKnown: (json: string) => json.includes('1001') }]) {
      const error = await rejectionOf(newClient(baseUrl).listClients({ page: 0 }, options));
      expect(error).toBeInstanceOf(RobawsInvalidResponseError);
      expect(error.message).toMatch(expectedMessage);
      expect(error.message).toContain('GET /api/v2/clients?page=0&size=100');
    }
  });

  it('parseClientPage names the field without a request too', () => {
    expect(() => parseClientPage({ items: 'nope', totalItems: 1 }, { page: 0, size: 100 })).toThrow(
      /^Robaws sent a malformed page: items: Invalid input: expected array, received string$/,
    );
  });
});

describe('retries', () => {
  it('honours Retry-After on 429 and pauses every request of the client meanwhile', async () => {
    const { baseUrl, received } = await startServer((request, response, index) => {
      if (index === 0) sendJson(response, 429, { message: 'slow down' }, { 'Retry-After': '1' });
      else sendJson(response, 200, request.url.startsWith('/api/v2/clients/') ? CARS_222 : okPage());
    });
    // A stopped clock, and waits that end when the test says: nothing depends on how fast this machine is.
    // (expect.poll would move a fake clock on: the test waits for events instead.)
    stopClock();
    const warnings: object[] = [];
    const sleeps: number[] = [];
    const retryAnnounced = createGate();
    const bothWaiting = createGate();
    const coolDownOver = createGate();
    const client = newClient(baseUrl, {
      logger: {
        warn: (obj) => {
          warnings.push(obj);
          retryAnnounced.open();
        },
      },
      sleep: async (ms) => {
        if (sleeps.push(ms) === 2) bothWaiting.open();
        await coolDownOver.passed;
      },
    });

    const listing = client.listClients({ page: 0 });
    // Once the retry is announced, the 429 has been handled: a request started now must wait for the shared cool-down too.
    await retryAnnounced.passed;
    const reading = client.getClient('1001');
    await bothWaiting.passed;
    expect(sleeps).toEqual([1000, 1000]);
    expect(received).toHaveLength(1);

    coolDownOver.open();
    const [record] = await Promise.all([reading, listing]);
    expect(record.client.name).toBe('222 CARS');
    expect(received).toHaveLength(3);
    expect(warnings).toEqual([expect.objectContaining({ reason: '429 Too Many Requests', delayMs: 1000, attempt: 1 })]);
  });

  it('waits the Retry-After given as an HTTP-date (injected sleep)', async () => {
    stopClock();
    const { baseUrl, received } = await startServer((_request, response, index) => {
      if (index === 0) sendJson(response, 503, {}, { 'Retry-After': new Date(Date.now() + 3000).toUTCString() });
      else sendJson(response, 200, okPage());
    });
    const sleeps: number[] = [];
    // The sleep moves the stopped clock on, as a real wait would.
    const client = newClient(baseUrl, {
      sleep: async (ms) => {
        sleeps.push(ms);
        vi.setSystemTime(Date.now() + ms);
      },
    });
    await client.listClients({ page: 0 });
    expect(sleeps).toEqual([3000]);
    expect(received).toHaveLength(2);
  });

  it('gives up on 429 after maxRetries + 1 attempts', async () => {
    const { baseUrl, received } = await startServer((_request, response) => sendJson(response, 429, {}));
    const error = await rejectionOf(newClient(baseUrl, { maxRetries: 3 }).listClients({ page: 3 }));
    expect(error).toBeInstanceOf(RobawsRateLimitedError);
    expect(error.message).toBe('Robaws answered 429 Too Many Requests on GET /api/v2/clients?page=3&size=100 after 4 attempts');
    expect((error as RobawsRateLimitedError).attempts).toBe(4);
    expect(received).toHaveLength(4);
  });

  it('retries a 500 and succeeds', async () => {
    const { baseUrl, received } = await startServer((_request, response, index) =>
      index === 0 ? sendJson(response, 500, {}) : sendJson(response, 200, CARS_222),
    );
    const { client } = await newClient(baseUrl).getClient('1001');
    expect(client.id).toBe('1001');
    expect(received).toHaveLength(2);
  });

  it('gives up on a 503 that persists', async () => {
    const { baseUrl, received } = await startServer((_request, response) => sendJson(response, 503, {}));
    const error = await rejectionOf(newClient(baseUrl).getClient('1001'));
    expect(error).toBeInstanceOf(RobawsServerError);
    expect(error.message).toBe('Robaws answered 503 Service Unavailable on GET /api/v2/clients/1001 after 3 attempts');
    expect(received).toHaveLength(3);
  });

  it('times out on a server that never answers, after retries', async () => {
    const attempts: string[] = [];
    const client = newClient('http://robaws.test', { timeoutMs: 50, fetch: neverAnswering(attempts) });
    const error = await rejectionOf(client.listClients({ page: 0 }));
    expect(error).toBeInstanceOf(RobawsTimeoutError);
    expect(error.message).toBe('Robaws did not answer GET /api/v2/clients?page=0&size=100 within 50 ms, after 3 attempts');
    expect(attempts).toEqual(Array(3).fill('http://robaws.test/api/v2/clients?page=0&size=100'));
  });

  it('reports an unreachable server as RobawsNetworkError', async () => {
    const { baseUrl } = await startServer(() => {});
    const server = openServers.pop();
    await new Promise((resolve) => server?.close(resolve));
    const error = await rejectionOf(newClient(baseUrl).getClient('1'));
    expect(error).toBeInstanceOf(RobawsNetworkError);
    expect(error.message).toMatch(/^Could not reach Robaws for GET \/api\/v2\/clients\/1 \(.*ECONNREFUSED.*\) after 3 attempts$/);
  });

  it('does not repeat a POST after a 500 or a timeout, but does after a 503', async () => {
    const failing = await startServer((_request, response) => sendJson(response, 500, {}));
    const serverError = await rejectionOf(newClient(failing.baseUrl).createClient({ name: 'New' }));
    expect(serverError).toBeInstanceOf(RobawsServerError);
    expect(serverError.message).toMatch(/after 1 attempt \(a POST is not repeated/);
    expect(failing.received).toHaveLength(1);

    const attempts: string[] = [];
    const timeout = await rejectionOf(newClient('http://robaws.test', { timeoutMs: 50, fetch: neverAnswering(attempts) }).createClient({ name: 'New' }));
    expect(timeout).toBeInstanceOf(RobawsTimeoutError);
    expect(attempts).toHaveLength(1);

    const unavailable = await startServer((request, response, index) =>
      index === 0 ? sendJson(response, 503, {}) : sendJson(response, 201, { ...JSON.parse(request.body), id: 77 }),
    );
    const created = await newClient(unavailable.baseUrl).createClient({ name: 'New' });
    expect(created.client).toMatchObject({ id: '77', name: 'New' });
    expect(unavailable.received.map((request) => request.method)).toEqual(['POST', 'POST']);
  });

  it('stops waiting when the caller aborts', async () => {
    const { baseUrl, received } = await startServer((_request, response) => sendJson(response, 429, {}, { 'Retry-After': '60' }));
    const controller = new AbortController();
    const sleeps: number[] = [];
    // A wait that never ends by itself: only the abort can end it.
    const client = newClient(baseUrl, { sleep: (ms) => new Promise(() => void sleeps.push(ms)) });
    const listing = client.listClients({ page: 0 }, { signal: controller.signal });
    await expect.poll(() => sleeps).toEqual([60_000]);
    controller.abort(new Error('sync cancelled'));
    await expect(listing).rejects.toThrow('sync cancelled');
    expect(received).toHaveLength(1);
  });

  it('stops a request in flight when the caller aborts, without retrying it', async () => {
    const { baseUrl, received } = await startServer(() => {});
    const warnings: object[] = [];
    const controller = new AbortController();
    const listing = newClient(baseUrl, { logger: { warn: (obj) => warnings.push(obj) } }).listClients(
      { page: 0 },
      { signal: controller.signal },
    );
    await expect.poll(() => received.length).toBe(1);
    controller.abort(new Error('sync cancelled'));
    await expect(listing).rejects.toThrow('sync cancelled');
    expect(warnings).toEqual([]);
    expect(received).toHaveLength(1);
  });
});

describe('errors that are not retried', () => {
  it('throws RobawsNotFoundError on 404', async () => {
    const { baseUrl, received } = await startServer((_request, response) => sendJson(response, 404, { message: 'Not found' }));
    const error = await rejectionOf(newClient(baseUrl).getClient('42'));
    expect(error).toBeInstanceOf(RobawsNotFoundError);
    expect(error).toMatchObject({ resource: 'client', id: '42', code: 'ROBAWS_NOT_FOUND', status: 404 });
    expect(error.message).toBe('Robaws has no client 42 (404 Not Found on GET /api/v2/clients/42)');
    expect(received).toHaveLength(1);
  });

  it('throws RobawsAuthError on 401', async () => {
    const { baseUrl, received } = await startServer((_request, response) => sendJson(response, 401, {}));
    await expect(newClient(baseUrl).listClients({ page: 0 })).rejects.toBeInstanceOf(RobawsAuthError);
    expect(received).toHaveLength(1);
  });

  it('throws RobawsValidationError with Robaws message and field errors on 422', async () => {
    const { baseUrl, received } = await startServer((_request, response) =>
      sendJson(response, 422, { message: 'Validation failed', errors: [{ field: 'email', message: 'not a valid e-mail' }] }),
    );
    const error = await rejectionOf(newClient(baseUrl).mergePatchClient('1001', { email: 'nope' }));
    expect(error).toBeInstanceOf(RobawsValidationError);
    expect(error).toMatchObject({
      code: 'ROBAWS_VALIDATION',
      robawsMessage: 'Validation failed',
      fieldErrors: [{ field: 'email', message: 'not a valid e-mail' }],
    });
    expect(error.message).toBe(
      'Robaws rejected the data of PATCH /api/v2/clients/1001 (422 Unprocessable Entity): Validation failed (email: not a valid e-mail)',
    );
    expect(received).toHaveLength(1);
  });

  it('throws RobawsPreconditionFailedError when a JSON Patch test fails (409)', async () => {
    const { baseUrl, received } = await startServer((_request, response) => sendJson(response, 409, { message: 'Test operation failed' }));
    const error = await rejectionOf(
      newClient(baseUrl).jsonPatchClient('1001', [
        { op: 'test', path: '/email', value: 'old@example.com' },
        { op: 'replace', path: '/email', value: 'new@example.com' },
      ]),
    );
    expect(error).toBeInstanceOf(RobawsPreconditionFailedError);
    expect(error.message).toContain('Test operation failed');
    expect(received).toHaveLength(1);
  });
});

describe('updates', () => {
  it('sends a merge patch with its content type and returns the updated client', async () => {
    const { baseUrl, received } = await startServer((request, response) =>
      sendJson(response, 200, { ...CARS_222, ...JSON.parse(request.body) }),
    );
    const patch = { email: 'sales@222motors.ae', address: { city: 'Dubai' } };
    const { client } = await newClient(baseUrl).mergePatchClient('1001', patch);
    expect(received[0]).toMatchObject({ method: 'PATCH', url: '/api/v2/clients/1001' });
    expect(received[0]?.headers['content-type']).toBe('application/merge-patch+json');
    expect(JSON.parse(received[0]?.body ?? '')).toEqual(patch);
    expect(client.email).toBe('sales@222motors.ae');
  });

  it('sends JSON Patch operations with their content type', async () => {
    const { baseUrl, received } = await startServer((_request, response) => sendJson(response, 200, CARS_222));
    const operations = [
      { op: 'test', path: '/tel', value: '+971559659999' },
      { op: 'remove', path: '/gsm' },
    ] as const;
    await newClient(baseUrl).jsonPatchClient('1001', [...operations]);
    expect(received[0]).toMatchObject({ method: 'PATCH', url: '/api/v2/clients/1001' });
    expect(received[0]?.headers['content-type']).toBe('application/json-patch+json');
    expect(JSON.parse(received[0]?.body ?? '')).toEqual(operations);
  });

  it('reads the client back when a PATCH is answered with 204', async () => {
    const { baseUrl, received } = await startServer((request, response) => {
      if (request.method === 'PATCH') {
        response.writeHead(204);
        response.end();
      } else sendJson(response, 200, CARS_222);
    });
    const { client } = await newClient(baseUrl).mergePatchClient('1001', { name: '222 CARS' });
    expect(client.name).toBe('222 CARS');
    expect(received.map((request) => `${request.method} ${request.url}`)).toEqual(['PATCH /api/v2/clients/1001', 'GET /api/v2/clients/1001']);
  });
});

describe('webhook endpoints', () => {
  it('creates, lists and deletes on the right paths', async () => {
    const endpoint = { id: 5, url: 'https://sync.example.com/webhooks/robaws', events: ['client.created', 'client.updated'] };
    const { baseUrl, received } = await startServer((request, response) => {
      if (request.method === 'POST') sendJson(response, 201, { ...endpoint, secret: 'whsec_123' });
      else if (request.method === 'GET') sendJson(response, 200, [endpoint]);
      else {
        response.writeHead(204);
        response.end();
      }
    });
    const client = newClient(baseUrl);

    const created = await client.createWebhookEndpoint({ url: endpoint.url, events: endpoint.events });
    expect(created).toMatchObject({ id: '5', secret: 'whsec_123' });
    expect(await client.listWebhookEndpoints()).toEqual([{ ...endpoint, id: '5' }]);
    await client.deleteWebhookEndpoint('5');

    expect(received.map((request) => `${request.method} ${request.url}`)).toEqual([
      'POST /api/v2/webhook-endpoints',
      'GET /api/v2/webhook-endpoints',
      'DELETE /api/v2/webhook-endpoints/5',
    ]);
    expect(JSON.parse(received[0]?.body ?? '')).toEqual({ url: endpoint.url, events: endpoint.events });
  });

  it('refuses a registration answer without a secret', async () => {
    const { baseUrl } = await startServer((_request, response) => sendJson(response, 201, { id: 5, url: 'https://x', events: [] }));
    const error = await rejectionOf(newClient(baseUrl).createWebhookEndpoint({ url: 'https://x', events: [] }));
    expect(error).toBeInstanceOf(RobawsInvalidResponseError);
    expect(error.message).toContain('secret');
  });
});

describe('client-side pacing', () => {
  it('spaces request starts by 1 / requestsPerSecond', async () => {
    stopClock();
    const { baseUrl, received } = await startServer((_request, response) => sendJson(response, 200, CARS_222));
    const sleeps: number[] = [];
    const client = newClient(baseUrl, { requestsPerSecond: 20, maxConcurrentRequests: 10, sleep: async (ms) => void sleeps.push(ms) });
    await Promise.all(Array.from({ length: 10 }, (_unused, index) => client.getClient(String(index))));
    // The first starts at once; each next one 50 ms after the one before.
    expect(sleeps).toEqual([50, 100, 150, 200, 250, 300, 350, 400, 450]);
    expect(received).toHaveLength(10);
  });

  it('never has more than maxConcurrentRequests in flight', async () => {
    // The server answers only when the test says, so every request the client lets go is seen waiting.
    const waiting: ServerResponse[] = [];
    let mostWaiting = 0;
    const { baseUrl, received } = await startServer((_request, response) => {
      mostWaiting = Math.max(mostWaiting, waiting.push(response));
    });
    const client = newClient(baseUrl, { requestsPerSecond: 1000, maxConcurrentRequests: 3 });
    const all = Promise.all(Array.from({ length: 10 }, (_unused, index) => client.getClient(String(index))));
    for (const arrived of [3, 6, 9, 10]) {
      await expect.poll(() => received.length).toBe(arrived);
      for (const response of waiting.splice(0)) sendJson(response, 200, CARS_222);
    }
    await all;
    expect(mostWaiting).toBe(3);
  });

  it('RequestPacer: a pause that begins while a request waits moves it behind the pause', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const pacer = new RequestPacer({
      requestsPerSecond: 10,
      maxConcurrentRequests: 5,
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        if (sleeps.length === 1) pacer.pauseFor(1000);
        now += ms;
      },
    });
    (await pacer.acquire())();
    (await pacer.acquire())();
    // Second start waited its 100 ms slot, found a pause that began meanwhile, and waited for it.
    expect(sleeps).toEqual([100, 900]);
  });
});
