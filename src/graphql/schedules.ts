import type { ScheduleInfo } from '../jobs/scheduler.js';
import { builder } from './builder.js';
import { ServerInfoRef } from './server-info.js';
import { SyncRunRef } from './sync-run.js';

const ScheduledRunStatus = builder.enumType('ScheduledRunStatus', {
  description: "Where a scheduled run is: its sync run's status once started.",
  values: {
    STARTING: { description: 'The slot is taken and its sync is being started.' },
    SKIPPED: { description: 'Not run: see reason (a sync of the same kind was already running).' },
    QUEUED: { description: 'Its sync is waiting to start.' },
    RUNNING: { description: 'Its sync is under way.' },
    SUCCEEDED: { description: 'Its sync finished.' },
    FAILED: { description: 'The sync failed, or could not start (see reason).' },
    CANCELLED: { description: 'Its sync was cancelled.' },
  },
});

const ScheduledRunRef = builder.prismaObject('ScheduledRun', {
  description: 'One scheduled time of a job, taken by one server instance.',
  fields: (t) => ({
    slot: t.expose('slot', { type: 'DateTime', description: 'The scheduled time this run is for.' }),
    catchUp: t.exposeBoolean('catchUp', { description: 'Run on start-up for a slot the server was down for.' }),
    instance: t.exposeString('instance', { description: 'hostname:pid of the instance that took it.' }),
    claimedAt: t.expose('claimedAt', { type: 'DateTime', description: 'When the instance took the slot.' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why it was skipped or could not start.' }),
    syncRun: t.field({
      type: SyncRunRef,
      nullable: true,
      description: 'The sync run it started; null when none started.',
      select: { syncRunId: true },
      resolve: (run, _args, context) => (run.syncRunId ? context.db.syncRun.findUnique({ where: { id: run.syncRunId } }) : null),
    }),
    status: t.field({
      type: ScheduledRunStatus,
      description: 'Where it is.',
      select: { outcome: true, syncRunId: true },
      resolve: async (run, _args, context) => {
        if (run.outcome === null) return 'STARTING';
        if (run.outcome !== 'STARTED' || !run.syncRunId) return run.outcome === 'SKIPPED' ? 'SKIPPED' : 'FAILED';
        const syncRun = await context.db.syncRun.findUnique({ where: { id: run.syncRunId }, select: { status: true } });
        return syncRun?.status ?? 'FAILED';
      },
    }),
  }),
});

const Schedule = builder.objectRef<ScheduleInfo>('Schedule').implement({
  description: 'A scheduled job (node-cron, in the server process).',
  fields: (t) => ({
    job: t.string({ description: 'The job: full-sync, incremental-sync or push.', resolve: (info) => info.job.id }),
    description: t.string({ description: 'What the job does, in a sentence.', resolve: (info) => info.job.description }),
    cron: t.string({ description: 'When it runs, as a cron expression (minute hour day month weekday).', resolve: (info) => info.job.cron }),
    timeZone: t.exposeString('timeZone', { description: 'The IANA time zone the cron expression is read in.' }),
    enabled: t.boolean({
      description: 'Whether it runs: the job is on and so is the scheduler.',
      resolve: (info, _args, context) => info.job.enabled && context.scheduler.enabled,
    }),
    nextRunAt: t.expose('nextRunAt', { type: 'DateTime', nullable: true, description: 'When it runs next; null when it is off.' }),
    lastRun: t.field({
      type: ScheduledRunRef,
      nullable: true,
      description: 'Its latest run; null before the first.',
      resolve: (info, _args, context) => context.scheduler.latestRun(info.job.id),
    }),
  }),
});

builder.objectFields(ServerInfoRef, (t) => ({
  schedules: t.field({ type: [Schedule], description: 'The scheduled jobs of this server.', resolve: (_info, _args, context) => context.scheduler.schedules() }),
}));
