import { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { graphql } from '../generated/gql.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

const RunFullSync = graphql(`
  mutation RunFullSync($input: RunFullSyncInput) {
    runFullSync(input: $input) {
      __typename
      ... on SyncRunStart {
        run {
          id
          kind
          status
        }
      }
    }
  }
`);

const SyncRunStatus = graphql(`
  query SyncRunStatus($id: ID!) {
    syncRun(id: $id) {
      __typename
      ... on SyncRun {
        status
        fetched
        created
        pagesDone
        pagesTotal
        error
      }
    }
  }
`);

const SearchCustomers = graphql(`
  query SearchCustomers($search: String) {
    customers(first: 10, filter: { search: $search }) {
      totalCount
      edges {
        node {
          id
          name
          role
          phone
          address {
            countryCode
          }
        }
      }
    }
  }
`);

const ServerInfoQuery = graphql(`
  query ServerInfo {
    serverInfo {
      robawsMode
      database
      version
    }
  }
`);

let database: TestDatabase;
let server: ServerProcess;
let client: GraphQLClient;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServerProcess({ DATABASE_URL: database.url });
  client = new GraphQLClient(server.graphqlUrl);
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe('the real server over HTTP', () => {
  it('is healthy and ready, and says it runs against the sandbox', async () => {
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${server.baseUrl}/readyz`)).status).toBe(200);
    const { serverInfo } = await client.request(ServerInfoQuery);
    expect(serverInfo).toMatchObject({ robawsMode: 'SANDBOX', database: 'EXTERNAL' });
  });

  it('runs a full sync through GraphQL, reports it to the end, and finds Aeon by search', async () => {
    const { runFullSync: result } = await client.request(RunFullSync, { input: {} });
    if (result.__typename !== 'SyncRunStart') throw new Error(`runFullSync returned ${result.__typename}`);
    const runFullSync = result.run;
    expect(runFullSync.kind).toBe('FULL');
    expect(['QUEUED', 'RUNNING']).toContain(runFullSync.status);

    const last = await vi.waitFor(
      async () => {
        const { syncRun } = await client.request(SyncRunStatus, { id: runFullSync.id });
        if (syncRun.__typename !== 'SyncRun') throw new Error(syncRun.__typename);
        expect(['QUEUED', 'RUNNING']).not.toContain(syncRun.status);
        return syncRun;
      },
      { timeout: 60_000, interval: 250 },
    );
    expect(last).toMatchObject({ status: 'SUCCEEDED', fetched: 4017, created: 4017, pagesDone: 41, pagesTotal: 41, error: null });

    // The only one of the 4,017 whose name, e-mail or VAT number holds "aeon".
    const { customers } = await client.request(SearchCustomers, { search: 'aeon' });
    expect(customers.totalCount).toBe(1);
    expect(customers.edges.map((edge) => edge.node)).toEqual([expect.objectContaining({ name: 'Aeon Shipping LLC', role: 'FORWARDER' })]);
  });

  it('a second runFullSync while one runs returns the running one', async () => {
    const [first, second] = await Promise.all([
      client.request(RunFullSync, { input: {} }),
      client.request(RunFullSync, { input: {} }),
    ]);
    const runOf = ({ runFullSync }: typeof first) => (runFullSync.__typename === 'SyncRunStart' ? runFullSync.run.id : null);
    expect(runOf(first)).not.toBeNull();
    expect(runOf(first)).toBe(runOf(second));
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});
