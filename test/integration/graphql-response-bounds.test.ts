import { randomUUID } from 'node:crypto';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTED_BODY_CHARS } from '../../src/graphql/loaders.js';
import { API_KEYS, createGraphQLApp, type GraphQLApp } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';

/** What one response can carry with a read key: webhook bodies are excerpts in lists, whole one at a time. */

const BODY_CHARS = 512 * 1024;
const EVENTS = 40;
let harness: Harness;
let api: GraphQLApp;
const bodies = new Map<string, string>();

beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 2 } });
  api = await createGraphQLApp(harness);
  for (let index = 0; index < EVENTS; index++) {
    const id = randomUUID();
    const rawBody = `{"id":"${id}","pad":"${String(index).padStart(3, '0')}${'z'.repeat(BODY_CHARS)}"}`;
    bodies.set(id, rawBody);
    await harness.database.db.webhookEvent.create({ data: { id, rawBody, bodyBytes: Buffer.byteLength(rawBody), signature: 'VALID', status: 'FAILED', eventId: id } });
  }
}, 60_000);
afterAll(() => harness?.close());

const eventId = (rowId: string) => encodeGlobalID('WebhookEvent', rowId);
const rowIdOfEvent = (globalId: string) => decodeGlobalID(globalId).id;

async function post(query: string): Promise<{ status: number; text: string }> {
  const response = await api.app.fetch(
    new Request('http://app/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEYS.read}` },
      body: JSON.stringify({ query }),
    }),
  );
  return { status: response.status, text: await response.text() };
}

describe('webhook bodies in responses', () => {
  it('a page of events carries each body cut at the excerpt length, flagged, with its full size', async () => {
    const { text } = await post('{ webhookEvents(first: 300) { edges { node { id rawBody rawBodyTruncated bodyBytes } } } }');
    const nodes = (JSON.parse(text) as { data: { webhookEvents: { edges: Array<{ node: { id: string; rawBody: string; rawBodyTruncated: boolean; bodyBytes: number } }> } } }).data
      .webhookEvents.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(EVENTS);
    for (const node of nodes) {
      const body = bodies.get(rowIdOfEvent(node.id))!;
      expect(node).toEqual({ id: node.id, rawBody: body.slice(0, LISTED_BODY_CHARS), rawBodyTruncated: true, bodyBytes: Buffer.byteLength(body) });
    }
    expect(text.length).toBeLessThan(EVENTS * (LISTED_BODY_CHARS + 200));
  });

  it('a short body is whole and not flagged', async () => {
    const id = randomUUID();
    await harness.database.db.webhookEvent.create({ data: { id, rawBody: '{"short":true}', bodyBytes: 14, signature: 'VALID', status: 'FAILED', eventId: id } });
    const { text } = await post(`{ webhookEvents(first: 1) { edges { node { rawBody rawBodyTruncated } } } }`);
    expect(JSON.parse(text).data.webhookEvents.edges[0].node).toEqual({ rawBody: '{"short":true}', rawBodyTruncated: false });
  });

  it('webhookEventBody gives one whole body; an unknown id is a NotFoundError', async () => {
    const [id, body] = [...bodies][0]!;
    const { text } = await post(`{ webhookEventBody(id: "${eventId(id)}") { __typename ... on WebhookEventBody { webhookEventId body } } }`);
    expect(JSON.parse(text).data.webhookEventBody).toEqual({ __typename: 'WebhookEventBody', webhookEventId: eventId(id), body });
    const missing = await post(`{ webhookEventBody(id: "${eventId(randomUUID())}") { __typename } }`);
    expect(JSON.parse(missing.text).data.webhookEventBody.__typename).toBe('NotFoundError');
  });

  it('a document asking for many whole bodies at once is refused before it runs', async () => {
    const ids = [...bodies.keys()].slice(0, 10);
    const aliases = ids.map((id, index) => `b${index}: webhookEventBody(id: "${eventId(id)}") { __typename }`).join(' ');
    const { text } = await post(`{ ${aliases} }`);
    const body = JSON.parse(text) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(body.data ?? null).toBeNull();
  });
});
