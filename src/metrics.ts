import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SyncRun } from './generated/prisma/client.js';
import type { Logger } from './log.js';
import type { RobawsAttempt, RobawsRequestObserver } from './robaws/client.js';
import { RUN_COUNTERS } from './sync/run-recorder.js';
import type { RunObserver } from './sync/runs.js';
import type { Settlement } from './webhooks/event-store.js';

/**
 * The process's Prometheus metrics, served on /metrics (src/http/metrics-route.ts; docs/deploy.md lists
 * them). What happens in this process is counted as it happens, through the observers the runtime
 * hands to the Robaws client, the sync runs, the webhook processor and the GraphQL server. What the
 * database holds (the webhook backlog, customer states, the last success per sync kind) is read from it
 * when scraped, so every replica reports the same figures and nothing is kept twice.
 */

const PREFIX = 'robaws_sync_';
/** GraphQL operation names come from clients: past this many distinct names, the rest count as "other". */
export const MAX_OPERATION_NAMES = 200;

/** What the database holds, read at each scrape through the modules that own the tables. */
export interface StateSources {
  webhookBacklog(): Promise<{ pending: number; oldestAgeSeconds: number }>;
  customerTotals(): Promise<Record<string, number>>;
  lastSuccessByKind(): Promise<Array<{ kind: string; finishedAt: Date }>>;
}

export interface GraphQLOperation {
  name: string | null;
  type: 'query' | 'mutation' | 'subscription';
  /** Absent for a subscription: it lasts as long as its client listens. */
  durationMs?: number;
  failed: boolean;
}

/** A settled webhook attempt's status as the metrics name it: RECEIVED means it will be retried. */
const SETTLED_STATUS: Record<Settlement['status'], string> = { PROCESSED: 'PROCESSED', IGNORED: 'IGNORED', RECEIVED: 'RETRY', FAILED: 'FAILED' };

const seconds = (ms: number) => ms / 1000;

export class Metrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();
  private sources: { read: StateSources; logger: Logger } | null = null;

  private readonly runs = this.counter('runs_total', 'Sync runs this process finished, by kind and status.', ['kind', 'status']);
  private readonly runDuration = this.histogram('run_duration_seconds', 'How long finished sync runs took.', ['kind', 'status'], [0.5, 1, 5, 15, 60, 300, 900, 1800, 3600, 7200]);
  private readonly runsInProgress = this.gauge('runs_in_progress', 'Sync runs this process is running now, by kind.', ['kind']);
  private readonly runCustomers = this.counter(
    'run_customers_total',
    `Customers counted by finished sync runs (dry runs left out), per run counter: ${RUN_COUNTERS.join(', ')}.`,
    ['kind', 'counter'],
  );
  private readonly robawsRequests = this.counter(
    'robaws_requests_total',
    'Requests sent to Robaws, each attempt counted, by method and answer (an HTTP status, timeout or network_error); status="429" counts the rate-limited ones.',
    ['method', 'status'],
  );
  private readonly robawsDuration = this.histogram('robaws_request_duration_seconds', 'Time to Robaws\' answer, per attempt.', ['method'], [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
  private readonly robawsRetries = this.counter('robaws_retries_total', 'Robaws requests sent again, by method and the answer that made us retry.', ['method', 'status']);
  private readonly webhookEvents = this.counter('webhook_events_total', 'Webhook event attempts settled, by status: PROCESSED, IGNORED, RETRY (failed, to be tried again) or FAILED (gave up).', ['status']);
  private readonly webhookApplyDuration = this.histogram('webhook_apply_duration_seconds', 'Time to apply a webhook event (processed or ignored).', [], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]);
  private readonly graphqlOperations = this.counter('graphql_operations_total', 'GraphQL operations run, by operation name and type.', ['operation', 'type']);
  private readonly graphqlDuration = this.histogram('graphql_operation_duration_seconds', 'Time to execute a GraphQL query or mutation.', ['operation', 'type'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);
  private readonly graphqlErrors = this.counter('graphql_operation_errors_total', 'GraphQL operations whose result carried errors.', ['operation', 'type']);

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  readonly runObserver: RunObserver = {
    started: (run) => this.runsInProgress.inc({ kind: run.kind }),
    finished: (run, durationMs) => this.runFinished(run, durationMs),
  };

  readonly robawsObserver: RobawsRequestObserver = {
    attempt: (attempt: RobawsAttempt) => {
      this.robawsRequests.inc({ method: attempt.method, status: String(attempt.status) });
      this.robawsDuration.observe({ method: attempt.method }, seconds(attempt.durationMs));
    },
    retry: (attempt) => this.robawsRetries.inc({ method: attempt.method, status: String(attempt.status) }),
  };

  webhooksSettled(settlements: readonly Settlement[]): void {
    for (const settlement of settlements) {
      this.webhookEvents.inc({ status: SETTLED_STATUS[settlement.status] });
      if ('durationMs' in settlement) this.webhookApplyDuration.observe(seconds(settlement.durationMs));
    }
  }

  graphqlOperation(operation: GraphQLOperation): void {
    const labels = { operation: this.operationLabel(operation.name), type: operation.type };
    this.graphqlOperations.inc(labels);
    if (operation.durationMs !== undefined) this.graphqlDuration.observe(labels, seconds(operation.durationMs));
    if (operation.failed) this.graphqlErrors.inc(labels);
  }

  /** Where the database's figures are read from at each scrape; a failed read leaves them out of that scrape (and is logged). */
  readStateFrom(read: StateSources, logger: Logger): void {
    this.sources = { read, logger };
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async scrape(): Promise<string> {
    const [counted, read] = await Promise.all([this.registry.metrics(), this.readState()]);
    return counted + read;
  }

  /** The database's figures, in a registry of their own made for this scrape: when the read fails they are absent, not stale or zero. */
  private async readState(): Promise<string> {
    if (!this.sources) return '';
    const { read, logger } = this.sources;
    let state: [Awaited<ReturnType<StateSources['webhookBacklog']>>, Record<string, number>, Array<{ kind: string; finishedAt: Date }>];
    try {
      state = await Promise.all([read.webhookBacklog(), read.customerTotals(), read.lastSuccessByKind()]);
    } catch (error) {
      logger.error({ err: error }, 'metrics: could not read the database figures; this scrape leaves them out');
      return '';
    }
    const [backlog, totals, successes] = state;
    const registry = new Registry();
    const gauge = <L extends string>(name: string, help: string, labelNames: L[]) => new Gauge({ name: PREFIX + name, help, labelNames, registers: [registry] });
    gauge('webhook_events_pending', 'Webhook events stored and not applied yet (all replicas).', []).set(backlog.pending);
    gauge('webhook_oldest_pending_age_seconds', 'Age of the oldest webhook event not applied yet; 0 when none waits.', []).set(backlog.oldestAgeSeconds);
    const customers = gauge('customers', 'Customers by state: total, active, inactive, pendingPush (edits not pushed yet), inConflict, gone, withoutRole.', ['state']);
    for (const [customerState, count] of Object.entries(totals)) customers.set({ state: customerState }, count);
    const lastSuccess = gauge('last_success_timestamp_seconds', 'When the last complete (not dry, not limited) sync run of each kind succeeded, in Unix time.', ['kind']);
    for (const { kind, finishedAt } of successes) lastSuccess.set({ kind }, seconds(finishedAt.getTime()));
    return registry.metrics();
  }

  private runFinished(run: SyncRun, durationMs: number): void {
    this.runsInProgress.dec({ kind: run.kind });
    this.runs.inc({ kind: run.kind, status: run.status });
    this.runDuration.observe({ kind: run.kind, status: run.status }, seconds(durationMs));
    if (run.dryRun) return;
    for (const counter of RUN_COUNTERS) this.runCustomers.inc({ kind: run.kind, counter }, run[counter]);
  }

  private operationLabel(name: string | null): string {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name: PREFIX + name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
    return new Gauge({ name: PREFIX + name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name: PREFIX + name, help, labelNames, buckets, registers: [this.registry] });
  }
}
