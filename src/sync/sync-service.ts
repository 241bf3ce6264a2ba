import type { NormalizeOptions } from '../customers/normalize.js';
import type { Db } from '../db/client.js';
import type { Customer, SyncKind, SyncRun, SyncTrigger } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import type { RobawsApi, RobawsClientPage, RobawsClientRecord } from '../robaws/client.js';
import { NotFoundError, RobawsUnavailableError } from '../errors.js';
import { RobawsNotFoundError, RobawsTransientError } from '../robaws/errors.js';
import { dedupeByClientId, diffSyncedFields, toCustomerRecord, type CustomerRecord, type FieldChange } from './customer-record.js';
import { loadStoredCustomers, upsertCustomers } from './customer-writer.js';
import type { LockLease, Locks } from './locks.js';
import { RunRecorder, type RecordFailure, type RunCounts } from './run-recorder.js';

/**
 * The one sync service: every trigger (CLI, GraphQL, webhooks, cron) starts runs here. A run is a
 * SyncRun row, updated as it goes; one run per kind at a time across processes (advisory lock).
 */

export interface SyncSettings {
  pageSize: number;
  /** Incremental runs ask for changes since the last mark minus this, to absorb clock skew. */
  incrementalOverlapMs: number;
  pageConcurrency: number;
  writeBatchSize: number;
  normalize: NormalizeOptions;
}

export interface SyncServiceDeps {
  db: Db;
  robaws: RobawsApi;
  locks: Locks;
  logger: Logger;
  settings: SyncSettings;
}

export interface StartSyncOptions {
  kind: Extract<SyncKind, 'FULL' | 'INCREMENTAL' | 'SINGLE'>;
  trigger: SyncTrigger;
  dryRun?: boolean;
  /** Stop after this many clients. */
  limit?: number | null;
  /** SINGLE: the Robaws client id. */
  robawsClientId?: string;
}

export interface FinishedSync {
  run: SyncRun;
  /** Why a FAILED run failed, as thrown (for callers that map it to a typed error). */
  error?: unknown;
}

export interface StartedSync {
  run: SyncRun;
  /** True when a run of this kind was already going: `run` is that one, and nothing new started. */
  alreadyRunning: boolean;
  /** Settles when the run ends (never rejects: failures end as status FAILED). */
  completion: Promise<FinishedSync>;
}

export interface DryRunSample {
  robawsClientId: string;
  name: string;
  role: string | null;
  extraFields: unknown;
}

export interface DryRunChange {
  robawsClientId: string;
  name: string;
  action: 'create' | 'update';
  changes: FieldChange[];
}

export interface DryRunReport {
  samples: DryRunSample[];
  changes: DryRunChange[];
}

const DRY_RUN_SAMPLE_SIZE = 10;
const DRY_RUN_MAX_CHANGES = 200;

export class SyncCancelledError extends Error {
  override name = 'SyncCancelledError';
  constructor() {
    super('The run was cancelled');
  }
}

function lockName(options: StartSyncOptions): string {
  return options.kind === 'SINGLE' ? `SINGLE:${options.robawsClientId}` : options.kind;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs `work` over `items` with at most `concurrency` at once; the first failure aborts the rest. */
async function forEachConcurrently<T>(items: readonly T[], concurrency: number, signal: AbortSignal, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      signal.throwIfAborted();
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** The per-run state of one pass over Robaws pages. */
class PassContext {
  readonly report: DryRunReport = { samples: [], changes: [] };
  /** The newest Robaws updated-at written in this run. */
  newestSeen: Date | null = null;
  constructor(
    readonly run: SyncRun,
    readonly recorder: RunRecorder,
    readonly signal: AbortSignal,
    readonly abort: (reason: Error) => void,
  ) {}
}

export class SyncService {
  private readonly active = new Map<string, { controller: AbortController; completion: Promise<FinishedSync> }>();

  constructor(private readonly deps: SyncServiceDeps) {}

  /** Starts a run in the background and returns its row at once (or the run already going). */
  async start(options: StartSyncOptions): Promise<StartedSync> {
    const { db } = this.deps;
    if (options.kind === 'SINGLE' && !options.robawsClientId) throw new TypeError('A single sync needs a robawsClientId');
    const lease = await this.acquireOrFindRunning(options);
    if ('run' in lease) return { run: lease.run, alreadyRunning: true, completion: this.completionOf(lease.run) };
    let run: SyncRun;
    try {
      await this.failOrphanedRuns(options.kind, options.robawsClientId);
      run = await db.syncRun.create({
        data: {
          kind: options.kind,
          trigger: options.trigger,
          status: 'RUNNING',
          dryRun: options.dryRun ?? false,
          limit: options.limit ?? null,
          robawsClientId: options.robawsClientId ?? null,
          startedAt: new Date(),
          heartbeatAt: new Date(),
        },
      });
    } catch (error) {
      await lease.release();
      throw error;
    }
    const controller = new AbortController();
    const completion = this.execute(run, options, controller).finally(async () => {
      this.active.delete(run.id);
      await lease.release();
    });
    this.active.set(run.id, { controller, completion });
    return { run, alreadyRunning: false, completion };
  }

  /** Starts a run and waits for it to finish. */
  async run(options: StartSyncOptions): Promise<FinishedSync> {
    return (await this.start(options)).completion;
  }

  /** Syncs one client now and returns it; an id Robaws does not know is a NotFoundError. */
  async syncClient(robawsClientId: string, trigger: SyncTrigger): Promise<{ run: SyncRun; customer: Customer }> {
    const { run, error } = await this.run({ kind: 'SINGLE', trigger, robawsClientId });
    if (error instanceof RobawsNotFoundError) throw new NotFoundError('Robaws client', robawsClientId, `Robaws has no client ${robawsClientId}`);
    if (run.status !== 'SUCCEEDED') throw toDomainError(error ?? new Error(run.error ?? 'The sync did not finish'));
    const customer = await this.deps.db.customer.findUniqueOrThrow({ where: { robawsClientId } });
    return { run, customer };
  }

  /** Asks a run to stop after the page it is on; works across processes through the row. */
  async cancel(runId: string): Promise<SyncRun | null> {
    const run = await this.deps.db.syncRun.findUnique({ where: { id: runId } });
    if (!run || (run.status !== 'RUNNING' && run.status !== 'QUEUED')) return run;
    const updated = await this.deps.db.syncRun.update({ where: { id: runId }, data: { cancelRequestedAt: new Date() } });
    this.active.get(runId)?.controller.abort(new SyncCancelledError());
    return updated;
  }

  /** Stops this process's runs (on shutdown) and waits for them to record their end. */
  async stop(): Promise<void> {
    const running = [...this.active.values()];
    for (const entry of running) entry.controller.abort(new Error('The server is shutting down'));
    await Promise.allSettled(running.map((entry) => entry.completion));
  }

  /** Marks runs left RUNNING by a process that died (nobody holds their lock) as failed. */
  async recoverOrphanedRuns(): Promise<number> {
    let recovered = 0;
    for (const kind of ['FULL', 'INCREMENTAL', 'PUSH'] as const) {
      const lease = await this.deps.locks.tryAcquire(kind);
      if (!lease) continue;
      try {
        recovered += await this.failOrphanedRuns(kind);
      } finally {
        await lease.release();
      }
    }
    return recovered;
  }

  private async failOrphanedRuns(kind: SyncKind, robawsClientId?: string): Promise<number> {
    const { count } = await this.deps.db.syncRun.updateMany({
      where: { kind, status: { in: ['QUEUED', 'RUNNING'] }, ...(robawsClientId ? { robawsClientId } : {}) },
      data: { status: 'FAILED', error: 'The process running this sync stopped before it finished', finishedAt: new Date() },
    });
    if (count > 0) this.deps.logger.warn({ kind, count }, 'marked runs left running by a stopped process as failed');
    return count;
  }

  /**
   * The lock, or the run of whoever holds it. The holder inserts its row just after taking the lock
   * and may finish at any moment, so look again until one of the two is there.
   */
  private async acquireOrFindRunning(options: StartSyncOptions): Promise<LockLease | { run: SyncRun }> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const lease = await this.deps.locks.tryAcquire(lockName(options));
      if (lease) return lease;
      const running = await this.deps.db.syncRun.findFirst({
        where: { kind: options.kind, status: { in: ['QUEUED', 'RUNNING'] }, ...(options.robawsClientId ? { robawsClientId: options.robawsClientId } : {}) },
        orderBy: { createdAt: 'desc' },
      });
      if (running) return { run: running };
      if (Date.now() > deadline) throw new Error(`A ${options.kind.toLowerCase()} sync holds the lock but has no run row; try again in a moment`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** A run of another process: poll its row until it ends. */
  private completionOf(run: SyncRun): Promise<FinishedSync> {
    const local = this.active.get(run.id);
    if (local) return local.completion;
    return (async () => {
      for (;;) {
        const current = await this.deps.db.syncRun.findUniqueOrThrow({ where: { id: run.id } });
        if (current.status !== 'RUNNING' && current.status !== 'QUEUED') return { run: current };
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    })();
  }

  private async execute(run: SyncRun, options: StartSyncOptions, controller: AbortController): Promise<FinishedSync> {
    const recorder = new RunRecorder(this.deps.db, run.id);
    const logger = this.deps.logger.child({ runId: run.id, kind: run.kind });
    const context = new PassContext(run, recorder, controller.signal, (reason) => controller.abort(reason));
    const startedAt = Date.now();
    logger.info({ trigger: run.trigger, dryRun: run.dryRun, limit: run.limit }, 'sync started');
    try {
      let highWaterMark: Date | null;
      if (options.kind === 'SINGLE') {
        await this.singlePass(context, options.robawsClientId as string);
        highWaterMark = null;
      } else {
        highWaterMark = await this.pagedPass(context, options.kind);
      }
      // A partial or dry run saw too little to move the mark: the next incremental run would miss changes.
      const movesMark = !run.dryRun && !run.limit && highWaterMark !== null;
      const finished = await recorder.update({
        status: 'SUCCEEDED',
        finishedAt: new Date(),
        highWaterMark: movesMark ? highWaterMark : undefined,
        samples: run.dryRun ? (context.report as object) : undefined,
      });
      logger.info({ durationMs: Date.now() - startedAt, ...countsOf(finished) }, 'sync succeeded');
      return { run: finished };
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      const cancelled = reason instanceof SyncCancelledError;
      const finished = await recorder.update({
        status: cancelled ? 'CANCELLED' : 'FAILED',
        error: cancelled ? null : describeError(reason),
        finishedAt: new Date(),
        samples: run.dryRun ? (context.report as object) : undefined,
      });
      if (cancelled) logger.info({ durationMs: Date.now() - startedAt }, 'sync cancelled');
      else logger.error({ err: reason, durationMs: Date.now() - startedAt }, 'sync failed');
      return { run: finished, error: reason };
    }
  }

  /** The mark the last successful full or incremental run left, if any. */
  async lastHighWaterMark(): Promise<Date | null> {
    const last = await this.deps.db.syncRun.findFirst({
      where: { kind: { in: ['FULL', 'INCREMENTAL'] }, status: 'SUCCEEDED', highWaterMark: { not: null } },
      orderBy: { highWaterMark: 'desc' },
      select: { highWaterMark: true },
    });
    return last?.highWaterMark ?? null;
  }

  /**
   * Reads every page (several at once, paced by the Robaws client), writing each as it arrives.
   * Incremental runs ask Robaws only for clients changed since the last mark; without one they read
   * everything. Returns the mark this run reached.
   */
  private async pagedPass(context: PassContext, kind: 'FULL' | 'INCREMENTAL'): Promise<Date | null> {
    const startedAt = new Date();
    const previousMark = kind === 'INCREMENTAL' ? await this.lastHighWaterMark() : null;
    if (kind === 'INCREMENTAL' && !previousMark) this.deps.logger.info({ runId: context.run.id }, 'no earlier successful sync: the incremental run reads every client');
    const updatedFrom = previousMark ? new Date(previousMark.getTime() - this.deps.settings.incrementalOverlapMs) : undefined;
    await this.readPages(context, updatedFrom);
    // A full pass saw everything up to its start; changes made while it ran are caught by the next run.
    if (!previousMark) return startedAt;
    return context.newestSeen && context.newestSeen > previousMark ? context.newestSeen : previousMark;
  }

  private async readPages(context: PassContext, updatedFrom: Date | undefined): Promise<void> {
    const { robaws, settings } = this.deps;
    const { run, signal } = context;
    const size = settings.pageSize;
    const query = updatedFrom ? { updatedFrom, sort: 'updatedAt:asc' } : {};
    const first = await robaws.listClients({ page: 0, size, ...query }, { signal });
    const pagesWanted = run.limit ? Math.ceil(run.limit / size) : first.totalPages;
    const pagesTotal = Math.min(first.totalPages, pagesWanted);
    await context.recorder.update({ pagesTotal });
    await this.processPage(context, first);
    const rest = Array.from({ length: Math.max(0, pagesTotal - 1) }, (_, index) => index + 1);
    await forEachConcurrently(rest, settings.pageConcurrency, signal, async (page) => {
      await this.processPage(context, await robaws.listClients({ page, size, ...query }, { signal }));
    });
  }

  private async singlePass(context: PassContext, robawsClientId: string): Promise<void> {
    await context.recorder.update({ pagesTotal: 1 });
    let record: RobawsClientRecord;
    try {
      record = await this.deps.robaws.getClient(robawsClientId, { signal: context.signal });
    } catch (error) {
      // Only a real 404 means the client is gone from Robaws; any other failure proves nothing.
      if (error instanceof RobawsNotFoundError && !context.run.dryRun) await this.markGone([robawsClientId], context.recorder);
      throw error;
    }
    await this.writeRecords(context, [record], [], 1);
  }

  private async processPage(context: PassContext, page: RobawsClientPage): Promise<void> {
    const { run } = context;
    // With a limit, the page that crosses it is cut at the limit.
    const room = run.limit ? Math.max(0, run.limit - page.page * page.size) : page.records.length;
    await this.writeRecords(context, page.records.slice(0, room), page.invalid, 1);
  }

  private async writeRecords(
    context: PassContext,
    records: readonly RobawsClientRecord[],
    invalid: RobawsClientPage['invalid'],
    pagesDone: number,
  ): Promise<void> {
    const { run, recorder } = context;
    const failures: RecordFailure[] = invalid.map((item) => ({ robawsClientId: item.id, reason: item.reason }));
    const formatted: CustomerRecord[] = [];
    for (const record of records) {
      try {
        formatted.push(toCustomerRecord(record, this.deps.settings.normalize));
      } catch (error) {
        failures.push({ robawsClientId: record.client.id, reason: `could not be normalized: ${describeError(error)}` });
      }
    }
    const { unique, duplicates } = dedupeByClientId(formatted);
    for (const record of unique) {
      if (record.robawsUpdatedAt && (!context.newestSeen || record.robawsUpdatedAt > context.newestSeen)) context.newestSeen = record.robawsUpdatedAt;
    }
    const counts: Partial<RunCounts> = { fetched: records.length + invalid.length, failed: failures.length, skipped: duplicates };
    if (run.dryRun) Object.assign(counts, await this.planWrites(context, unique));
    else {
      const summary = await upsertCustomers(this.deps.db, unique, this.deps.settings.writeBatchSize);
      Object.assign(counts, {
        created: summary.created.length,
        updated: summary.updated.length,
        unchanged: summary.unchanged,
        revived: summary.revived.length,
      });
    }
    for (const failure of failures) this.deps.logger.warn({ runId: run.id, ...failure }, 'record skipped');
    const { cancelRequested } = await recorder.add(counts, { pagesDone, failures });
    if (cancelRequested) context.abort(new SyncCancelledError());
  }

  /** Dry run: what a write would do, per customer and field, without writing. */
  private async planWrites(context: PassContext, records: readonly CustomerRecord[]): Promise<Partial<RunCounts>> {
    const stored = await loadStoredCustomers(this.deps.db, records.map((record) => record.robawsClientId));
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const { report } = context;
    for (const record of records) {
      if (report.samples.length < DRY_RUN_SAMPLE_SIZE) {
        report.samples.push({ robawsClientId: record.robawsClientId, name: record.name, role: record.role, extraFields: record.raw.extraFields ?? null });
      }
      const existing = stored.get(record.robawsClientId) ?? null;
      if (existing?.contentHash === record.contentHash) {
        counts.unchanged++;
        continue;
      }
      counts[existing ? 'updated' : 'created']++;
      if (report.changes.length < DRY_RUN_MAX_CHANGES) {
        report.changes.push({
          robawsClientId: record.robawsClientId,
          name: record.name,
          action: existing ? 'update' : 'create',
          changes: diffSyncedFields(existing, record),
        });
      }
    }
    return counts;
  }

  private async markGone(robawsClientIds: readonly string[], recorder: RunRecorder): Promise<void> {
    const { count } = await this.deps.db.customer.updateMany({
      where: { robawsClientId: { in: [...robawsClientIds] }, goneFromRobawsAt: null },
      data: { goneFromRobawsAt: new Date(), isActive: false },
    });
    await recorder.add({ markedGone: count });
  }

  async findCustomer(robawsClientId: string): Promise<Customer | null> {
    return this.deps.db.customer.findUnique({ where: { robawsClientId } });
  }
}

/** Robaws faults that outlived the retries become one domain error; anything else stays as it is. */
function toDomainError(error: unknown): unknown {
  if (error instanceof RobawsTransientError) return new RobawsUnavailableError(error.message, { cause: error });
  return error;
}

function countsOf(run: SyncRun): RunCounts {
  const { fetched, created, updated, unchanged, skipped, failed, pushed, conflicts, markedGone, revived } = run;
  return { fetched, created, updated, unchanged, skipped, failed, pushed, conflicts, markedGone, revived };
}
