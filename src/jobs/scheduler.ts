import { hostname } from 'node:os';
import { createTask, type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { ScheduleConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { describeError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ScheduledRun } from '../generated/prisma/client.js';
import type { StartedSync } from '../sync/sync-service.js';
import { scheduledJobs, type ScheduledJob } from './definitions.js';
import { ScheduledRuns } from './scheduled-runs.js';

/**
 * Runs the scheduled jobs in process with node-cron, in the configured time zone. Each slot is taken
 * through a scheduled_runs row, so with several replicas it runs once; the sync engine's lock keeps
 * it from overlapping a run of the same kind. On start, a job whose last success is older than its
 * period is caught up once (unless SCHEDULE_CATCH_UP=false): a first start runs a full sync and a push.
 */

export interface ScheduleInfo {
  job: ScheduledJob;
  timeZone: string;
  /** Null when the job or the scheduler is off. */
  nextRunAt: Date | null;
}

interface SchedulerDeps {
  db: Db;
  sync: { start(options: { kind: ScheduledJob['kind']; trigger: 'CRON' }): Promise<Pick<StartedSync, 'run' | 'alreadyRunning' | 'completion'>> };
  logger: Logger;
  settings: ScheduleConfig;
  /** Names the instance in the rows it takes; default hostname:pid. */
  instance?: string;
}

/** node-cron skips a slot its timer reaches later than this; a busy event loop must not cost a nightly sync. */
const MISSED_SLOT_TOLERANCE_MS = 60_000;
const MINUTE_MS = 60_000;

function cronLogger(logger: Logger): CronLogger {
  const text = (message: string | Error) => (message instanceof Error ? message.message : message);
  return {
    info: (message) => logger.info({}, message),
    warn: (message) => logger.warn({}, message),
    error: (message, err) => logger.error({ err: err ?? message }, text(message)),
    debug: (message) => logger.debug({}, text(message)),
  };
}

/** The longest gap between the next few slots: how long one missed slot can leave the job undone. */
function periodOf(task: ScheduledTask): number {
  const runs = task.getNextRuns(8);
  let period = 0;
  for (let index = 1; index < runs.length; index++) period = Math.max(period, runs[index]!.getTime() - runs[index - 1]!.getTime());
  return period;
}

/** The latest slot at or before `now`, looking back at most `period` (the expressions have whole-minute slots). */
function previousSlot(task: ScheduledTask, now: Date, period: number): Date | null {
  const latest = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  for (let at = latest; at >= now.getTime() - period; at -= MINUTE_MS) {
    if (task.match(new Date(at))) return new Date(at);
  }
  return null;
}

export class Scheduler {
  private readonly jobs: ScheduledJob[];
  private readonly runs: ScheduledRuns;
  private readonly instance: string;
  private readonly logger: Logger;
  private readonly tasks = new Map<ScheduledJob['id'], ScheduledTask>();
  private readonly inFlight = new Set<Promise<void>>();
  private started = false;

  constructor(private readonly deps: SchedulerDeps) {
    this.jobs = scheduledJobs(deps.settings);
    this.runs = new ScheduledRuns(deps.db);
    this.instance = deps.instance ?? `${hostname()}:${process.pid}`;
    this.logger = deps.logger.child({ component: 'scheduler' });
  }

  get enabled(): boolean {
    return this.deps.settings.enabled;
  }

  start(): void {
    if (this.started) return;
    if (!this.enabled) {
      this.logger.info({}, 'scheduler is off (SCHEDULER_ENABLED=false)');
      return;
    }
    this.started = true;
    const { timeZone } = this.deps.settings;
    for (const job of this.jobs) {
      if (!job.enabled) {
        this.logger.info({ job: job.id }, 'scheduled job is off');
        continue;
      }
      const task = createTask(job.cron, (context) => this.track(this.runSlot(job, context.date, false)), {
        name: job.id,
        timezone: timeZone,
        missedExecutionTolerance: MISSED_SLOT_TOLERANCE_MS,
        logger: cronLogger(this.logger),
        unref: true,
      });
      void task.start();
      this.tasks.set(job.id, task);
      this.logger.info({ job: job.id, cron: job.cron, timeZone, nextRunAt: task.getNextRun() }, 'scheduled job armed');
    }
    if (this.deps.settings.catchUp) void this.track(this.catchUp());
    else this.logger.info({}, 'catch-up of missed schedules is off (SCHEDULE_CATCH_UP=false)');
  }

  /** Disarms every job. Runs under way are the sync engine's to stop. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.tasks.values()].map((task) => task.destroy()));
    this.tasks.clear();
  }

  /** Resolves when no slot is being taken or run (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  schedules(): ScheduleInfo[] {
    return this.jobs.map((job) => ({ job, timeZone: this.deps.settings.timeZone, nextRunAt: this.tasks.get(job.id)?.getNextRun() ?? null }));
  }

  latestRun(jobId: ScheduledJob['id']): Promise<ScheduledRun | null> {
    return this.runs.latest(jobId);
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.catch((error: unknown) => this.logger.error({ err: error }, 'scheduled job could not be run'));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
    return tracked;
  }

  /** One after the other, in the jobs' order, so that a caught-up full sync spares the incremental one. */
  private async catchUp(): Promise<void> {
    for (const job of this.jobs) {
      const task = this.tasks.get(job.id);
      if (!this.started || !task) continue;
      const period = periodOf(task);
      const lastSuccessAt = await this.runs.lastSuccessAt(job.satisfiedBy);
      const now = new Date();
      if (lastSuccessAt && now.getTime() - lastSuccessAt.getTime() < period) continue;
      const slot = previousSlot(task, now, period);
      if (!slot) continue;
      this.logger.info({ job: job.id, slot, lastSuccessAt }, 'catching up a missed schedule');
      await this.runSlot(job, slot, true);
    }
  }

  private async runSlot(job: ScheduledJob, slot: Date, catchUp: boolean): Promise<void> {
    const log = this.logger.child({ job: job.id, slot: slot.toISOString(), catchUp });
    if (!(await this.runs.claim(job.id, slot, { catchUp, instance: this.instance }))) {
      log.info({}, 'scheduled run skipped: another instance took this slot');
      return;
    }
    let started;
    try {
      started = await this.deps.sync.start({ kind: job.kind, trigger: 'CRON' });
    } catch (error) {
      const reason = describeError(error);
      await this.runs.record(job.id, slot, { outcome: 'FAILED', reason });
      log.error({ err: error }, 'scheduled run could not start');
      return;
    }
    if (started.alreadyRunning) {
      const reason = `A ${job.kind.toLowerCase()} sync was already running (run ${started.run.id})`;
      await this.runs.record(job.id, slot, { outcome: 'SKIPPED', reason, syncRunId: started.run.id });
      log.warn({ reason }, 'scheduled run skipped');
      return;
    }
    await this.runs.record(job.id, slot, { outcome: 'STARTED', syncRunId: started.run.id });
    log.info({ syncRunId: started.run.id }, 'scheduled run started');
    await started.completion;
  }
}
