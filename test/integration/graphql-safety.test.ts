import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { graphql } from '../generated/gql.js';
import { API_KEYS, createGraphQLApp, errorsOf, type GraphQLApp } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';
import { recordingLogger } from '../support/run-log.js';

/** Keys and scopes, query limits, page sizes and error masking, through HTTP. */

const Stats = graphql(`
  query SafetyStats {
    customerStats {
      total
    }
  }
`);

const StartFullSync = graphql(`
  mutation SafetyRunFullSync {
    runFullSync {
      __typename
    }
  }
`);

const Viewer = graphql(`
  query SafetyViewer {
    viewer {
      scope
      keyId
    }
  }
`);

const Page = graphql(`
  query SafetyPage($first: Int, $after: String) {
    customers(first: $first, after: $after) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

let harness: Harness;
let api: GraphQLApp;
const { logger, lines: logLines } = recordingLogger('warn');

beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 30 } });
  await harness.sync.run({ kind: 'FULL', trigger: 'API' });
  api = await createGraphQLApp(harness, { logger });
}, 60_000);
afterAll(() => harness?.close());

async function post(body: object, headers: Record<string, string> = {}) {
  const response = await api.app.fetch(
    new Request('http://app/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
  );
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

describe('API keys', () => {
  it('without a key: 401 UNAUTHENTICATED, nothing runs', async () => {
    const { status, headers, body } = await post({ query: '{ customerStats { total } }' });
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe('Bearer');
    expect(body.errors?.[0]).toMatchObject({ message: 'An API key is required: send Authorization: Bearer <key>', extensions: { code: 'UNAUTHENTICATED' } });
    expect(body.data).toBeUndefined();
  });

  it('with an unknown key: 401', async () => {
    const { status, body } = await post({ query: '{ customerStats { total } }' }, { authorization: 'Bearer not-a-configured-key-123' });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.message).toBe('The API key is not valid');
  });

  it('a key is accepted as a Bearer token or in x-api-key', async () => {
    expect((await api.client('read').request(Stats)).customerStats.total).toBe(30);
    expect((await api.client(null, { 'x-api-key': API_KEYS.read }).request(Stats)).customerStats.total).toBe(30);
  });

  it('scopes rank read < write < admin: a read key cannot start a sync, an admin key can', async () => {
    const [forbidden] = await errorsOf(api.client('read').request(StartFullSync));
    expect(forbidden).toMatchObject({ extensions: { code: 'FORBIDDEN', requiredScope: 'admin', scope: 'read' } });
    const [alsoForbidden] = await errorsOf(api.client('write').request(StartFullSync));
    expect(alsoForbidden?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'admin', scope: 'write' });
    expect((await api.client('admin').request(StartFullSync)).runFullSync.__typename).toBe('SyncRunStart');
    await harness.sync.stop();
  });

  it('without configured keys the API is open, and the log says so loudly', async () => {
    const { logger, lines: warnings } = recordingLogger('warn');
    const open = await createGraphQLApp(harness, { open: true, logger });
    expect(warnings).toContainEqual(expect.objectContaining({ level: 'warn', msg: expect.stringMatching(/^NO API KEYS CONFIGURED: the GraphQL API is open/) }));
    expect((await open.client(null).request(Stats)).customerStats.total).toBe(30);
    expect((await open.client(null).request(Viewer)).viewer).toEqual({ scope: 'ADMIN', keyId: null });
  });

  it("viewer says each key's scope and id", async () => {
    const viewers = await Promise.all((['read', 'write', 'admin'] as const).map(async (scope) => (await api.client(scope).request(Viewer)).viewer));
    expect(viewers.map((viewer) => viewer.scope)).toEqual(['READ', 'WRITE', 'ADMIN']);
    expect(viewers.every((viewer) => /^[0-9a-f]{8}$/.test(viewer.keyId ?? ''))).toBe(true);
    expect(new Set(viewers.map((viewer) => viewer.keyId)).size).toBe(3);
  });
});

describe('query limits', () => {
  it('refuses a page of more than 500, and serves one of 500', async () => {
    const [error] = await errorsOf(api.client('read').request(Page, { first: 501 }));
    expect(error).toMatchObject({ message: 'At most 500 items per page (asked for 501)', extensions: { code: 'BAD_USER_INPUT', maxPageSize: 500 } });
    expect((await api.client('read').request(Page, { first: 500 })).customers.edges).toHaveLength(30);
  });

  it('refuses a query nested too deep', async () => {
    const deep = `{ customers(first: 1) { edges { node { intakes(first: 1) { edges { node { customer { intakes(first: 1) { edges { node { customer { intakes(first: 1) { edges { node { id } } } } } } } } } } } } } } }`;
    const { body } = await post({ query: deep }, { authorization: `Bearer ${API_KEYS.read}` });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 12 });
  });

  it('refuses a query that would cost too much: 500 customers with 100 intakes each', async () => {
    const costly = `{ customers(first: 500) { edges { node { name intakes(first: 100) { edges { node { id status } } } } } } }`;
    const { body } = await post({ query: costly }, { authorization: `Bearer ${API_KEYS.read}` });
    expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'complexity', max: 25_000 } });
    expect(body.data).toBeNull();
  });

  it('refuses too many fields at once (aliases included)', async () => {
    const wide = `{ ${Array.from({ length: 160 }, (_, index) => `a${index}: customerStats { total }`).join(' ')} }`;
    const { body } = await post({ query: wide }, { authorization: `Bearer ${API_KEYS.read}` });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'breadth' });
  });

  it('a list field answers a bad argument one way: a BAD_USER_INPUT error naming the argument', async () => {
    for (const [query, path] of [
      ['{ customers(first: 100000) { totalCount } }', 'first'],
      ['{ customerOptions(limit: 100000) { value } }', 'limit'],
      ['{ duplicateCustomers(last: 100000) { totalCount } }', 'last'],
    ] as const) {
      const { body } = await post({ query }, { authorization: `Bearer ${API_KEYS.read}` });
      expect(body.errors, query).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', issues: [expect.objectContaining({ path })] }) })]);
    }
  });

  it('a cursor that is not one is a BAD_USER_INPUT error, not an internal one', async () => {
    const [error] = await errorsOf(api.client('read').request(Page, { first: 5, after: 'bm90LWEtY3Vyc29y' }));
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('unexpected errors', () => {
  it('reach the client as "Unexpected error." with the request id, and are logged with it', async () => {
    const spy = vi.spyOn(harness.sync, 'start').mockRejectedValueOnce(new Error('relation "secret_table" does not exist (SELECT * FROM secret_table)'));
    try {
      const { body } = await post({ query: 'mutation { runFullSync { __typename } }' }, { authorization: `Bearer ${API_KEYS.admin}`, 'x-request-id': 'req-masked-1' });
      expect(body.errors).toEqual([
        { message: 'Unexpected error.', locations: [{ line: 1, column: 12 }], path: ['runFullSync'], extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-masked-1' } },
      ]);
      expect(JSON.stringify(body)).not.toMatch(/secret_table|SELECT|stack/);
    } finally {
      spy.mockRestore();
    }
    expect(logLines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        requestId: 'req-masked-1',
        msg: 'unexpected error in a GraphQL field',
        err: expect.objectContaining({ message: expect.stringContaining('secret_table') }),
      }),
    );
  });

  it('an id that is no run id is a ValidationError, an unknown run a NotFoundError: typed results, not errors', async () => {
    const query = 'query($id: ID!) { syncRun(id: $id) { __typename ... on Error { code } } }';
    const unknownRun = Buffer.from('SyncRun:00000000-0000-4000-8000-000000000000').toString('base64');
    for (const [id, code] of [
      ['not-a-uuid', 'VALIDATION_FAILED'],
      [unknownRun, 'NOT_FOUND'],
    ]) {
      const { body } = await post({ query, variables: { id } }, { authorization: `Bearer ${API_KEYS.read}` });
      expect(body).toEqual({ data: { syncRun: { __typename: code === 'NOT_FOUND' ? 'NotFoundError' : 'ValidationError', code } } });
    }
  });
});
