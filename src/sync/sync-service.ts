import type { Config } from '../config.js';
import type { NormalizeOptions } from '../customers/normalize.js';
import type { Db } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import type { Customer, SyncKind, SyncRun, SyncTrigger } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import type { RobawsApi, RobawsClientRecord } from '../robaws/client.js';
import { RobawsNotFoundError } from '../robaws/errors.js';
import type { Locks } from './locks.js';
import { Puller, type AppliedRecord } from './pull.js';
import { Pusher, toDomainError, type PushResult } from './push.js';
import type { FinishedSync, StartedSync, StartSyncOptions } from './run-context.js';
import { RunStore } from './run-recorder.js';
import { watchRun, type RunSnapshot, type WatchOptions } from './run-watcher.js';
import { RunManager, type Pass, type RunObserver } from './runs.js';

/**
 * The sync engine's one front door: every trigger (CLI, GraphQL, webhooks, cron) goes through it and
 * holds no sync logic of its own. Runs (runs.ts) perform passes: pulls from Robaws (pull.ts) and
 * pushes to it (push.ts).
 */

export type SyncSettings = Config['sync'];
export type { AppliedRecord } from './pull.js';
export type { PushOutcome, PushResult } from './push.js';
export type { DryRunReport, FinishedSync, RunKind, StartedSync, StartSyncOptions } from './run-context.js';
export { RUN_KINDS, SyncCancelledError } from './run-context.js';

export interface SyncServiceDeps {
  db: Db;
  robaws: RobawsApi;
  locks: Locks;
  logger: Logger;
  settings: SyncSettings;
  normalize: NormalizeOptions;
  now?: () => Date;
  /** How often a running run refreshes its heartbeat (see run-watcher.ts). */
  heartbeatIntervalMs?: number;
  /** Told when each run starts and ends (metrics). */
  observer?: RunObserver;
}

export class SyncService {
  private readonly runs: RunManager;
  private readonly store: RunStore;
  private readonly puller: Puller;
  private readonly pusher: Pusher;
  private readonly pass: Pass;
  private readonly db: Db;

  constructor(deps: SyncServiceDeps) {
    const { db, robaws, logger, settings, normalize } = deps;
    this.db = db;
    const now = deps.now ?? (() => new Date());
    this.store = new RunStore(db);
    this.runs = new RunManager({ store: this.store, locks: deps.locks, logger, settings, now, heartbeatIntervalMs: deps.heartbeatIntervalMs, observer: deps.observer });
    this.puller = new Puller({ db, robaws, store: this.store, logger, settings, normalize, now });
    this.pusher = new Pusher({ db, robaws, logger, normalize, concurrency: settings.pushConcurrency, now });
    this.pass = (context, options) => {
      if (options.kind === 'SINGLE') return this.puller.single(context, options.robawsClientId as string);
      if (options.kind === 'PUSH') return this.pusher.pushAll(context);
      return this.puller.paged(context, options.kind);
    };
  }

  /** Starts a run in the background and returns its row at once (or the run of that kind already going). */
  start(options: StartSyncOptions): Promise<StartedSync> {
    return this.runs.start(options, this.pass);
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
    return { run, customer: await this.db.customer.findUniqueOrThrow({ where: { robawsClientId } }) };
  }

  /** Sends one customer's unpushed edits to Robaws now. */
  pushCustomer(customerId: number, options: { dryRun?: boolean } = {}): Promise<PushResult> {
    return this.pusher.pushCustomer(customerId, options);
  }

  /** Applies clients as Robaws sent them (webhooks) in one order-safe write; one outcome per record, in order. */
  applyClientRecords(records: readonly RobawsClientRecord[]): Promise<AppliedRecord[]> {
    return this.puller.applyClientRecords(records);
  }

  /** Asks a run to stop after the page it is on; works across processes through the row. */
  cancel(runId: string): Promise<SyncRun | null> {
    return this.runs.cancel(runId);
  }

  /** Follows a run through its row until it ends (or its process is found gone). */
  watch(runId: string, options?: WatchOptions): AsyncGenerator<RunSnapshot> {
    return watchRun(this.store, runId, options);
  }

  /** Stops this process's runs (on shutdown) and waits for them to record their end. */
  stop(): Promise<void> {
    return this.runs.stop();
  }

  /** Marks runs left running by a process that died as failed. */
  recoverOrphanedRuns(): Promise<number> {
    return this.runs.recoverOrphanedRuns();
  }

  /** A full sync a crash interrupted, recently enough to continue it: started again (it resumes from its checkpoint). */
  async resumeInterruptedFullSync(): Promise<StartedSync | null> {
    if (!(await this.runs.resumableRun({ kind: 'FULL' }))) return null;
    return this.start({ kind: 'FULL', trigger: 'STARTUP' });
  }

  /** The mark the last successful full or incremental run left, if any. */
  lastHighWaterMark(): Promise<Date | null> {
    return this.store.lastHighWaterMark();
  }

  /** When the last complete (not dry, not limited) run of each kind succeeded. */
  lastSuccessByKind(): Promise<Array<{ kind: SyncKind; finishedAt: Date }>> {
    return this.store.lastSuccessByKind();
  }
}
