import { builder } from './builder.js';

const SyncKind = builder.enumType('SyncKind', { values: ['FULL', 'INCREMENTAL', 'SINGLE', 'PUSH', 'WEBHOOK'] as const });
const SyncTrigger = builder.enumType('SyncTrigger', { values: ['CRON', 'API', 'CLI', 'WEBHOOK'] as const });
const SyncStatus = builder.enumType('SyncStatus', { values: ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const });

const RecordFailure = builder.objectRef<{ robawsClientId: string | null; reason: string }>('SyncRecordFailure').implement({
  fields: (t) => ({
    robawsClientId: t.exposeString('robawsClientId', { nullable: true }),
    reason: t.exposeString('reason'),
  }),
});

export const SyncRunRef = builder.prismaObject('SyncRun', {
  description: 'One run of the sync engine; its counts and pages are updated while it runs.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.expose('kind', { type: SyncKind }),
    trigger: t.expose('trigger', { type: SyncTrigger }),
    status: t.expose('status', { type: SyncStatus }),
    dryRun: t.exposeBoolean('dryRun'),
    limit: t.exposeInt('limit', { nullable: true }),
    robawsClientId: t.exposeString('robawsClientId', { nullable: true }),
    fetched: t.exposeInt('fetched'),
    created: t.exposeInt('created'),
    updated: t.exposeInt('updated'),
    unchanged: t.exposeInt('unchanged'),
    skipped: t.exposeInt('skipped'),
    failed: t.exposeInt('failed'),
    pushed: t.exposeInt('pushed'),
    conflicts: t.exposeInt('conflicts'),
    markedGone: t.exposeInt('markedGone'),
    revived: t.exposeInt('revived'),
    pagesDone: t.exposeInt('pagesDone'),
    pagesTotal: t.exposeInt('pagesTotal', { nullable: true }),
    error: t.exposeString('error', { nullable: true }),
    failures: t.field({ type: [RecordFailure], resolve: (run) => run.failures as never }),
    samples: t.expose('samples', {
      type: 'JSON',
      nullable: true,
      description: 'Dry runs: the first clients with their extracted role and custom fields, and the field changes a write would make.',
    }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    durationMs: t.int({
      nullable: true,
      select: { startedAt: true, finishedAt: true },
      resolve: (run) => (run.startedAt ? (run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime() : null),
    }),
  }),
});

const RunFullSyncInput = builder.inputType('RunFullSyncInput', {
  fields: (t) => ({
    dryRun: t.boolean({ required: false, defaultValue: false, description: 'Compute and report, write nothing.' }),
    limit: t.int({ required: false, description: 'Stop after this many clients.' }),
  }),
});

builder.queryFields((t) => ({
  syncRun: t.prismaField({
    type: 'SyncRun',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _parent, args, context) => context.db.syncRun.findUnique({ ...query, where: { id: String(args.id) } }),
  }),
}));

builder.mutationFields((t) => ({
  runFullSync: t.field({
    type: SyncRunRef,
    description: 'Starts a full sync in the background and returns its run at once (or the full sync already running).',
    args: { input: t.arg({ type: RunFullSyncInput, required: false }) },
    resolve: async (_parent, args, context) => {
      const { run } = await context.sync.start({
        kind: 'FULL',
        trigger: 'API',
        dryRun: args.input?.dryRun ?? false,
        limit: args.input?.limit ?? null,
      });
      return run;
    },
  }),
}));
