import type { Db } from '../db/client.js';
import type { ScheduledRun, ScheduledRunOutcome, SyncKind } from '../generated/prisma/client.js';

/**
 * The scheduled_runs table: one row per job and scheduled time. Inserting it is how an instance takes
 * a slot; the unique (job, slot) makes every other instance's insert a no-op, so each slot runs once.
 */
export class ScheduledRuns {
  constructor(private readonly db: Db) {}

  /** True when this instance took the slot, false when another one had it. */
  async claim(job: string, slot: Date, options: { catchUp: boolean; instance: string }): Promise<boolean> {
    const { count } = await this.db.scheduledRun.createMany({ data: [{ job, slot, ...options }], skipDuplicates: true });
    return count === 1;
  }

  async record(job: string, slot: Date, result: { outcome: ScheduledRunOutcome; reason?: string; syncRunId?: string }): Promise<void> {
    await this.db.scheduledRun.update({ where: { job_slot: { job, slot } }, data: result });
  }

  async lastSuccessAt(kinds: readonly SyncKind[]): Promise<Date | null> {
    const run = await this.db.syncRun.findFirst({
      where: { kind: { in: [...kinds] }, status: 'SUCCEEDED', dryRun: false, limit: null },
      orderBy: { finishedAt: 'desc' },
      select: { finishedAt: true },
    });
    return run?.finishedAt ?? null;
  }

  async latest(job: string): Promise<ScheduledRun | null> {
    return this.db.scheduledRun.findFirst({ where: { job }, orderBy: { claimedAt: 'desc' } });
  }
}
