import { setTimeout as sleep } from 'node:timers/promises';
import { backoffDelayMs } from '../concurrency.js';
import { describeError } from '../errors.js';
import type { Prisma, SyncRun } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import type { LockLease, Locks } from './locks.js';
import { RunContext, SyncCancelledError, type Checkpoint, type FinishedSync, type PassResult, type StartedSync, type StartSyncOptions } from './run-context.js';
import { countsOf, type RunScope, type RunStore } from './run-recorder.js';
import { HEARTBEAT_INTERVAL_MS, runOutcome, STALE_HEARTBEAT_MS } from './run-watcher.js';

/**
 * A run's life: one run per kind at a time across processes (a Postgres advisory lock on a connection
 * of its own, gone with the process), a row that says how it goes, a heartbeat while it runs, a
 * cancel that works from any process, and an end that is recorded even if the database was away when
 * the run finished.
 */

export type Pass = (context: RunContext, options: StartSyncOptions) => Promise<PassResult>;

/** Told when a run of this process starts and when it has recorded its end (metrics). */
export interface RunObserver {
  started(run: SyncRun): void;
  finished(run: SyncRun, durationMs: number): void;
}

export interface RunSettings {
  pageSize: number;
  /** A failed full sync younger than this resumes from its checkpoint instead of starting over. */
  resumeMaxAgeMs: number;
}

const ORPHAN_REASON = 'The process running this sync stopped before it finished';
/** How long a finished run keeps trying to record its end while the database is away. */
const RECORD_END_PATIENCE_MS = 120_000;
const RECORD_END_RETRY = { baseDelayMs: 250, maxDelayMs: 10_000 };
const LOCK_WAIT_MS = 5_000;

function scopeOf(options: StartSyncOptions): RunScope {
  return { kind: options.kind, robawsClientId: options.robawsClientId ?? null };
}

function lockName(options: StartSyncOptions): string {
  return options.kind === 'SINGLE' ? `SINGLE:${options.robawsClientId}` : options.kind;
}

export class RunManager {
  private readonly active = new Map<string, { controller: AbortController; completion: Promise<FinishedSync> }>();
  private stopping = false;

  constructor(
    private readonly deps: { store: RunStore; locks: Locks; logger: Logger; settings: RunSettings; now: () => Date; heartbeatIntervalMs?: number; observer?: RunObserver },
  ) {}

  /** Starts a run in the background and returns its row at once (or the run of that scope already going). */
  async start(options: StartSyncOptions, pass: Pass): Promise<StartedSync> {
    const { store, now } = this.deps;
    if (options.kind === 'SINGLE' && !options.robawsClientId) throw new TypeError('A single sync needs a robawsClientId');
    const lease = await this.acquireOrFindRunning(options);
    if ('run' in lease) return { run: lease.run, alreadyRunning: true, completion: this.completionOf(lease.run) };
    let run: SyncRun;
    try {
      await this.failOrphans(scopeOf(options));
      const resumeFrom = await this.resumableRun(options);
      run = await store.create({
        kind: options.kind,
        trigger: options.trigger,
        status: 'RUNNING',
        dryRun: options.dryRun ?? false,
        limit: options.limit ?? null,
        robawsClientId: options.robawsClientId ?? null,
        resumedFromId: resumeFrom?.id ?? null,
        checkpoint: (resumeFrom?.checkpoint as Prisma.InputJsonValue | undefined) ?? undefined,
        startedAt: now(),
        heartbeatAt: now(),
      });
      if (resumeFrom) await store.carryOverSeen(resumeFrom.id, run.id);
    } catch (error) {
      await lease.release();
      throw error;
    }
    const controller = new AbortController();
    const completion = this.execute(run, options, pass, controller).finally(async () => {
      this.active.delete(run.id);
      await lease.release().catch(() => undefined);
    });
    this.active.set(run.id, { controller, completion });
    return { run, alreadyRunning: false, completion };
  }

  /** Asks a run to stop after the page it is on; works across processes through the row. */
  async cancel(runId: string): Promise<SyncRun | null> {
    const run = await this.deps.store.get(runId);
    if (!run || (run.status !== 'RUNNING' && run.status !== 'QUEUED')) return run;
    const updated = await this.deps.store.requestCancel(runId, this.deps.now());
    this.active.get(runId)?.controller.abort(new SyncCancelledError());
    return updated;
  }

  /** Stops this process's runs (on shutdown) and waits for them to record their end. */
  async stop(): Promise<void> {
    this.stopping = true;
    const running = [...this.active.values()];
    for (const entry of running) entry.controller.abort(new Error('The server is shutting down'));
    await Promise.allSettled(running.map((entry) => entry.completion));
  }

  /** Fails runs left active by a process that died: those whose lock nobody holds, and single syncs whose heartbeat stopped. */
  async recoverOrphanedRuns(): Promise<number> {
    const recovered = await Promise.all(
      (['FULL', 'INCREMENTAL', 'PUSH'] as const).map(async (kind) => {
        const lease = await this.deps.locks.tryAcquire(kind);
        if (!lease) return 0;
        try {
          return await this.failOrphans({ kind });
        } finally {
          await lease.release();
        }
      }),
    );
    return recovered.reduce((sum, count) => sum + count, 0);
  }

  /** The run's end, whichever process runs it (another process's run is watched through its row). */
  completionOf(run: SyncRun): Promise<FinishedSync> {
    const local = this.active.get(run.id);
    if (local) return local.completion;
    return runOutcome(this.deps.store, run.id).then((outcome) => {
      if (!outcome) return { run, error: new Error(`Sync run ${run.id} is gone`) };
      return outcome.abandoned ? { run: outcome.run, error: new Error(ORPHAN_REASON) } : { run: outcome.run };
    });
  }

  /** The failed full pass a new full run resumes, if a recent one left a checkpoint and nothing completed since. */
  async resumableRun(options: Pick<StartSyncOptions, 'kind' | 'dryRun' | 'limit'>): Promise<SyncRun | null> {
    if (options.kind !== 'FULL' || options.dryRun || options.limit) return null;
    const { store, settings, now } = this.deps;
    const last = await store.latestFullRun();
    if (!last || last.status !== 'FAILED' || !last.checkpoint) return null;
    const checkpoint = last.checkpoint as unknown as Checkpoint;
    const fresh = now().getTime() - last.createdAt.getTime() <= settings.resumeMaxAgeMs;
    return fresh && checkpoint.version === 1 && checkpoint.pageSize === settings.pageSize && checkpoint.nextPage > 0 ? last : null;
  }

  private async failOrphans(scope: RunScope): Promise<number> {
    const count = await this.deps.store.failActive(scope, ORPHAN_REASON, this.deps.now());
    if (count > 0) this.deps.logger.warn({ ...scope, count }, 'marked runs left running by a stopped process as failed');
    return count;
  }

  /**
   * The lock, or the run of whoever holds it. The holder inserts its row just after taking the lock
   * and may finish at any moment, so look again until one of the two is there.
   */
  private async acquireOrFindRunning(options: StartSyncOptions): Promise<LockLease | { run: SyncRun }> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      const lease = await this.deps.locks.tryAcquire(lockName(options));
      if (lease) return lease;
      const running = await this.deps.store.findActive(scopeOf(options));
      if (running) return { run: running };
      if (Date.now() > deadline) throw new Error(`A ${options.kind.toLowerCase()} sync holds the lock but has no run row; try again in a moment`);
      await sleep(50);
    }
  }

  private async execute(run: SyncRun, options: StartSyncOptions, pass: Pass, controller: AbortController): Promise<FinishedSync> {
    const { store, now } = this.deps;
    const logger = this.deps.logger.child({ runId: run.id, kind: run.kind });
    const recorder = store.recorder(run.id, (error) => logger.warn({ err: error }, 'could not record the progress of a sync; it is kept for the next write'));
    const context = new RunContext(run, recorder, controller.signal, (reason) => controller.abort(reason));
    const heartbeat = setInterval(() => {
      recorder.beat().catch((error: unknown) => logger.warn({ err: error }, 'could not record the heartbeat of a running sync'));
    }, this.deps.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS);
    heartbeat.unref();
    const startedAt = performance.now();
    this.deps.observer?.started(run);
    logger.info({ trigger: run.trigger, dryRun: run.dryRun, limit: run.limit, resumedFrom: run.resumedFromId }, 'sync started');
    let end: { data: Prisma.SyncRunUpdateInput; error?: unknown };
    try {
      const { highWaterMark } = await pass(context, options);
      // A partial or dry run saw too little to move the mark: the next incremental run would miss changes.
      const movesMark = !run.dryRun && !run.limit && highWaterMark !== null;
      end = { data: { status: 'SUCCEEDED', highWaterMark: movesMark ? highWaterMark : undefined } };
    } catch (error) {
      const reason = controller.signal.aborted ? controller.signal.reason : error;
      const cancelled = reason instanceof SyncCancelledError;
      end = { data: { status: cancelled ? 'CANCELLED' : 'FAILED', error: cancelled ? null : describeError(reason) }, error: reason };
    } finally {
      clearInterval(heartbeat);
    }
    const finished = await this.recordEnd(context, { ...end.data, finishedAt: now(), samples: run.dryRun ? (context.report as object) : undefined }, logger);
    const durationMs = Math.round(performance.now() - startedAt);
    const timingsMs = Object.fromEntries(Object.entries(context.timings).map(([phase, ms]) => [phase, Math.round(ms)]));
    this.deps.observer?.finished(finished, durationMs);
    if (finished.status === 'SUCCEEDED') logger.info({ durationMs, ...countsOf(finished), timingsMs }, 'sync succeeded');
    else if (finished.status === 'CANCELLED') logger.info({ durationMs }, 'sync cancelled');
    else logger.error({ err: end.error, durationMs }, 'sync failed');
    return end.error === undefined ? { run: finished } : { run: finished, error: end.error };
  }

  /**
   * Writes the run's end, waiting out a database that went away (with backoff, for a while; not at all
   * while the process shuts down). If it does not come back in time, the row stays RUNNING with a
   * heartbeat that goes stale: the next start finds it orphaned (and a full pass resumes from its checkpoint).
   */
  private async recordEnd(context: RunContext, data: Prisma.SyncRunUpdateInput, logger: Logger): Promise<SyncRun> {
    const deadline = Date.now() + RECORD_END_PATIENCE_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        await context.recorder.flush();
        const run = await context.recorder.update(data);
        // A failed full pass keeps its seen list for the run that resumes it.
        if (context.tracksSeen && run.status !== 'FAILED') await this.deps.store.clearSeen(run.id);
        return run;
      } catch (error) {
        if (this.stopping || Date.now() > deadline) {
          logger.error({ err: error, staleAfterMs: STALE_HEARTBEAT_MS }, 'could not record the end of a sync; it will be found orphaned');
          return { ...context.run, ...(data as Partial<SyncRun>), status: 'FAILED', error: `Could not record the end of the run: ${describeError(error)}` };
        }
        const delayMs = backoffDelayMs(attempt, RECORD_END_RETRY);
        logger.warn({ err: error, retryInMs: delayMs }, 'could not record the end of a sync; retrying');
        await sleep(delayMs);
      }
    }
  }
}
