import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/app.js';
import { createGraphQLApp } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';

let harness: Harness;
let app: App;
beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 120 } });
  await harness.sync.run({ kind: 'FULL', trigger: 'API' });
  ({ app } = await createGraphQLApp(harness, { open: true }));
});
afterAll(() => harness.close());

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await app.fetch(
    new Request('http://app/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }),
  );
  return (await response.json()) as { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

describe('the HTTP app', () => {
  it('/healthz answers while the process is up', async () => {
    expect((await app.fetch(new Request('http://app/healthz'))).status).toBe(200);
  });

  it('/readyz is 503 while a migration is not applied, 200 once it is', async () => {
    const { db } = harness.database;
    const [latest] = await db.$queryRawUnsafe<Array<{ id: string }>>('SELECT id FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1');
    await db.$executeRawUnsafe('UPDATE "_prisma_migrations" SET finished_at = NULL WHERE id = $1', latest!.id);
    expect((await app.fetch(new Request('http://app/readyz'))).status).toBe(503);
    await db.$executeRawUnsafe('UPDATE "_prisma_migrations" SET finished_at = now() WHERE id = $1', latest!.id);
    expect((await app.fetch(new Request('http://app/readyz'))).status).toBe(200);
  });

  it('serves GraphiQL at /graphql to a browser', async () => {
    const response = await app.fetch(new Request('http://app/graphql', { headers: { accept: 'text/html' } }));
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/graphiql/i);
  });

  it('customer(robawsClientId) returns the customer, or a NotFoundError', async () => {
    const [first] = harness.sandbox.store.list({ page: 0, size: 1 }).items as unknown as Array<{ id: number; name: string }>;
    const query = `query($id: String) { customer(robawsClientId: $id) { __typename ... on Customer { name robawsClientId } ... on NotFoundError { message entity key } } }`;
    expect((await graphql(query, { id: String(first!.id) })).data?.customer).toEqual({
      __typename: 'Customer',
      name: first!.name,
      robawsClientId: String(first!.id),
    });
    expect((await graphql(query, { id: '424242' })).data?.customer).toMatchObject({ __typename: 'NotFoundError', key: '424242' });
  });

  it('customers paginates with a totalCount and searches', async () => {
    const page = await graphql(`{ customers(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } }`);
    expect(page.data?.customers.totalCount).toBe(120);
    expect(page.data?.customers.edges).toHaveLength(50);
    expect(page.data?.customers.pageInfo.hasNextPage).toBe(true);
    const next = await graphql(`query($after: String) { customers(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }`, {
      after: page.data?.customers.pageInfo.endCursor,
    });
    expect(next.data?.customers.edges).toHaveLength(70);
    expect(next.data?.customers.pageInfo.hasNextPage).toBe(false);

    // A name no other client's name contains, searched in another case: that customer alone.
    const names = harness.sandbox.store.list({ size: 120 }).items.map((client) => String(client.name));
    const unique = names.find((name) => names.filter((other) => other.toLowerCase().includes(name.toLowerCase())).length === 1)!;
    const found = await graphql(`query($search: String) { customers(first: 10, filter: { search: $search }) { totalCount edges { node { name } } } }`, {
      search: unique.toUpperCase(),
    });
    expect(found.data?.customers).toEqual({ totalCount: 1, edges: [{ node: { name: unique } }] });
  });
});
