import { describe, expect, it } from 'vitest';
import type { SyncRun } from '../../src/generated/prisma/client.js';
import { MAX_OPERATION_NAMES, Metrics, type StateSources } from '../../src/metrics.js';
import { RobawsHttpClient } from '../../src/robaws/client.js';
import { RUN_COUNTERS } from '../../src/sync/run-recorder.js';
import { recordingLogger } from '../support/run-log.js';

/** One sample's value, as /metrics would print it; undefined when the series is absent. */
async function valueOf(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = metrics.registry.getSingleMetric(`robaws_sync_${name}`);
  if (!metric) throw new Error(`no metric robaws_sync_${name}`);
  const { values } = await metric.get();
  const matches = (sample: { labels: Record<string, unknown>; metricName?: string }) =>
    Object.entries(labels).every(([key, value]) => String(sample.labels[key]) === value) && Object.keys(sample.labels).length === Object.keys(labels).length;
  return values.find((sample) => matches(sample as { labels: Record<string, unknown> }))?.value;
}

const page = (items: unknown[]) => new Response(JSON.stringify({ items, page: 0, size: 100, totalItems: items.length }), { status: 200 });

describe('Robaws requests', () => {
  it('counts each attempt by method and answer, each retry by the answer that caused it, and times every attempt', async () => {
    const metrics = new Metrics();
    const answers = [
      () => new Response('slow down', { status: 429, headers: { 'retry-after': '0' } }),
      () => Promise.reject(new TypeError('socket hang up')),
      () => page([]),
    ];
    const client = new RobawsHttpClient({
      baseUrl: 'http://robaws.test',
      username: 'u',
      password: 'p',
      fetch: async () => answers.shift()!(),
      sleep: async () => undefined,
      observer: metrics.robawsObserver,
    });
    await client.listClients({ page: 0 });
    expect(await valueOf(metrics, 'robaws_requests_total', { method: 'GET', status: '429' })).toBe(1);
    expect(await valueOf(metrics, 'robaws_requests_total', { method: 'GET', status: 'network_error' })).toBe(1);
    expect(await valueOf(metrics, 'robaws_requests_total', { method: 'GET', status: '200' })).toBe(1);
    expect(await valueOf(metrics, 'robaws_retries_total', { method: 'GET', status: '429' })).toBe(1);
    expect(await valueOf(metrics, 'robaws_retries_total', { method: 'GET', status: 'network_error' })).toBe(1);
    expect(await metrics.scrape()).toMatch(/^robaws_sync_robaws_request_duration_seconds_count\{method="GET"\} 3$/m);
  });
});

describe('sync runs', () => {
  const run = (overrides: Partial<SyncRun>) =>
    ({ kind: 'FULL', status: 'SUCCEEDED', dryRun: false, ...Object.fromEntries(RUN_COUNTERS.map((counter) => [counter, 0])), ...overrides }) as SyncRun;

  it('counts runs by kind and status, their duration, those in progress, and the customers of runs that wrote', async () => {
    const metrics = new Metrics();
    const full = run({ fetched: 250, created: 200, unchanged: 50 });
    metrics.runObserver.started(full);
    expect(await valueOf(metrics, 'runs_in_progress', { kind: 'FULL' })).toBe(1);
    metrics.runObserver.finished(full, 1_500);
    const dry = run({ kind: 'INCREMENTAL', dryRun: true, fetched: 7 });
    metrics.runObserver.started(dry);
    metrics.runObserver.finished({ ...dry, status: 'FAILED' }, 100);
    expect(await valueOf(metrics, 'runs_in_progress', { kind: 'FULL' })).toBe(0);
    expect(await valueOf(metrics, 'runs_total', { kind: 'FULL', status: 'SUCCEEDED' })).toBe(1);
    expect(await valueOf(metrics, 'runs_total', { kind: 'INCREMENTAL', status: 'FAILED' })).toBe(1);
    expect(await valueOf(metrics, 'run_customers_total', { kind: 'FULL', counter: 'fetched' })).toBe(250);
    expect(await valueOf(metrics, 'run_customers_total', { kind: 'FULL', counter: 'created' })).toBe(200);
    expect(await valueOf(metrics, 'run_customers_total', { kind: 'FULL', counter: 'unchanged' })).toBe(50);
    // A dry run wrote nothing: its counts are what it would have done.
    expect(await valueOf(metrics, 'run_customers_total', { kind: 'INCREMENTAL', counter: 'fetched' })).toBeUndefined();
    expect(await metrics.scrape()).toMatch(/^robaws_sync_run_duration_seconds_sum\{kind="FULL",status="SUCCEEDED"\} 1\.5$/m);
  });
});

describe('webhook events', () => {
  it('counts settled attempts by status (a retry as RETRY) and times the applied ones', async () => {
    const metrics = new Metrics();
    metrics.webhooksSettled([
      { id: 'a', attempts: 1, status: 'PROCESSED', outcome: 'UPDATED', customerId: 1, durationMs: 12 },
      { id: 'b', attempts: 1, status: 'IGNORED', outcome: 'DUPLICATE', customerId: 1, durationMs: 3 },
      { id: 'c', attempts: 1, status: 'RECEIVED', error: 'Robaws answered 503', nextAttemptAt: new Date() },
      { id: 'd', attempts: 8, status: 'FAILED', error: 'gave up' },
    ]);
    for (const status of ['PROCESSED', 'IGNORED', 'RETRY', 'FAILED']) expect(await valueOf(metrics, 'webhook_events_total', { status })).toBe(1);
    expect(await metrics.scrape()).toMatch(/^robaws_sync_webhook_apply_duration_seconds_count 2$/m);
  });
});

describe('GraphQL operations', () => {
  it('counts by name and type, times queries and mutations, counts those with errors', async () => {
    const metrics = new Metrics();
    metrics.graphqlOperation({ name: 'Customers', type: 'query', durationMs: 20, failed: false });
    metrics.graphqlOperation({ name: 'Customers', type: 'query', durationMs: 30, failed: true });
    metrics.graphqlOperation({ name: null, type: 'mutation', durationMs: 5, failed: false });
    metrics.graphqlOperation({ name: 'Progress', type: 'subscription', failed: false });
    expect(await valueOf(metrics, 'graphql_operations_total', { operation: 'Customers', type: 'query' })).toBe(2);
    expect(await valueOf(metrics, 'graphql_operation_errors_total', { operation: 'Customers', type: 'query' })).toBe(1);
    expect(await valueOf(metrics, 'graphql_operations_total', { operation: 'anonymous', type: 'mutation' })).toBe(1);
    expect(await valueOf(metrics, 'graphql_operations_total', { operation: 'Progress', type: 'subscription' })).toBe(1);
    const text = await metrics.scrape();
    expect(text).toMatch(/^robaws_sync_graphql_operation_duration_seconds_count\{operation="Customers",type="query"\} 2$/m);
    expect(text).not.toContain('robaws_sync_graphql_operation_duration_seconds_count{operation="Progress"');
  });

  it(`keeps at most ${MAX_OPERATION_NAMES} names a client chose; the rest count as "other"`, async () => {
    const metrics = new Metrics();
    for (let index = 0; index <= MAX_OPERATION_NAMES; index++) metrics.graphqlOperation({ name: `Op${index}`, type: 'query', durationMs: 1, failed: false });
    metrics.graphqlOperation({ name: 'Op0', type: 'query', durationMs: 1, failed: false });
    expect(await valueOf(metrics, 'graphql_operations_total', { operation: 'Op0', type: 'query' })).toBe(2);
    expect(await valueOf(metrics, 'graphql_operations_total', { operation: `Op${MAX_OPERATION_NAMES - 1}`, type: 'query' })).toBe(1);
    expect(await valueOf(metrics, 'graphql_operations_total', { operation: 'other', type: 'query' })).toBe(1);
  });
});

describe('figures read from the database at scrape time', () => {
  const sources = (overrides: Partial<StateSources> = {}): StateSources => ({
    webhookBacklog: async () => ({ pending: 3, oldestAgeSeconds: 42.5 }),
    customerTotals: async () => ({ total: 250, pendingPush: 2, inConflict: 1 }),
    lastSuccessByKind: async () => [{ kind: 'FULL', finishedAt: new Date('2026-11-29T10:00:00Z') }],
    ...overrides,
  });

  it('reports the webhook backlog, customers by state and the last success per kind', async () => {
    const metrics = new Metrics();
    metrics.readStateFrom(sources(), recordingLogger().logger);
    const text = await metrics.scrape();
    for (const line of [
      'robaws_sync_webhook_events_pending 3',
      'robaws_sync_webhook_oldest_pending_age_seconds 42.5',
      'robaws_sync_customers{state="total"} 250',
      'robaws_sync_customers{state="pendingPush"} 2',
      'robaws_sync_customers{state="inConflict"} 1',
      `robaws_sync_last_success_timestamp_seconds{kind="FULL"} ${Date.parse('2026-11-29T10:00:00Z') / 1000}`,
    ]) {
      expect(text.split('\n')).toContain(line);
    }
  });

  it('leaves them out of a scrape when the database cannot answer, says so in the log, and serves the rest', async () => {
    const metrics = new Metrics();
    const { logger, lines } = recordingLogger();
    metrics.readStateFrom(sources(), logger);
    await metrics.scrape();
    metrics.readStateFrom(sources({ customerTotals: () => Promise.reject(new Error('connection refused')) }), logger);
    metrics.graphqlOperation({ name: 'Customers', type: 'query', durationMs: 1, failed: false });
    const text = await metrics.scrape();
    expect(text).not.toMatch(/^robaws_sync_(webhook_events_pending|webhook_oldest_pending_age_seconds|customers|last_success_timestamp_seconds)[{ ]/m);
    expect(text).toContain('robaws_sync_graphql_operations_total{operation="Customers",type="query"} 1');
    expect(lines).toContainEqual(expect.objectContaining({ level: 'error', msg: 'metrics: could not read the database figures; this scrape leaves them out' }));
  });
});
