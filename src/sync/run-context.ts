import type { SyncRun, SyncTrigger } from '../generated/prisma/client.js';
import type { FieldChange } from '../customers/customer-record.js';
import type { RunRecorder } from './run-recorder.js';

/** The kinds of run the engine starts. */
export const RUN_KINDS = ['FULL', 'INCREMENTAL', 'SINGLE', 'PUSH'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

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

/** Resumable full sync: where a failed pass got to. */
export interface Checkpoint {
  version: 1;
  pageSize: number;
  /** Every page before this one was written. */
  nextPage: number;
  /** When the pass began, by Robaws' clock (its high-water mark when it completes). */
  passStartedAt: string;
}

export class SyncCancelledError extends Error {
  override name = 'SyncCancelledError';
  constructor() {
    super('The run was cancelled');
  }
}

/** What a pass hands back to the run that performed it. */
export interface PassResult {
  /** The mark the next incremental run starts from; null when the pass saw too little to move it. */
  highWaterMark: Date | null;
}

/** Where a pass spends its time, summed over its pages (pages run at once, so the sum may exceed the run's). */
export const PASS_PHASES = ['fetch', 'compare', 'normalize', 'write'] as const;
export type PassPhase = (typeof PASS_PHASES)[number];

/** The per-run state a pass works with. */
export class RunContext {
  readonly report: DryRunReport = { samples: [], changes: [], gone: [] };
  readonly timings: Record<PassPhase, number> = { fetch: 0, compare: 0, normalize: 0, write: 0 };
  /** The newest Robaws updated-at written in this run. */
  newestSeen: Date | null = null;
  private readonly donePages = new Set<number>();
  private nextPage = 0;

  constructor(
    readonly run: SyncRun,
    readonly recorder: RunRecorder,
    readonly signal: AbortSignal,
    readonly abort: (reason: Error) => void,
  ) {}

  /** Full passes record what they saw, so that a complete pass can tell what is gone. */
  get tracksSeen(): boolean {
    return this.run.kind === 'FULL' && !this.run.limit;
  }

  startAt(page: number): void {
    this.nextPage = page;
  }

  /** Marks a page written; answers the first page not yet written (pages finish out of order). */
  pageWritten(page: number): number {
    this.donePages.add(page);
    while (this.donePages.has(this.nextPage)) this.donePages.delete(this.nextPage++);
    return this.nextPage;
  }

  /** Runs `work`, adding its time to `phase`. */
  async timed<T>(phase: PassPhase, work: () => T | Promise<T>): Promise<T> {
    const startedAt = performance.now();
    try {
      return await work();
    } finally {
      this.timings[phase] += performance.now() - startedAt;
    }
  }

  noteSeen(robawsUpdatedAt: Date | null): void {
    if (robawsUpdatedAt && (!this.newestSeen || robawsUpdatedAt > this.newestSeen)) this.newestSeen = robawsUpdatedAt;
  }
}
