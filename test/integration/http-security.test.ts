import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';
import { API_KEYS, createGraphQLApp, type GraphQLApp } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';

/** What the HTTP layer refuses before any resolver runs: big bodies, cross-site requests, schema disclosure. */

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 5 } });
  await harness.sync.run({ kind: 'FULL', trigger: 'API' });
}, 60_000);
afterAll(() => harness?.close());

const SET_ACTIVE = 'mutation { setCustomersActive(input: { ids: ["Q3VzdG9tZXI6MQ=="], active: false }) { __typename } }';

function graphqlRequest(api: GraphQLApp, init: RequestInit & { path?: string }): Promise<Response> {
  return Promise.resolve(api.app.fetch(new Request(`http://app${init.path ?? '/graphql'}`, init)));
}

async function activeCustomers(): Promise<number> {
  return harness.database.db.customer.count({ where: { isActive: true } });
}

describe('request bodies', () => {
  it('are limited to 1 MB by default, and the limit is configurable', () => {
    expect(parseConfig({}).graphql.maxBodyBytes).toBe(1024 * 1024);
    expect(parseConfig({ GRAPHQL_MAX_BODY_BYTES: '2048' }).graphql.maxBodyBytes).toBe(2048);
  });

  it('over the limit are refused with 413, whether declared by Content-Length or streamed without it', async () => {
    const api = await createGraphQLApp(harness, { open: true, env: { GRAPHQL_MAX_BODY_BYTES: '4096' } });
    const padding = ' '.repeat(4096);
    const declared = await graphqlRequest(api, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(4096 + 40) },
      body: JSON.stringify({ query: `{ serverInfo { version } }${padding}` }),
    });
    expect(declared.status).toBe(413);
    const streamed = await graphqlRequest(api, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(JSON.stringify({ query: `{ serverInfo { version } }${padding}` })));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const small = await graphqlRequest(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ serverInfo { version } }' }) });
    expect(small.status).toBe(200);
  });
});

describe('cross-site requests (no API keys, as in development)', () => {
  it('a form-encoded POST from another site runs no mutation', async () => {
    const api = await createGraphQLApp(harness, { open: true });
    const before = await activeCustomers();
    const response = await graphqlRequest(api, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({ query: SET_ACTIVE }).toString(),
    });
    expect(response.status).toBe(403);
    expect(await activeCustomers()).toBe(before);
  });

  it('a plain GET without the CSRF header runs nothing; with it, the query runs', async () => {
    const api = await createGraphQLApp(harness, { open: true });
    const query = encodeURIComponent('{ serverInfo { version } }');
    expect((await graphqlRequest(api, { path: `/graphql?query=${query}`, method: 'GET' })).status).toBe(403);
    const allowed = await graphqlRequest(api, { path: `/graphql?query=${query}`, method: 'GET', headers: { 'x-graphql-yoga-csrf': '1' } });
    expect(allowed.status).toBe(200);
  });

  it('no origin is allowed cross-site by default: an Origin is not echoed back', async () => {
    const api = await createGraphQLApp(harness, { open: true });
    const response = await graphqlRequest(api, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ query: '{ serverInfo { version } }' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(parseConfig({ NODE_ENV: 'production', API_KEYS: `${API_KEYS.admin}:admin` }).graphql.corsOrigins).toEqual([]);
  });

  it('configured origins are allowed, others are not', async () => {
    const api = await createGraphQLApp(harness, { open: true, env: { CORS_ORIGINS: 'https://intake.example.com, https://admin.example.com' } });
    const preflight = (origin: string) =>
      graphqlRequest(api, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
    expect((await preflight('https://intake.example.com')).headers.get('access-control-allow-origin')).toBe('https://intake.example.com');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });

  it('CORS_ORIGINS must hold origins', () => {
    expect(() => parseConfig({ CORS_ORIGINS: 'https://intake.example.com/path' })).toThrow(/CORS_ORIGINS: must be a comma-separated list of origins/);
    expect(() => parseConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
  });
});

describe('schema disclosure', () => {
  const PRODUCTION = { NODE_ENV: 'production' };
  const MISSPELLED = '{ customrs { totalCount } }';

  it('GraphiQL and introspection are on in development and off in production unless configured on', () => {
    expect(parseConfig({}).graphql).toMatchObject({ graphiql: true, introspection: true });
    const production = { NODE_ENV: 'production', API_KEYS: `${API_KEYS.admin}:admin` };
    expect(parseConfig(production).graphql).toMatchObject({ graphiql: false, introspection: false });
    expect(parseConfig({ ...production, GRAPHIQL_ENABLED: 'true', GRAPHQL_INTROSPECTION_ENABLED: 'true' }).graphql).toMatchObject({ graphiql: true, introspection: true });
  });

  it('in production, /graphql serves no GraphiQL page and refuses introspection', async () => {
    const api = await createGraphQLApp(harness, { env: PRODUCTION });
    const page = await graphqlRequest(api, { method: 'GET', headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('graphiql');
    const introspection = await api.client('read').rawRequest('{ __schema { types { name } } }').catch((error: { response: { errors: Array<{ message: string }> } }) => error.response);
    expect(JSON.stringify(introspection)).toMatch(/introspection/i);
    expect(JSON.stringify(introspection)).not.toContain('"Customer"');
  });

  it('in development, /graphql serves GraphiQL', async () => {
    const api = await createGraphQLApp(harness);
    const page = await graphqlRequest(api, { method: 'GET', headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('graphiql');
  });

  it('a caller without a valid key is refused before validation: no "Did you mean" hints', async () => {
    const api = await createGraphQLApp(harness);
    for (const headers of [{}, { authorization: 'Bearer not-a-valid-key-0000000000' }] as Array<Record<string, string>>) {
      const response = await graphqlRequest(api, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: MISSPELLED }) });
      expect(response.status).toBe(401);
      const body = await response.text();
      expect(body).toContain('UNAUTHENTICATED');
      expect(body).not.toMatch(/Did you mean|customers|Cannot query field/);
    }
  });

  it('with a valid key, validation errors name the problem; in production without the hint', async () => {
    const development = await createGraphQLApp(harness);
    const hinted = await development.client('read').rawRequest(MISSPELLED).catch((error: { response: unknown }) => error.response);
    expect(JSON.stringify(hinted)).toContain('Did you mean');
    const production = await createGraphQLApp(harness, { env: PRODUCTION });
    const plain = await production.client('read').rawRequest(MISSPELLED).catch((error: { response: unknown }) => error.response);
    expect(JSON.stringify(plain)).toContain('Cannot query field');
    expect(JSON.stringify(plain)).not.toContain('Did you mean');
  });
});
