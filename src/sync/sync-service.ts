import type { NormalizeOptions } from '../customers/normalize.js';
import { sqlPool, type Db } from '../db/client.js';
import { NotFoundError, RobawsUnavailableError } from '../errors.js';
import type { Customer, Prisma, SyncKind, SyncRun, SyncTrigger } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import type { RobawsApi, RobawsClientPage, RobawsClientRecord } from '../robaws/client.js';
import { RobawsNotFoundError, RobawsPreconditionFailedError, RobawsTransientError, RobawsValidationError } from '../robaws/errors.js';
import { robawsClientSchema } from '../robaws/types.js';
import {
  dedupeByClientId,
  diffSyncedFields,
  toCustomerRecord,
  type CustomerRecord,
  type EditableField,
  type FieldChange,
  type FieldValue,
} from './customer-record.js';
import {
  derivedColumnsOf,
  editableValuesOf,
  loadStoredCustomers,
  localStateOf,
  lockCustomer,
  mergeRecordIntoCustomer,
  storeCustomerRecords,
  type StoreSummary,
} from './customer-writer.js';
import type { LockLease, Locks } from './locks.js';
import { mergeRemote, recordEdit, resolveConflicts, type ConflictResolution } from './merge.js';
import { buildPushPatch } from './push-patch.js';
import { RunRecorder, type RecordFailure, type RunCounts } from './run-recorder.js';

/**
 * The one sync service: every trigger (CLI, GraphQL, webhooks, cron) goes through it, and none holds
 * sync logic of its own. A run is a SyncRun row, updated as it goes; one run per kind at a time
 * across processes (a Postgres advisory lock held on its own connection).
 */

export interface SyncSettings {
  pageSize: number;
  pageConcurrency: number;
  writeBatchSize: number;
  /** Incremental runs ask for changes since the last mark minus this, to absorb clock skew. */
  incrementalOverlapMs: number;
  /** A failed full sync younger than this resumes from its checkpoint instead of starting over. */
  resumeMaxAgeMs: number;
  pushConcurrency: number;
  normalize: NormalizeOptions;
}

export interface SyncServiceDeps {
  db: Db;
  robaws: RobawsApi;
  locks: Locks;
  logger: Logger;
  settings: SyncSettings;
  now?: () => Date;
}

export type RunKind = Extract<SyncKind, 'FULL' | 'INCREMENTAL' | 'SINGLE' | 'PUSH'>;

export interface StartSyncOptions {
  kind: RunKind;
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
  /** Full runs: clients Robaws no longer has (confirmed by a 404 each), that a write would mark gone. */
  gone: string[];
}

export type PushOutcome = 'PUSHED' | 'CONFLICT' | 'NOTHING_TO_PUSH' | 'REJECTED';

export interface PushResult {
  /** For a dry run: what the push would do. */
  outcome: PushOutcome;
  customer: Customer;
  pushedFields: EditableField[];
  conflictFields: EditableField[];
  /** REJECTED: what Robaws said. */
  message?: string;
  /** Dry run: the values Robaws holds and the ones the push would send. */
  plannedChanges?: FieldChange[];
}

export interface AppliedRecord {
  customerId: number | null;
  outcome: 'created' | 'updated' | 'unchanged' | 'stale' | 'merged';
}

/** Resumable full sync: where a failed pass got to. */
interface Checkpoint {
  version: 1;
  pageSize: number;
  /** Every page before this one was written. */
  nextPage: number;
  /** When the pass began (its high-water mark when it completes). */
  passStartedAt: string;
}

const DRY_RUN_SAMPLE_SIZE = 10;
const DRY_RUN_MAX_CHANGES = 200;
const PUSH_ATTEMPTS = 3;

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

/** Robaws faults that outlived the retries become one domain error; anything else stays as it is. */
function toDomainError(error: unknown): unknown {
  if (error instanceof RobawsTransientError) return new RobawsUnavailableError(error.message, { cause: error });
  return error;
}

/**
 * Runs `work` over `items` with at most `concurrency` at once. The first failure stops new items from
 * starting; the ones already under way finish (their pages are written and counted) before it is thrown.
 */
async function forEachConcurrently<T>(items: readonly T[], concurrency: number, signal: AbortSignal, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && !failure && !signal.aborted) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
  signal.throwIfAborted();
}

/** The per-run state of one pass. */
class RunContext {
  readonly report: DryRunReport = { samples: [], changes: [], gone: [] };
  /** The newest Robaws updated-at written in this run. */
  newestSeen: Date | null = null;
  private readonly donePages = new Set<number>();
  private nextPage = 0;

  constructor(
    readonly run: SyncRun,
    readonly recorder: RunRecorder,
    readonly signal: AbortSignal,
    readonly abort: (reason: Error) => void,
    /** Full passes record what they saw, so that a complete pass can tell what is gone. */
    readonly tracksSeen: boolean,
  ) {}

  startAt(page: number): void {
    this.nextPage = page;
  }

  /** Marks a page written; answers the first page not yet written (pages finish out of order). */
  pageWritten(page: number): number {
    this.donePages.add(page);
    while (this.donePages.has(this.nextPage)) this.donePages.delete(this.nextPage++);
    return this.nextPage;
  }
}

export class SyncService {
  private readonly active = new Map<string, { controller: AbortController; completion: Promise<FinishedSync> }>();
  private readonly now: () => Date;

  constructor(private readonly deps: SyncServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Starts a run in the background and returns its row at once (or the run of that kind already going). */
  async start(options: StartSyncOptions): Promise<StartedSync> {
    const { db } = this.deps;
    if (options.kind === 'SINGLE' && !options.robawsClientId) throw new TypeError('A single sync needs a robawsClientId');
    const lease = await this.acquireOrFindRunning(options);
    if ('run' in lease) return { run: lease.run, alreadyRunning: true, completion: this.completionOf(lease.run) };
    let run: SyncRun;
    try {
      await this.failOrphanedRuns(options.kind, options.robawsClientId);
      const resumeFrom = await this.resumableRun(options);
      run = await db.syncRun.create({
        data: {
          kind: options.kind,
          trigger: options.trigger,
          status: 'RUNNING',
          dryRun: options.dryRun ?? false,
          limit: options.limit ?? null,
          robawsClientId: options.robawsClientId ?? null,
          resumedFromId: resumeFrom?.id ?? null,
          checkpoint: resumeFrom?.checkpoint ?? undefined,
          startedAt: this.now(),
          heartbeatAt: this.now(),
        },
      });
      if (resumeFrom) {
        // The seen list of the interrupted pass carries over: together they make one complete pass.
        await db.syncRunSeen.updateMany({ where: { runId: resumeFrom.id }, data: { runId: run.id } });
      }
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
    const updated = await this.deps.db.syncRun.update({ where: { id: runId }, data: { cancelRequestedAt: this.now() } });
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

  /** The mark the last successful full or incremental run left, if any. */
  async lastHighWaterMark(): Promise<Date | null> {
    const last = await this.deps.db.syncRun.findFirst({
      where: { kind: { in: ['FULL', 'INCREMENTAL'] }, status: 'SUCCEEDED', highWaterMark: { not: null } },
      orderBy: { highWaterMark: 'desc' },
      select: { highWaterMark: true },
    });
    return last?.highWaterMark ?? null;
  }

  /** Applies one client as Robaws sent it (a webhook): order-safe, merging unpushed local edits. */
  async applyClientRecord(record: RobawsClientRecord): Promise<AppliedRecord> {
    const formatted = toCustomerRecord(record, this.deps.settings.normalize);
    const summary = await storeCustomerRecords(this.deps.db, [formatted], 1, this.now());
    // Straight on the pool: this runs per webhook event, where Prisma's per-query cost shows.
    const { rows } = await sqlPool(this.deps.db).query<{ id: number; robawsUpdatedAt: Date | null }>(
      'SELECT id, robaws_updated_at AS "robawsUpdatedAt" FROM customers WHERE robaws_client_id = $1',
      [formatted.robawsClientId],
    );
    const stored = rows[0];
    return { customerId: stored?.id ?? null, outcome: outcomeOf(summary, formatted, stored?.robawsUpdatedAt ?? null) };
  }

  /**
   * A local edit: stores the values and records, per field, that it awaits a push and what Robaws
   * had when it was made. Values must be validated and normalized by the caller.
   */
  async editCustomer(customerId: number, changes: Partial<Record<EditableField, FieldValue>>): Promise<Customer> {
    return this.deps.db.$transaction(async (tx) => {
      const current = await lockCustomer(tx, { id: customerId });
      if (!current) throw new NotFoundError('Customer', String(customerId));
      const local = localStateOf(current);
      // What Robaws had at the last sync: the base each new edit remembers.
      const lastSynced = { client: robawsClientSchema.parse(current.raw), raw: current.raw as Record<string, unknown> };
      const robawsValues = editableValuesOf(toCustomerRecord(lastSynced, this.deps.settings.normalize));
      const edit = recordEdit(local, changes, robawsValues, this.now());
      if (edit.changed.length === 0) return current;
      return writeLocalValues(tx, current, edit.values, { pendingChanges: edit.pending, localChangedAt: this.now() });
    });
  }

  /** Settles conflicts explicitly: keep our value (it will be pushed) or take Robaws'. */
  async resolveConflict(customerId: number, fields: readonly EditableField[], keep: ConflictResolution): Promise<Customer> {
    return this.deps.db.$transaction(async (tx) => {
      const current = await lockCustomer(tx, { id: customerId });
      if (!current) throw new NotFoundError('Customer', String(customerId));
      const resolved = resolveConflicts(localStateOf(current), fields, keep);
      return writeLocalValues(tx, current, resolved.values, { pendingChanges: resolved.pending, conflicts: resolved.conflicts });
    });
  }

  /**
   * Sends a customer's unpushed edits to Robaws without clobbering changes made there: compares with
   * Robaws' current record first (fields changed on both sides become conflicts and are not sent),
   * patches with `test` guards, then re-reads the client and stores what Robaws now holds.
   * A dry run stops after the comparison: it reports what would be sent and writes nothing.
   */
  async pushCustomer(customerId: number, options: { dryRun?: boolean } = {}): Promise<PushResult> {
    const { db, robaws, settings } = this.deps;
    const customer = await db.customer.findUnique({ where: { id: customerId } });
    if (!customer) throw new NotFoundError('Customer', String(customerId));
    if (Object.keys(localStateOf(customer).pending).length === 0) {
      return { outcome: 'NOTHING_TO_PUSH', customer, pushedFields: [], conflictFields: [] };
    }
    for (let attempt = 1; ; attempt++) {
      const current = await db.customer.findUniqueOrThrow({ where: { id: customerId } });
      const remote = await this.fetchForPush(current);
      const remoteRecord = toCustomerRecord(remote, settings.normalize);
      const remoteValues = editableValuesOf(remoteRecord);
      const plan = mergeRemote(localStateOf(current), remoteValues, this.now());
      if (options.dryRun) {
        const conflictFields = Object.keys(plan.conflicts) as EditableField[];
        return {
          outcome: conflictFields.length > 0 ? 'CONFLICT' : plan.toPush.length > 0 ? 'PUSHED' : 'NOTHING_TO_PUSH',
          customer: current,
          pushedFields: plan.toPush,
          conflictFields,
          plannedChanges: plan.toPush.map((field) => ({ field, from: remoteValues[field], to: plan.keepLocal[field] ?? null })),
        };
      }
      if (plan.toPush.length === 0) {
        const { customer: stored } = await mergeRecordIntoCustomer(db, remoteRecord, this.now(), { pushError: null });
        return this.pushResult(stored, []);
      }
      const patch = buildPushPatch(remote.raw, plan.toPush, plan.keepLocal, settings.normalize.roleFieldId ?? null);
      try {
        await robaws.jsonPatchClient(current.robawsClientId, patch);
      } catch (error) {
        // Robaws changed one of these fields after we read it: compare again with its new value.
        if (error instanceof RobawsPreconditionFailedError && attempt < PUSH_ATTEMPTS) continue;
        if (error instanceof RobawsValidationError) {
          const rejected = await db.customer.update({ where: { id: customerId }, data: { pushError: error.message } });
          return { outcome: 'REJECTED', customer: rejected, pushedFields: [], conflictFields: Object.keys(localStateOf(rejected).conflicts) as EditableField[], message: error.message };
        }
        throw toDomainError(error);
      }
      const after = toCustomerRecord(await robaws.getClient(current.robawsClientId), settings.normalize);
      const { customer: stored } = await mergeRecordIntoCustomer(db, after, this.now(), { lastPushedToRobawsAt: this.now(), pushError: null });
      return this.pushResult(stored, plan.toPush);
    }
  }

  private pushResult(customer: Customer, pushedFields: EditableField[]): PushResult {
    const conflictFields = Object.keys(localStateOf(customer).conflicts) as EditableField[];
    const outcome: PushOutcome = conflictFields.length > 0 ? 'CONFLICT' : pushedFields.length > 0 ? 'PUSHED' : 'NOTHING_TO_PUSH';
    return { outcome, customer, pushedFields, conflictFields };
  }

  /** Robaws' current record of a customer being pushed; a 404 marks it gone and is a NotFoundError. */
  private async fetchForPush(customer: Customer): Promise<RobawsClientRecord> {
    try {
      return await this.deps.robaws.getClient(customer.robawsClientId);
    } catch (error) {
      if (error instanceof RobawsNotFoundError) {
        await this.markGone([customer.robawsClientId]);
        throw new NotFoundError('Robaws client', customer.robawsClientId, `Robaws has no client ${customer.robawsClientId}: it was marked gone`);
      }
      throw toDomainError(error);
    }
  }

  private async failOrphanedRuns(kind: SyncKind, robawsClientId?: string): Promise<number> {
    const { count } = await this.deps.db.syncRun.updateMany({
      where: { kind, status: { in: ['QUEUED', 'RUNNING'] }, ...(robawsClientId ? { robawsClientId } : {}) },
      data: { status: 'FAILED', error: 'The process running this sync stopped before it finished', finishedAt: this.now() },
    });
    if (count > 0) this.deps.logger.warn({ kind, count }, 'marked runs left running by a stopped process as failed');
    return count;
  }

  /** The failed full pass to resume, if a recent one left a checkpoint and nothing completed since. */
  private async resumableRun(options: StartSyncOptions): Promise<SyncRun | null> {
    if (options.kind !== 'FULL' || options.dryRun || options.limit) return null;
    const { db, settings } = this.deps;
    const last = await db.syncRun.findFirst({
      where: { kind: 'FULL', dryRun: false, limit: null, status: { not: 'RUNNING' } },
      orderBy: { createdAt: 'desc' },
    });
    if (!last || last.status !== 'FAILED' || !last.checkpoint) return null;
    const checkpoint = last.checkpoint as unknown as Checkpoint;
    const fresh = this.now().getTime() - last.createdAt.getTime() <= settings.resumeMaxAgeMs;
    return fresh && checkpoint.version === 1 && checkpoint.pageSize === settings.pageSize && checkpoint.nextPage > 0 ? last : null;
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
    const tracksSeen = run.kind === 'FULL' && !run.limit;
    const context = new RunContext(run, recorder, controller.signal, (reason) => controller.abort(reason), tracksSeen);
    const startedAt = Date.now();
    logger.info({ trigger: run.trigger, dryRun: run.dryRun, limit: run.limit, resumedFrom: run.resumedFromId }, 'sync started');
    let finished: FinishedSync;
    try {
      let highWaterMark: Date | null = null;
      if (options.kind === 'SINGLE') await this.singlePass(context, options.robawsClientId as string);
      else if (options.kind === 'PUSH') await this.pushPass(context);
      else highWaterMark = await this.pagedPass(context, options.kind);
      // A partial or dry run saw too little to move the mark: the next incremental run would miss changes.
      const movesMark = !run.dryRun && !run.limit && highWaterMark !== null;
      const row = await recorder.update({
        status: 'SUCCEEDED',
        finishedAt: this.now(),
        highWaterMark: movesMark ? highWaterMark : undefined,
        samples: run.dryRun ? (context.report as object) : undefined,
      });
      logger.info({ durationMs: Date.now() - startedAt, ...countsOf(row) }, 'sync succeeded');
      finished = { run: row };
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      const cancelled = reason instanceof SyncCancelledError;
      const row = await recorder.update({
        status: cancelled ? 'CANCELLED' : 'FAILED',
        error: cancelled ? null : describeError(reason),
        finishedAt: this.now(),
        samples: run.dryRun ? (context.report as object) : undefined,
      });
      if (cancelled) logger.info({ durationMs: Date.now() - startedAt }, 'sync cancelled');
      else logger.error({ err: reason, durationMs: Date.now() - startedAt }, 'sync failed');
      finished = { run: row, error: reason };
    }
    // A failed full pass keeps its seen list for the run that resumes it.
    if (tracksSeen && finished.run.status !== 'FAILED') await this.deps.db.syncRunSeen.deleteMany({ where: { runId: run.id } });
    return finished;
  }

  /**
   * Reads every page (several at once, paced by the Robaws client), writing each as it arrives.
   * Incremental runs ask Robaws only for clients changed since the last mark; without one they read
   * everything. A full pass that completes marks what it did not see as gone. Returns the mark reached.
   */
  private async pagedPass(context: RunContext, kind: 'FULL' | 'INCREMENTAL'): Promise<Date | null> {
    const previousMark = kind === 'INCREMENTAL' ? await this.lastHighWaterMark() : null;
    if (kind === 'INCREMENTAL' && !previousMark) this.deps.logger.info({ runId: context.run.id }, 'no earlier successful sync: the incremental run reads every client');
    const checkpoint = context.run.checkpoint as unknown as Checkpoint | null;
    const passStartedAt = checkpoint ? new Date(checkpoint.passStartedAt) : this.now();
    const updatedFrom = previousMark ? new Date(previousMark.getTime() - this.deps.settings.incrementalOverlapMs) : undefined;
    await this.readPages(context, { updatedFrom, firstPage: checkpoint?.nextPage ?? 0, passStartedAt });
    if (context.tracksSeen) await this.markUnseenAsGone(context);
    // A full pass saw everything up to its start; changes made while it ran are caught by the next run.
    if (!previousMark) return passStartedAt;
    return context.newestSeen && context.newestSeen > previousMark ? context.newestSeen : previousMark;
  }

  private async readPages(context: RunContext, pass: { updatedFrom: Date | undefined; firstPage: number; passStartedAt: Date }): Promise<void> {
    const { robaws, settings } = this.deps;
    const { run, signal } = context;
    const size = settings.pageSize;
    const query = pass.updatedFrom ? { updatedFrom: pass.updatedFrom, sort: 'updatedAt:asc' } : {};
    context.startAt(pass.firstPage);
    const first = await robaws.listClients({ page: pass.firstPage, size, ...query }, { signal });
    const pagesWanted = run.limit ? Math.ceil(run.limit / size) : first.totalPages;
    const pagesTotal = Math.min(first.totalPages, pagesWanted);
    await context.recorder.update({ pagesTotal, pagesDone: pass.firstPage });
    const checkpointOf = (nextPage: number): Checkpoint => ({ version: 1, pageSize: size, nextPage, passStartedAt: pass.passStartedAt.toISOString() });
    const process = async (page: RobawsClientPage) => {
      await this.processPage(context, page, context.tracksSeen && !run.dryRun ? checkpointOf : null);
    };
    if (pass.firstPage < pagesTotal) await process(first);
    const rest = Array.from({ length: Math.max(0, pagesTotal - pass.firstPage - 1) }, (_, index) => pass.firstPage + index + 1);
    await forEachConcurrently(rest, settings.pageConcurrency, signal, async (page) => {
      await process(await robaws.listClients({ page, size, ...query }, { signal }));
    });
  }

  private async processPage(context: RunContext, page: RobawsClientPage, checkpointOf: ((nextPage: number) => Checkpoint) | null): Promise<void> {
    const { run } = context;
    // With a limit, the page that crosses it is cut at the limit.
    const room = run.limit ? Math.max(0, run.limit - page.page * page.size) : page.records.length;
    const records = page.records.slice(0, room);
    if (context.tracksSeen) await this.recordSeen(context, [...records.map((record) => record.client.id), ...page.invalid.flatMap((item) => (item.id ? [item.id] : []))]);
    const checkpoint = checkpointOf?.(context.pageWritten(page.page));
    await this.writeRecords(context, records, page.invalid, { pagesDone: 1, checkpoint });
  }

  private async recordSeen(context: RunContext, robawsClientIds: readonly string[]): Promise<void> {
    if (robawsClientIds.length === 0) return;
    await sqlPool(this.deps.db).query('INSERT INTO sync_run_seen (run_id, robaws_client_id) SELECT $1::uuid, unnest($2::text[]) ON CONFLICT DO NOTHING', [
      context.run.id,
      robawsClientIds,
    ]);
  }

  private async singlePass(context: RunContext, robawsClientId: string): Promise<void> {
    await context.recorder.update({ pagesTotal: 1 });
    let record: RobawsClientRecord;
    try {
      record = await this.deps.robaws.getClient(robawsClientId, { signal: context.signal });
    } catch (error) {
      // Only a real 404 means the client is gone from Robaws; any other failure proves nothing.
      if (error instanceof RobawsNotFoundError && !context.run.dryRun) await context.recorder.add({ markedGone: await this.markGone([robawsClientId]) });
      throw error;
    }
    await this.writeRecords(context, [record], [], { pagesDone: 1 });
  }

  /**
   * After a complete full pass: customers it did not see are checked one by one, and marked gone only
   * when Robaws answers 404. A client it missed (pages shift while Robaws changes) is stored instead.
   */
  private async markUnseenAsGone(context: RunContext): Promise<void> {
    const { db, robaws, settings } = this.deps;
    const unseen = await db.$queryRawUnsafe<Array<{ robawsClientId: string }>>(
      `SELECT c.robaws_client_id AS "robawsClientId" FROM customers c
       WHERE c.gone_from_robaws_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM sync_run_seen s WHERE s.run_id = $1::uuid AND s.robaws_client_id = c.robaws_client_id)`,
      context.run.id,
    );
    const gone: string[] = [];
    await forEachConcurrently(unseen, settings.pageConcurrency, context.signal, async ({ robawsClientId }) => {
      try {
        const record = await robaws.getClient(robawsClientId, { signal: context.signal });
        await this.writeRecords(context, [record], [], {});
      } catch (error) {
        if (!(error instanceof RobawsNotFoundError)) throw error;
        gone.push(robawsClientId);
      }
    });
    if (context.run.dryRun) {
      context.report.gone = gone;
      await context.recorder.add({ markedGone: gone.length });
    } else {
      await context.recorder.add({ markedGone: await this.markGone(gone) });
    }
  }

  private async writeRecords(
    context: RunContext,
    records: readonly RobawsClientRecord[],
    invalid: RobawsClientPage['invalid'],
    progress: { pagesDone?: number; checkpoint?: Checkpoint },
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
      const summary = await storeCustomerRecords(this.deps.db, unique, this.deps.settings.writeBatchSize, this.now());
      Object.assign(counts, {
        created: summary.created.length,
        updated: summary.updated.length + summary.merged.length,
        unchanged: summary.unchanged,
        revived: summary.revived.length,
        conflicts: summary.newConflicts,
      });
    }
    for (const failure of failures) this.deps.logger.warn({ runId: run.id, ...failure }, 'record skipped');
    const { cancelRequested } = await recorder.add(counts, { ...progress, failures });
    if (cancelRequested) context.abort(new SyncCancelledError());
  }

  /** Dry run: what a write would do, per customer and field, without writing. */
  private async planWrites(context: RunContext, records: readonly CustomerRecord[]): Promise<Partial<RunCounts>> {
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

  /** Pushes every customer with unpushed local edits; one failure is counted, not fatal. */
  private async pushPass(context: RunContext): Promise<void> {
    const { db, settings, logger } = this.deps;
    // The plan compared updated_at with the string 'last_pushed_to_robaws_at'; the edits themselves say what is pending.
    const pending = await db.$queryRawUnsafe<Array<{ id: number; robawsClientId: string }>>(
      `SELECT id, robaws_client_id AS "robawsClientId" FROM customers
       WHERE pending_changes <> '{}'::jsonb AND gone_from_robaws_at IS NULL ORDER BY id`,
    );
    await context.recorder.update({ pagesTotal: pending.length });
    await forEachConcurrently(pending, settings.pushConcurrency, context.signal, async ({ id, robawsClientId }) => {
      const counts: Partial<RunCounts> = {};
      const failures: RecordFailure[] = [];
      try {
        const result = await this.pushCustomer(id, { dryRun: context.run.dryRun });
        if (result.plannedChanges && result.plannedChanges.length > 0 && context.report.changes.length < DRY_RUN_MAX_CHANGES) {
          context.report.changes.push({ robawsClientId, name: result.customer.name, action: 'update', changes: result.plannedChanges });
        }
        if (result.pushedFields.length > 0) counts.pushed = 1;
        if (result.outcome === 'CONFLICT') counts.conflicts = 1;
        if (result.outcome === 'NOTHING_TO_PUSH') counts.skipped = 1;
        if (result.outcome === 'REJECTED') {
          counts.failed = 1;
          failures.push({ robawsClientId, reason: result.message ?? 'Robaws rejected the push' });
        }
      } catch (error) {
        // Robaws being down fails the run (everything pushed so far stays pushed); one missing client does not.
        if (!(error instanceof NotFoundError)) throw error;
        counts.failed = 1;
        failures.push({ robawsClientId, reason: error.message });
        logger.warn({ runId: context.run.id, robawsClientId }, error.message);
      }
      const { cancelRequested } = await context.recorder.add(counts, { pagesDone: 1, failures });
      if (cancelRequested) context.abort(new SyncCancelledError());
    });
  }

  private async markGone(robawsClientIds: readonly string[]): Promise<number> {
    if (robawsClientIds.length === 0) return 0;
    const { count } = await this.deps.db.customer.updateMany({
      where: { robawsClientId: { in: [...robawsClientIds] }, goneFromRobawsAt: null },
      data: { goneFromRobawsAt: this.now(), isActive: false },
    });
    return count;
  }
}

/** Writes new values of editable fields, with the columns derived from them. */
function writeLocalValues(
  tx: Prisma.TransactionClient,
  current: Customer,
  changed: Partial<Record<EditableField, FieldValue>>,
  tracking: Prisma.CustomerUpdateInput,
): Promise<Customer> {
  const values = { ...editableValuesOf(current), ...changed };
  return tx.customer.update({
    where: { id: current.id },
    data: { ...changed, ...derivedColumnsOf({ ...values, name: values.name ?? current.name }), ...tracking } as Prisma.CustomerUpdateInput,
  });
}

function outcomeOf(summary: StoreSummary, record: CustomerRecord, storedUpdatedAt: Date | null): AppliedRecord['outcome'] {
  if (summary.created.length > 0) return 'created';
  if (summary.merged.length > 0) return 'merged';
  if (summary.updated.length > 0) return 'updated';
  if (storedUpdatedAt && record.robawsUpdatedAt && record.robawsUpdatedAt < storedUpdatedAt) return 'stale';
  return 'unchanged';
}

function countsOf(run: SyncRun): RunCounts {
  const { fetched, created, updated, unchanged, skipped, failed, pushed, conflicts, markedGone, revived } = run;
  return { fetched, created, updated, unchanged, skipped, failed, pushed, conflicts, markedGone, revived };
}
