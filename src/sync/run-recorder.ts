import { sqlPool, type Db } from '../db/client.js';
import type { Prisma, SyncRun } from '../generated/prisma/client.js';

/** The counters a run accumulates; each is a column of sync_runs. */
export const RUN_COUNTERS = ['fetched', 'created', 'updated', 'unchanged', 'skipped', 'failed', 'pushed', 'conflicts', 'markedGone', 'revived'] as const;
export type RunCounter = (typeof RUN_COUNTERS)[number];
export type RunCounts = Record<RunCounter, number>;

export interface RecordFailure {
  robawsClientId: string | null;
  reason: string;
}

/** Failures kept per run; the count is exact, the list is for looking at. */
export const MAX_RECORDED_FAILURES = 200;

const COUNTER_COLUMNS: Record<RunCounter, string> = {
  fetched: 'fetched',
  created: 'created',
  updated: 'updated',
  unchanged: 'unchanged',
  skipped: 'skipped',
  failed: 'failed',
  pushed: 'pushed',
  conflicts: 'conflicts',
  markedGone: 'marked_gone',
  revived: 'revived',
};

const PROGRESS_SQL = `
UPDATE sync_runs SET
  ${RUN_COUNTERS.map((counter, index) => `${COUNTER_COLUMNS[counter]} = ${COUNTER_COLUMNS[counter]} + $${index + 2}`).join(',\n  ')},
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

/** Writes a running run's progress as it goes, so any client (and another process) can follow it. */
export class RunRecorder {
  constructor(
    private readonly db: Db,
    readonly runId: string,
  ) {}

  /** Adds to the counters; answers whether someone asked to cancel the run. */
  async add(
    delta: Partial<RunCounts>,
    options: { pagesDone?: number; failures?: RecordFailure[]; checkpoint?: object } = {},
  ): Promise<{ cancelRequested: boolean }> {
    const { rows } = await sqlPool(this.db).query<{ cancelRequested: boolean }>(PROGRESS_SQL, [
      this.runId,
      ...RUN_COUNTERS.map((counter) => delta[counter] ?? 0),
      options.pagesDone ?? 0,
      JSON.stringify((options.failures ?? []).slice(0, MAX_RECORDED_FAILURES)),
      options.checkpoint ? JSON.stringify(options.checkpoint) : null,
    ]);
    return { cancelRequested: rows[0]?.cancelRequested ?? false };
  }

  async update(data: Prisma.SyncRunUpdateInput): Promise<SyncRun> {
    return this.db.syncRun.update({ where: { id: this.runId }, data });
  }
}
