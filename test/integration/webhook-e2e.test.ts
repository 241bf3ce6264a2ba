import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The whole way: the real server (sandbox mode, no configuration) registers its webhook with the
 * in-process sandbox at start; a client changed in the sandbox is delivered, signed, to the server,
 * and GraphQL shows the change.
 */

let database: TestDatabase;
let server: ServerProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServerProcess({ DATABASE_URL: database.url, SANDBOX_CLIENTS: '200' });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: Array<{ message: string }> };
  if (body.errors) throw new Error(body.errors.map((error) => error.message).join('; '));
  return body.data!;
}

describe('a sandbox change reaches GraphQL through a signed webhook', () => {
  it('the sandbox changes a client, delivers it, and the customer query shows the change', async () => {
    const sandboxUrl = (await graphql('{ serverInfo { robawsBaseUrl } }')).serverInfo.robawsBaseUrl as string;
    const changed = await fetch(`${sandboxUrl}/__sandbox/clients/change`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 1, seed: 7 }) });
    const [clientId] = ((await changed.json()) as { ids: number[] }).ids;
    const robaws = await fetch(`${sandboxUrl}/api/v2/clients/${clientId}`, { headers: { authorization: `Basic ${Buffer.from('sandbox:sandbox').toString('base64')}` } });
    const expected = (await robaws.json()) as { name: string; email: string | null; updatedAt: string };

    const query = `query($id: String) { customer(robawsClientId: $id) { __typename ... on Customer { name email robawsUpdatedAt } } }`;
    await vi.waitFor(
      async () => {
        const { customer } = await graphql(query, { id: String(clientId) });
        expect(customer).toEqual({ __typename: 'Customer', name: expected.name, email: expected.email, robawsUpdatedAt: expected.updatedAt });
      },
      { timeout: 10_000, interval: 100 },
    );
    const { webhookEvents } = await graphql(`{ webhookEvents(first: 5) { edges { node { type status outcome signature robawsClientId } } } }`);
    expect(webhookEvents.edges.map((edge: any) => edge.node)).toEqual([
      { type: 'client.updated', status: 'PROCESSED', outcome: 'CREATED', signature: 'VALID', robawsClientId: String(clientId) },
    ]);
  });
});
