import { sqlPool, type Db } from '../db/client.js';
import type { Prisma, SyncKind, SyncRun } from '../generated/prisma/client.js';

/**
 * The sync_runs and sync_run_seen tables. A run is a row, updated as it goes, so that any client (and
 * any other process) can follow it; a full pass records the clients it saw, so that a complete pass
 * can tell which are gone.
 */

/** The counters a run accumulates, each a column of sync_runs, with what it counts. */
export const RUN_COUNTER_DESCRIPTIONS = {
  fetched: 'Clients read from Robaws.',
  created: 'Customers stored for the first time.',
  updated: 'Customers whose stored record changed (merges with local edits included).',
  unchanged: 'Clients read whose record had not changed: nothing written.',
  skipped: 'Clients read twice in one run (pages shift while Robaws changes), or customers with nothing to push.',
  failed: 'Clients that could not be stored or pushed; see failures.',
  pushed: 'Customers whose local edits Robaws now holds.',
  conflicts: 'Fields found changed both here and in Robaws.',
  markedGone: 'Customers Robaws no longer has (each confirmed by a 404).',
  revived: 'Customers marked gone that Robaws has again.',
} as const;
export type RunCounter = keyof typeof RUN_COUNTER_DESCRIPTIONS;
export const RUN_COUNTERS = Object.keys(RUN_COUNTER_DESCRIPTIONS) as RunCounter[];
export type RunCounts = Record<RunCounter, number>;

export interface RecordFailure {
  robawsClientId: string | null;
  reason: string;
}

/** Failures kept per run; the count is exact, the list is for looking at. */
export const MAX_RECORDED_FAILURES = 200;

const columnOf = (counter: RunCounter) => counter.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

const PROGRESS_SQL = `
UPDATE sync_runs SET
  ${RUN_COUNTERS.map((counter, index) => `${columnOf(counter)} = ${columnOf(counter)} + $${index + 2}`).join(',\n  ')},
  pages_done = pages_done + $${RUN_COUNTERS.length + 2},
  failures = CASE WHEN jsonb_array_length(failures) >= ${MAX_RECORDED_FAILURES} THEN failures
                  ELSE failures || $${RUN_COUNTERS.length + 3}::jsonb END,
  -- Pages finish out of order: a checkpoint only ever moves forward.
  checkpoint = CASE WHEN $${RUN_COUNTERS.length + 4}::jsonb IS NULL THEN checkpoint
                    WHEN checkpoint IS NULL OR (checkpoint->>'nextPage')::int < ($${RUN_COUNTERS.length + 4}::jsonb->>'nextPage')::int
                    THEN $${RUN_COUNTERS.length + 4}::jsonb ELSE checkpoint END,
  heartbeat_at = now()
WHERE id = $1::uuid
RETURNING cancel_requested_at IS NOT NULL AS "cancelRequested"`;

export function countsOf(run: SyncRun): RunCounts {
  return Object.fromEntries(RUN_COUNTERS.map((counter) => [counter, run[counter]])) as RunCounts;
}

export const ACTIVE_STATUSES = ['QUEUED', 'RUNNING'] as const;

export function isActive(run: Pick<SyncRun, 'status'>): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(run.status);
}

/** Which runs a kind's lock covers: a single sync locks one client. */
export interface RunScope {
  kind: SyncKind;
  robawsClientId?: string | null;
}

function scopeWhere(scope: RunScope): Prisma.SyncRunWhereInput {
  return { kind: scope.kind, ...(scope.robawsClientId ? { robawsClientId: scope.robawsClientId } : {}) };
}

/**
 * A set difference, not NOT EXISTS: just after a first sync filled both tables Postgres has no
 * statistics for them, and for the anti-join it planned a nested loop comparing every customer with
 * every seen id (440 ms at 4,017 customers, a tenth of the floor at the live pace); EXCEPT hashes or
 * sorts, whatever the estimates. The ids are compared byte by byte (COLLATE "C": equal ids are equal
 * bytes either way): sorting 100,000 of them by the database's collation was 70-100 ms of a pass's end.
 */
export const UNSEEN_SQL = `
SELECT robaws_client_id COLLATE "C" AS "robawsClientId" FROM customers WHERE gone_from_robaws_at IS NULL
EXCEPT
SELECT robaws_client_id COLLATE "C" FROM sync_run_seen WHERE run_id = $1::uuid`;

export class RunStore {
  constructor(private readonly db: Db) {}

  create(data: Prisma.SyncRunUncheckedCreateInput): Promise<SyncRun> {
    return this.db.syncRun.create({ data });
  }

  get(id: string): Promise<SyncRun | null> {
    return this.db.syncRun.findUnique({ where: { id } });
  }

  /** The run, and whether its heartbeat is older than `staleAfterMs` by the database's clock (its process stopped beating). */
  async watch(id: string, staleAfterMs: number): Promise<{ run: SyncRun; stale: boolean } | null> {
    const [run, { rows }] = await Promise.all([
      this.get(id),
      sqlPool(this.db).query<{ stale: boolean }>(
        `SELECT coalesce(heartbeat_at, created_at) < now() - $2::int * interval '1 millisecond' AS stale FROM sync_runs WHERE id = $1::uuid`,
        [id, staleAfterMs],
      ),
    ]);
    return run ? { run, stale: rows[0]?.stale ?? false } : null;
  }

  recorder(runId: string, onBackgroundError?: (error: unknown) => void): RunRecorder {
    return new RunRecorder(this.db, runId, onBackgroundError);
  }

  findActive(scope: RunScope): Promise<SyncRun | null> {
    return this.db.syncRun.findFirst({ where: { ...scopeWhere(scope), status: { in: [...ACTIVE_STATUSES] } }, orderBy: { createdAt: 'desc' } });
  }

  /** Marks the scope's active runs failed (their process died: nobody holds their lock); answers how many. */
  async failActive(scope: RunScope, reason: string, at: Date): Promise<number> {
    const { count } = await this.db.syncRun.updateMany({
      where: { ...scopeWhere(scope), status: { in: [...ACTIVE_STATUSES] } },
      data: { status: 'FAILED', error: reason, finishedAt: at },
    });
    return count;
  }

  requestCancel(id: string, at: Date): Promise<SyncRun> {
    return this.db.syncRun.update({ where: { id }, data: { cancelRequestedAt: at } });
  }

  /** The mark the last successful full or incremental run left, if any. */
  async lastHighWaterMark(): Promise<Date | null> {
    const last = await this.db.syncRun.findFirst({
      where: { kind: { in: ['FULL', 'INCREMENTAL'] }, status: 'SUCCEEDED', highWaterMark: { not: null } },
      orderBy: { highWaterMark: 'desc' },
      select: { highWaterMark: true },
    });
    return last?.highWaterMark ?? null;
  }

  /** When the last complete (not dry, not limited) run of each kind succeeded. */
  async lastSuccessByKind(): Promise<Array<{ kind: SyncKind; finishedAt: Date }>> {
    const { rows } = await sqlPool(this.db).query<{ kind: SyncKind; finishedAt: Date }>(
      `SELECT kind, max(finished_at) AS "finishedAt" FROM sync_runs
       WHERE status = 'SUCCEEDED' AND NOT dry_run AND "limit" IS NULL AND finished_at IS NOT NULL GROUP BY kind ORDER BY kind`,
    );
    return rows;
  }

  /** The newest complete-pass full run that is not running: the one a new full run may resume. */
  latestFullRun(): Promise<SyncRun | null> {
    return this.db.syncRun.findFirst({ where: { kind: 'FULL', dryRun: false, limit: null, status: { notIn: [...ACTIVE_STATUSES] } }, orderBy: { createdAt: 'desc' } });
  }

  /** The seen list of an interrupted pass carries over to the run resuming it: together they make one complete pass. */
  async carryOverSeen(fromRunId: string, toRunId: string): Promise<void> {
    await this.db.syncRunSeen.updateMany({ where: { runId: fromRunId }, data: { runId: toRunId } });
  }

  async clearSeen(runId: string): Promise<void> {
    await this.db.syncRunSeen.deleteMany({ where: { runId } });
  }

  /** Customers still in Robaws (as far as we know) that this run's pass did not see. */
  async unseenClientIds(runId: string): Promise<string[]> {
    const { rows } = await sqlPool(this.db).query<{ robawsClientId: string }>(UNSEEN_SQL, [runId]);
    return rows.map((row) => row.robawsClientId);
  }
}

interface PendingProgress {
  delta: Partial<RunCounts>;
  pagesDone: number;
  failures: RecordFailure[];
  checkpoint: { nextPage: number } | null;
  seen: string[];
}

const emptyProgress = (): PendingProgress => ({ delta: {}, pagesDone: 0, failures: [], checkpoint: null, seen: [] });

function mergeProgress(into: PendingProgress, from: PendingProgress): void {
  for (const counter of RUN_COUNTERS) if (from.delta[counter]) into.delta[counter] = (into.delta[counter] ?? 0) + from.delta[counter];
  into.pagesDone += from.pagesDone;
  into.failures.push(...from.failures.slice(0, MAX_RECORDED_FAILURES - into.failures.length));
  // Pages finish out of order: a checkpoint only ever moves forward.
  if (from.checkpoint && (!into.checkpoint || from.checkpoint.nextPage > into.checkpoint.nextPage)) into.checkpoint = from.checkpoint;
  into.seen.push(...from.seen);
}

/** How often a running run writes its progress: often enough to watch, seldom enough not to cost a statement a page. */
export const PROGRESS_FLUSH_MS = 200;

/**
 * Writes one running run's progress as it goes. Counts, pages, failures, the checkpoint and the seen
 * list gather in memory and are written together at most every PROGRESS_FLUSH_MS (and whenever a
 * pass asks, and at the end): the seen list first, so that a checkpoint never claims pages whose
 * clients are not recorded as seen.
 */
export class RunRecorder {
  private pending = emptyProgress();
  private lastFlushAt = 0;
  private cancelRequested = false;
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    readonly runId: string,
    private readonly onBackgroundError: (error: unknown) => void = () => undefined,
  ) {}

  /** Adds to the counters; answers whether someone asked to cancel the run (as last read). */
  async add(delta: Partial<RunCounts>, options: { pagesDone?: number; failures?: RecordFailure[]; checkpoint?: { nextPage: number } } = {}): Promise<{ cancelRequested: boolean }> {
    mergeProgress(this.pending, { delta, pagesDone: options.pagesDone ?? 0, failures: options.failures ?? [], checkpoint: options.checkpoint ?? null, seen: [] });
    if (Date.now() - this.lastFlushAt >= PROGRESS_FLUSH_MS) await this.flush();
    else this.timer ??= setTimeout(() => this.flush().catch(this.onBackgroundError), PROGRESS_FLUSH_MS).unref();
    return { cancelRequested: this.cancelRequested };
  }

  /** The clients a full pass saw, written with the next progress. */
  recordSeen(robawsClientIds: readonly string[]): void {
    this.pending.seen.push(...robawsClientIds);
  }

  /** Writes what has gathered now (one write at a time, in order); a failed write keeps it for the next. */
  flush(): Promise<void> {
    const next = this.flushing.then(() => this.write());
    this.flushing = next.catch(() => undefined);
    return next;
  }

  /** Tells watchers the run is alive while it waits (on Robaws, on a retry) without progress to record. */
  async beat(): Promise<void> {
    await sqlPool(this.db).query('UPDATE sync_runs SET heartbeat_at = now() WHERE id = $1::uuid', [this.runId]);
  }

  update(data: Prisma.SyncRunUpdateInput): Promise<SyncRun> {
    return this.db.syncRun.update({ where: { id: this.runId }, data });
  }

  private async write(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastFlushAt = Date.now();
    const batch = this.pending;
    this.pending = emptyProgress();
    try {
      if (batch.seen.length > 0) {
        await sqlPool(this.db).query('INSERT INTO sync_run_seen (run_id, robaws_client_id) SELECT $1::uuid, unnest($2::text[]) ON CONFLICT DO NOTHING', [
          this.runId,
          batch.seen,
        ]);
      }
      const { rows } = await sqlPool(this.db).query<{ cancelRequested: boolean }>(PROGRESS_SQL, [
        this.runId,
        ...RUN_COUNTERS.map((counter) => batch.delta[counter] ?? 0),
        batch.pagesDone,
        JSON.stringify(batch.failures),
        batch.checkpoint ? JSON.stringify(batch.checkpoint) : null,
      ]);
      this.cancelRequested = rows[0]?.cancelRequested ?? this.cancelRequested;
    } catch (error) {
      // Kept for the next write: nothing counted is lost to a failed one.
      mergeProgress(batch, this.pending);
      this.pending = batch;
      throw error;
    }
  }
}
