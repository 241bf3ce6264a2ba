import type { InputFieldBuilder } from '@pothos/core';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Prisma, SyncRun } from '../generated/prisma/client.js';
import { RUN_COUNTER_DESCRIPTIONS, RUN_COUNTERS, type RunCounter } from '../sync/run-recorder.js';
import type { RunKind, StartedSync } from '../sync/sync-service.js';
import { parseInput } from '../validation.js';
import { ADMIN_ONLY } from './access.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { SyncKind, SyncStatus, SyncTrigger } from './enums.js';
import { PAGE_SIZE } from './limits.js';


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
    ...(Object.fromEntries(RUN_COUNTERS.map((counter) => [counter, t.exposeInt(counter, { description: RUN_COUNTER_DESCRIPTIONS[counter] })])) as Record<
      RunCounter,
      ReturnType<typeof t.exposeInt>
    >),
    pagesDone: t.exposeInt('pagesDone'),
    pagesTotal: t.exposeInt('pagesTotal', { nullable: true }),
    progress: t.float({
      nullable: true,
      select: { status: true, pagesDone: true, pagesTotal: true },
      description: 'Pages done over pages to do, 0..1; null until the run knows how many pages there are.',
      resolve: (run) => (run.status === 'SUCCEEDED' ? 1 : run.pagesTotal ? Math.min(1, run.pagesDone / run.pagesTotal) : null),
    }),
    cancelRequestedAt: t.expose('cancelRequestedAt', { type: 'DateTime', nullable: true }),
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

const SyncRunStart = builder.objectRef<StartedSync>('SyncRunStart').implement({
  description: 'A run started in the background, or the run of that kind already going.',
  fields: (t) => ({
    run: t.field({ type: SyncRunRef, resolve: (started) => started.run }),
    alreadyRunning: t.exposeBoolean('alreadyRunning', { description: 'True when `run` was already going and nothing new started.' }),
  }),
});

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

const syncFields = (t: InputFieldBuilder<Types, 'InputObject'>) => ({
  dryRun: t.boolean({ required: false, defaultValue: false, description: 'Compute and report (see samples), write nothing.' }),
  limit: t.int({ required: false, description: 'Stop after this many clients (a partial run does not move the incremental mark).' }),
});
const RunFullSyncInput = builder.inputType('RunFullSyncInput', { fields: syncFields });
const RunIncrementalSyncInput = builder.inputType('RunIncrementalSyncInput', { fields: syncFields });
const PushPendingCustomersInput = builder.inputType('PushPendingCustomersInput', {
  fields: (t) => ({ dryRun: t.boolean({ required: false, defaultValue: false, description: 'Compare with Robaws and report, send nothing.' }) }),
});

const syncInputSchema = z.object({
  dryRun: z.boolean().nullish(),
  limit: z.number().int().min(1, 'At least 1').max(1_000_000, 'At most 1000000').nullish(),
});

/** The resolver of every "start a run" mutation: validated input, then the sync service's start. */
function startRun(kind: Exclude<RunKind, 'SINGLE'>) {
  return (_parent: unknown, args: { input?: unknown }, context: GraphQLContext): Promise<StartedSync> => {
    const { input } = parseInput(z.object({ input: syncInputSchema.nullish() }), args);
    return context.sync.start({ kind, trigger: 'API', dryRun: input?.dryRun ?? false, limit: input?.limit ?? null });
  };
}

const UUID = z.uuid();

/** A run id as the database holds them; anything else names no run. */
function isRunId(id: string): boolean {
  return UUID.safeParse(id).success;
}

builder.queryFields((t) => ({
  syncRun: t.prismaField({
    type: 'SyncRun',
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _parent, args, context) => (isRunId(String(args.id)) ? context.db.syncRun.findUnique({ ...query, where: { id: String(args.id) } }) : null),
  }),
  syncRuns: t.prismaConnection({
    type: 'SyncRun',
    cursor: 'id',
    ...PAGE_SIZE,
    description: 'Sync runs, newest first.',
    args: { kind: t.arg({ type: SyncKind, required: false }), status: t.arg({ type: SyncStatus, required: false }) },
    totalCount: (_parent, args, context) => context.db.syncRun.count({ where: syncRunWhere(args) }),
    resolve: (query, _parent, args, context) => context.db.syncRun.findMany({ ...query, where: syncRunWhere(args), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
}));

function syncRunWhere(args: { kind?: SyncRun['kind'] | null; status?: SyncRun['status'] | null }): Prisma.SyncRunWhereInput {
  return { ...(args.kind ? { kind: args.kind } : {}), ...(args.status ? { status: args.status } : {}) };
}

builder.mutationFields((t) => ({
  runFullSync: t.field({
    type: SyncRunStart,
    description: 'Starts a full sync in the background and returns its run at once (or the full sync already running).',
    ...ADMIN_ONLY,
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: RunFullSyncInput, required: false }) },
    resolve: startRun('FULL'),
  }),
  runIncrementalSync: t.field({
    type: SyncRunStart,
    description: 'Starts an incremental sync (clients changed since the last one) in the background; returns its run at once (or the one already running).',
    ...ADMIN_ONLY,
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: RunIncrementalSyncInput, required: false }) },
    resolve: startRun('INCREMENTAL'),
  }),
  pushPendingCustomers: t.field({
    type: SyncRunStart,
    description: 'Pushes every customer with unpushed edits to Robaws, in the background; returns the run at once (or the push already running).',
    ...ADMIN_ONLY,
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: PushPendingCustomersInput, required: false }) },
    resolve: startRun('PUSH'),
  }),
  cancelSyncRun: t.prismaField({
    type: 'SyncRun',
    description: 'Asks a run to stop after the page it is on (any server process notices); a finished run is returned as it is.',
    ...ADMIN_ONLY,
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _parent, args, context) => {
      const id = String(args.id);
      if (!isRunId(id)) throw new ValidationError([{ path: 'id', message: 'Not the id of a sync run' }]);
      const run = await context.sync.cancel(id);
      if (!run) throw new NotFoundError('SyncRun', id);
      return context.db.syncRun.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));

async function* runsOf(snapshots: AsyncIterable<{ run: SyncRun }>): AsyncGenerator<SyncRun> {
  for await (const snapshot of snapshots) yield snapshot.run;
}

builder.subscriptionField('syncRunProgress', (t) =>
  t.field({
    type: SyncRunRef,
    description: "The run's progress while it runs (over server-sent events): first as it is, then at every change; ends when the run ends.",
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_parent, args, context) => {
      const id = String(args.id);
      const run = isRunId(id) ? await context.db.syncRun.findUnique({ where: { id } }) : null;
      if (!run) throw new NotFoundError('SyncRun', id);
      return runsOf(context.sync.watch(id));
    },
    resolve: (run) => run,
  }),
);
