import type { ScheduleInfo } from '../jobs/scheduler.js';
import { builder } from './builder.js';
import { ServerInfoRef } from './server-info.js';
import { SyncRunRef } from './sync-run.js';

const ScheduledRunStatus = builder.enumType('ScheduledRunStatus', {
  values: {
    STARTING: { description: 'The slot is taken and its sync is being started.' },
    SKIPPED: { description: 'Not run: see reason (a sync of the same kind was already running).' },
    QUEUED: {},
    RUNNING: {},
    SUCCEEDED: {},
    FAILED: { description: 'The sync failed, or could not start (see reason).' },
    CANCELLED: {},
  },
});

const ScheduledRunRef = builder.prismaObject('ScheduledRun', {
  description: 'One scheduled time of a job, taken by one server instance.',
  fields: (t) => ({
    slot: t.expose('slot', { type: 'DateTime', description: 'The scheduled time this run is for.' }),
    catchUp: t.exposeBoolean('catchUp', { description: 'Run on start-up for a slot the server was down for.' }),
    instance: t.exposeString('instance', { description: 'hostname:pid of the instance that took it.' }),
    claimedAt: t.expose('claimedAt', { type: 'DateTime' }),
    reason: t.exposeString('reason', { nullable: true }),
    syncRun: t.field({
      type: SyncRunRef,
      nullable: true,
      select: { syncRunId: true },
      resolve: (run, _args, context) => (run.syncRunId ? context.db.syncRun.findUnique({ where: { id: run.syncRunId } }) : null),
    }),
    status: t.field({
      type: ScheduledRunStatus,
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
    job: t.string({ resolve: (info) => info.job.id }),
    description: t.string({ resolve: (info) => info.job.description }),
    cron: t.string({ resolve: (info) => info.job.cron }),
    timeZone: t.exposeString('timeZone'),
    enabled: t.boolean({
      description: 'Whether it runs: the job is on and so is the scheduler.',
      resolve: (info, _args, context) => info.job.enabled && context.scheduler.enabled,
    }),
    nextRunAt: t.expose('nextRunAt', { type: 'DateTime', nullable: true }),
    lastRun: t.field({
      type: ScheduledRunRef,
      nullable: true,
      resolve: (info, _args, context) => context.scheduler.latestRun(info.job.id),
    }),
  }),
});

builder.objectFields(ServerInfoRef, (t) => ({
  schedules: t.field({ type: [Schedule], resolve: (_info, _args, context) => context.scheduler.schedules() }),
}));
