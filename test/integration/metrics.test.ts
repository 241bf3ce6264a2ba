import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { API_KEYS } from '../support/secrets.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * /metrics of the real server process, scraped after syncs (one failing on a page Robaws answers 500
 * for, with its retry; one succeeding), a refused mutation and an applied webhook: every figure that
 * these caused is checked exactly, and the key rules of the endpoint.
 */

const CLIENTS = 250;
const PAGE_SIZE = 100;

let database: TestDatabase;
let server: ServerProcess;
let sandboxUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServerProcess({
    DATABASE_URL: database.url,
    API_KEYS: `${API_KEYS.read}:read,${API_KEYS.admin}:admin,${API_KEYS.metrics}:metrics`,
    SANDBOX_CLIENTS: String(CLIENTS),
    // One page at a time and one retry: the failing run's requests are known exactly.
    SYNC_PAGE_CONCURRENCY: '1',
    ROBAWS_MAX_RETRIES: '1',
    // The second full run reads everything again instead of resuming the failed one.
    SYNC_RESUME_MAX_AGE_MINUTES: '0',
  });
  sandboxUrl = String(server.logs.find((entry) => entry.msg === 'no Robaws credentials configured: using the built-in Robaws sandbox')!.url);
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

async function graphql(key: keyof typeof API_KEYS, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEYS[key]}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

async function setKnobs(knobs: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${sandboxUrl}/__sandbox/knobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(knobs) });
  expect(response.status).toBe(200);
}

/** Runs a full sync through the API and waits for its end. */
async function fullSync(): Promise<{ status: string; finishedAt: string }> {
  const started = await graphql('admin', 'mutation RunFullSync { runFullSync { ... on SyncRunStart { run { id } } } }');
  const id = started.data!.runFullSync.run.id as string;
  const status = async () => (await graphql('read', 'query SyncRunStatus($id: ID!) { syncRun(id: $id) { ... on SyncRun { status finishedAt } } }', { id })).data!.syncRun;
  await expect.poll(async () => (await status()).status, { timeout: 30_000 }).not.toMatch(/^(QUEUED|RUNNING)$/);
  return status();
}

async function scrape(key: keyof typeof API_KEYS | null = 'metrics', init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.baseUrl}/metrics`, { ...init, headers: key ? { authorization: `Bearer ${API_KEYS[key]}` } : {} });
}

/** Every sample of a scrape, keyed as printed: `name{label="value",...}`. */
async function samples(): Promise<Map<string, number>> {
  const text = await (await scrape()).text();
  return new Map(
    text
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]),
  );
}

describe('/metrics', () => {
  it('reads only with a key of the metrics scope, and that key reads nothing else', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('read')).status).toBe(403);
    expect((await scrape('admin')).status).toBe(403);
    expect((await scrape('metrics', { method: 'POST' })).status).toBe(405);
    const allowed = await scrape('metrics');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const { errors } = await graphql('metrics', '{ customerStats { total } }');
    expect(errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('counts syncs, Robaws requests and retries, GraphQL operations and webhook events, and reads the database\'s figures', async () => {
    const before = await samples();
    const delta = (key: string, now: Map<string, number>) => (now.get(key) ?? 0) - (before.get(key) ?? 0);

    // Pages 0 and 1 are read, page 2 fails twice (the attempt and its one retry): the run fails.
    await setKnobs({ failListPagesFrom: 2 });
    expect((await fullSync()).status).toBe('FAILED');
    await setKnobs({ failListPagesFrom: null });
    const succeeded = await fullSync();
    expect(succeeded.status).toBe('SUCCEEDED');
    const refused = await graphql('read', 'mutation RunFullSync { runFullSync { __typename } }');
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);

    // A change in Robaws reaches us as a webhook and is applied.
    await fetch(`${sandboxUrl}/__sandbox/clients/change`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ count: 1 }) });
    await expect.poll(async () => (await samples()).get('robaws_sync_webhook_events_total{status="PROCESSED"}'), { timeout: 30_000 }).toBe(1);
    // An event waiting for a retry an hour from now, received an hour ago.
    const hour = 3_600_000;
    await database.db.webhookEvent.create({
      data: { rawBody: '{}', bodyBytes: 2, signature: 'VALID', status: 'RECEIVED', receivedAt: new Date(Date.now() - hour), nextAttemptAt: new Date(Date.now() + hour) },
    });

    const now = await samples();
    const pagesOfTheFailedRun = 2;
    const pages = Math.ceil(CLIENTS / PAGE_SIZE);
    expect({
      failedRuns: now.get('robaws_sync_runs_total{kind="FULL",status="FAILED"}'),
      succeededRuns: now.get('robaws_sync_runs_total{kind="FULL",status="SUCCEEDED"}'),
      timedRuns: now.get('robaws_sync_run_duration_seconds_count{kind="FULL",status="SUCCEEDED"}'),
      inProgress: now.get('robaws_sync_runs_in_progress{kind="FULL"}'),
      fetched: now.get('robaws_sync_run_customers_total{kind="FULL",counter="fetched"}'),
      created: now.get('robaws_sync_run_customers_total{kind="FULL",counter="created"}'),
      unchanged: now.get('robaws_sync_run_customers_total{kind="FULL",counter="unchanged"}'),
      pagesRead: delta('robaws_sync_robaws_requests_total{method="GET",status="200"}', now),
      serverErrors: delta('robaws_sync_robaws_requests_total{method="GET",status="500"}', now),
      retries: delta('robaws_sync_robaws_retries_total{method="GET",status="500"}', now),
      timedAttempts: delta('robaws_sync_robaws_request_duration_seconds_count{method="GET"}', now),
      mutations: now.get('robaws_sync_graphql_operations_total{operation="RunFullSync",type="mutation"}'),
      timedMutations: now.get('robaws_sync_graphql_operation_duration_seconds_count{operation="RunFullSync",type="mutation"}'),
      failedMutations: now.get('robaws_sync_graphql_operation_errors_total{operation="RunFullSync",type="mutation"}'),
      appliedEvents: now.get('robaws_sync_webhook_apply_duration_seconds_count'),
      pendingEvents: now.get('robaws_sync_webhook_events_pending'),
      customers: now.get('robaws_sync_customers{state="total"}'),
      inConflict: now.get('robaws_sync_customers{state="inConflict"}'),
      pendingPush: now.get('robaws_sync_customers{state="pendingPush"}'),
      lastFullSuccess: now.get('robaws_sync_last_success_timestamp_seconds{kind="FULL"}'),
    }).toEqual({
      failedRuns: 1,
      succeededRuns: 1,
      timedRuns: 1,
      inProgress: 0,
      fetched: pagesOfTheFailedRun * PAGE_SIZE + CLIENTS,
      created: CLIENTS,
      unchanged: pagesOfTheFailedRun * PAGE_SIZE,
      pagesRead: pagesOfTheFailedRun + pages,
      serverErrors: 2,
      retries: 1,
      timedAttempts: pagesOfTheFailedRun + pages + 2,
      mutations: 3,
      timedMutations: 3,
      failedMutations: 1,
      appliedEvents: 1,
      pendingEvents: 1,
      customers: CLIENTS,
      inConflict: 0,
      pendingPush: 0,
      lastFullSuccess: Date.parse(succeeded.finishedAt) / 1000,
    });
    // Received an hour ago, by the database's clock.
    expect(now.get('robaws_sync_webhook_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(hour / 1000);
    expect(now.get('robaws_sync_webhook_oldest_pending_age_seconds')).toBeLessThan(hour / 1000 + 60);
  });
});
