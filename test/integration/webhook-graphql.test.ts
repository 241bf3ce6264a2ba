import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_PATH } from '../../src/webhooks/delivery.js';
import { createHarness, type Harness } from '../support/harness.js';
import { createWebhookApp, postDelivery, signedDelivery, whenEventsSettled, type WebhookApp } from '../support/webhooks.js';

let harness: Harness;
let server: WebhookApp;
let baseUrl: string;
let ids: number[];

beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 120, deliveryRetryDelaysMs: [50] } });
  // No ROBAWS_WEBHOOK_SECRET: deliveries are verified with the secret of the registration only.
  server = await createWebhookApp(harness, { secret: undefined });
  server.webhooks.processor.start();
  ({ url: baseUrl } = await server.app.listen(0, '127.0.0.1'));
  ids = harness.sandbox.store.list({ size: 200 }).items.map((client) => client.id);
});

afterAll(async () => {
  await server?.scheduler.stop();
  await server?.webhooks.processor.stop();
  await server?.app.close();
  await harness?.close();
});

const eventId = (rowId: string) => encodeGlobalID('WebhookEvent', rowId);

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  const response = await server.app.fetch(
    new Request('http://app/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) }),
  );
  const body = (await response.json()) as { data?: Record<string, any>; errors?: Array<{ message: string }> };
  if (body.errors) throw new Error(body.errors.map((error) => error.message).join('; '));
  return body.data!;
}

const REGISTER = `mutation($url: String!) { registerWebhooks(input: { url: $url }) {
  __typename
  ... on RegisterWebhooksPayload { created registration { robawsId url events verifiable } }
  ... on ValidationError { issues { path message } }
} }`;
const REMOVE = `mutation($id: String!) { removeWebhookRegistration(input: { robawsId: $id }) {
  __typename ... on RemoveWebhookRegistrationPayload { robawsId } ... on NotFoundError { key }
} }`;
const REPLAY = `mutation($id: ID!) { replayWebhookEvent(input: { id: $id }) {
  __typename ... on WebhookEvent { id status attempts } ... on Error { message }
} }`;

describe('registering webhooks (GraphQL)', () => {
  const ourUrl = () => `${baseUrl}${WEBHOOK_PATH}`;

  it('registers once, stores the secret, and the sandbox\'s signed deliveries then flow in', async () => {
    const first = (await graphql(REGISTER, { url: ourUrl() })).registerWebhooks;
    expect(first).toMatchObject({ created: true, registration: { url: ourUrl(), events: ['client.created', 'client.updated'], verifiable: true } });
    const second = (await graphql(REGISTER, { url: ourUrl() })).registerWebhooks;
    expect(second).toMatchObject({ created: false, registration: { robawsId: first.registration.robawsId } });
    expect(await harness.robaws.listWebhookEndpoints()).toHaveLength(1);
    expect(await harness.database.db.webhookEndpoint.count()).toBe(1);

    const [changedId] = harness.sandbox.store.changeRandom(1, 11);
    await harness.sandbox.whenDeliveriesIdle();
    expect(harness.sandbox.deliveries().at(-1)).toMatchObject({ clientId: changedId, status: 202 });
    await whenEventsSettled(harness);
    const customer = await harness.database.db.customer.findUniqueOrThrow({ where: { robawsClientId: String(changedId) } });
    expect(customer.name).toBe(harness.sandbox.store.get(changedId!)!.name);
  });

  it('replaces an endpoint for the same URL whose secret it does not hold', async () => {
    const existing = await harness.robaws.listWebhookEndpoints();
    for (const endpoint of existing) await harness.robaws.deleteWebhookEndpoint(endpoint.id);
    await harness.robaws.createWebhookEndpoint({ url: ourUrl(), events: ['client.created', 'client.updated'] });
    const listed = (await graphql(`{ webhookRegistrations { url verifiable } }`)).webhookRegistrations;
    expect(listed).toEqual([{ url: ourUrl(), verifiable: false }]);
    const result = (await graphql(REGISTER, { url: ourUrl() })).registerWebhooks;
    expect(result).toMatchObject({ created: true, registration: { verifiable: true } });
    const endpoints = await harness.robaws.listWebhookEndpoints();
    expect(endpoints.map((endpoint) => endpoint.id)).toEqual([result.registration.robawsId]);
  });

  it('removes a registration, then says it is not found', async () => {
    await graphql(REGISTER, { url: ourUrl() });
    const [endpoint] = await harness.robaws.listWebhookEndpoints();
    expect((await graphql(REMOVE, { id: endpoint!.id })).removeWebhookRegistration).toEqual({
      __typename: 'RemoveWebhookRegistrationPayload',
      robawsId: endpoint!.id,
    });
    expect(await harness.robaws.listWebhookEndpoints()).toEqual([]);
    expect(await harness.database.db.webhookEndpoint.findUnique({ where: { robawsId: endpoint!.id } })).toBeNull();
    expect((await graphql(REMOVE, { id: endpoint!.id })).removeWebhookRegistration).toEqual({ __typename: 'NotFoundError', key: endpoint!.id });
  });

  it('refuses a URL that is not http(s) with a ValidationError', async () => {
    expect((await graphql(REGISTER, { url: 'ftp://example.com/hook' })).registerWebhooks).toEqual({
      __typename: 'ValidationError',
      issues: [{ path: 'input.url', message: 'The URL must be http or https' }],
    });
  });
});

describe('webhookEvents and replayWebhookEvent', () => {
  const EVENTS = `query($status: WebhookEventStatus, $type: String) { webhookEvents(first: 50, status: $status, type: $type) {
    totalCount edges { node { id eventId type status outcome signature attempts deliveries error customer { robawsClientId name } } }
  } }`;

  // No sync has run in this file yet: each client is new here, so applying creates it.
  it('lists events filtered by status and type, each applied one with the customer it touched', async () => {
    await harness.database.db.webhookEvent.deleteMany();
    const updatedClient = harness.sandbox.store.update(ids[5]!, { name: 'Listed Update BV' });
    const updated = signedDelivery(updatedClient, { secret: await secretOfRegistration() });
    const created = signedDelivery({ ...harness.sandbox.store.get(ids[6]!)!, name: 'Listed Create BV' }, { event: 'client.created', secret: await secretOfRegistration() });
    expect((await postDelivery(baseUrl, updated)).status).toBe(202);
    expect((await postDelivery(baseUrl, created)).status).toBe(202);
    expect((await postDelivery(baseUrl, signedDelivery(updatedClient, { secret: 'wrong' }))).status).toBe(401);
    await whenEventsSettled(harness);

    const processedUpdates = (await graphql(EVENTS, { status: 'PROCESSED', type: 'client.updated' })).webhookEvents;
    expect(processedUpdates.totalCount).toBe(1);
    expect(processedUpdates.edges[0].node).toMatchObject({
      eventId: updated.eventId,
      outcome: 'CREATED',
      signature: 'VALID',
      attempts: 1,
      deliveries: 1,
      customer: { robawsClientId: String(ids[5]), name: 'Listed Update BV' },
    });
    const creations = (await graphql(EVENTS, { type: 'client.created' })).webhookEvents;
    expect(creations.edges.map((edge: any) => edge.node.customer.name)).toEqual(['Listed Create BV']);
    const rejected = (await graphql(EVENTS, { status: 'REJECTED' })).webhookEvents;
    expect(rejected.edges).toHaveLength(1);
    expect(rejected.edges[0].node).toMatchObject({ eventId: null, signature: 'MISMATCH', customer: null, error: expect.stringMatching(/^SIGNATURE_MISMATCH/) });
    expect((await graphql(EVENTS)).webhookEvents.totalCount).toBe(3);
  });

  it('replays an applied event (applied again), refuses a rejected one, and says an unknown id is not found', async () => {
    const secret = await secretOfRegistration();
    // Sent by the test, not by a change in the sandbox (which would deliver one of its own to the registration).
    const delivery = signedDelivery({ ...harness.sandbox.store.get(ids[7]!)!, name: 'Replayed BV' }, { secret });
    const forged = signedDelivery({ ...harness.sandbox.store.get(ids[7]!)!, name: 'Forged BV' }, { secret: 'wrong' });
    expect((await postDelivery(baseUrl, delivery)).status).toBe(202);
    expect((await postDelivery(baseUrl, forged)).status).toBe(401);
    await whenEventsSettled(harness);
    const applied = await harness.database.db.webhookEvent.findUniqueOrThrow({ where: { eventId: delivery.eventId } });
    expect(applied.status).toBe('PROCESSED');
    // Stopped, so that the reset state can be seen before the event is applied again.
    await server.webhooks.processor.stop();
    const replayed = (await graphql(REPLAY, { id: eventId(applied.id) })).replayWebhookEvent;
    expect(replayed).toMatchObject({ __typename: 'WebhookEvent', status: 'RECEIVED', attempts: 0 });
    server.webhooks.processor.start();
    await whenEventsSettled(harness);
    expect(await harness.database.db.webhookEvent.findUniqueOrThrow({ where: { id: applied.id } })).toMatchObject({
      status: 'PROCESSED',
      outcome: 'UNCHANGED',
      attempts: 1,
    });

    const rejected = await harness.database.db.webhookEvent.findFirstOrThrow({ where: { rawBody: forged.body } });
    expect((await graphql(REPLAY, { id: eventId(rejected.id) })).replayWebhookEvent).toMatchObject({
      __typename: 'ValidationError',
      message: expect.stringMatching(/rejected \(signature MISMATCH\)/),
    });
    expect((await graphql(REPLAY, { id: eventId('00000000-0000-4000-8000-000000000000') })).replayWebhookEvent).toMatchObject({ __typename: 'NotFoundError' });
    for (const id of ['not-a-uuid', eventId('not-a-uuid'), encodeGlobalID('Customer', 1)]) {
      expect((await graphql(REPLAY, { id })).replayWebhookEvent).toMatchObject({ __typename: 'ValidationError' });
    }
  });
});

describe('serverInfo.schedules', () => {
  it('shows each schedule, its next run in the configured zone, and its last run\'s status', async () => {
    server.scheduler.start();
    await server.scheduler.idle();
    const { serverInfo } = await graphql(`{ serverInfo { schedules {
      job cron timeZone enabled nextRunAt lastRun { status catchUp slot syncRun { kind status } }
    } } }`);
    const byJob = Object.fromEntries(serverInfo.schedules.map((schedule: any) => [schedule.job, schedule]));
    expect(Object.keys(byJob)).toEqual(['full-sync', 'incremental-sync', 'push']);
    expect(byJob['incremental-sync']).toMatchObject({ cron: '0 3 * * *', timeZone: 'Europe/Brussels', enabled: true, lastRun: null });
    const brusselsTime = (iso: string) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', weekday: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
    expect(brusselsTime(byJob['incremental-sync'].nextRunAt)).toMatch(/ 03:00$/);
    expect(brusselsTime(byJob['full-sync'].nextRunAt)).toBe('Sun 04:00');
    expect(brusselsTime(byJob.push.nextRunAt)).toMatch(/ 22:00$/);
    // A new database: the full sync and the push were caught up on start; the full sync counts for the incremental one.
    expect(byJob['full-sync'].lastRun).toMatchObject({ status: 'SUCCEEDED', catchUp: true, syncRun: { kind: 'FULL', status: 'SUCCEEDED' } });
    expect(byJob.push.lastRun).toMatchObject({ status: 'SUCCEEDED', catchUp: true, syncRun: { kind: 'PUSH' } });
  });
});

async function secretOfRegistration(): Promise<string> {
  await graphql(REGISTER, { url: `${baseUrl}${WEBHOOK_PATH}` });
  const endpoint = await harness.database.db.webhookEndpoint.findFirstOrThrow();
  return endpoint.secret;
}
