import type { InputFieldBuilder } from '@pothos/core';
import { z } from 'zod';
import { NotFoundError } from '../errors.js';
import type { Prisma, SyncRun } from '../generated/prisma/client.js';
import { RUN_COUNTER_DESCRIPTIONS, RUN_COUNTERS, type RunCounter } from '../sync/run-recorder.js';
import type { RunKind, StartedSync } from '../sync/sync-service.js';
import { parseInput } from '../validation.js';
import { ADMIN_ONLY } from './access.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { SyncKind, SyncStatus, SyncTrigger } from './enums.js';
import { rowIdOf } from './ids.js';
import { withinInput } from './inputs.js';
import { PAGE_SIZE } from './limits.js';

const RecordFailure = builder.objectRef<{ robawsClientId: string | null; reason: string }>('SyncRecordFailure').implement({
  description: 'A client a run could not store or push.',
  fields: (t) => ({
    robawsClientId: t.exposeString('robawsClientId', { nullable: true, description: "The client's Robaws id; null when the failure was not about one client." }),
    reason: t.exposeString('reason', { description: 'Why it failed.' }),
  }),
});

export const SyncRunRef = builder.prismaNode('SyncRun', {
  id: { field: 'id' },
  description: 'One run of the sync engine; its counts and pages are updated while it runs (follow it with syncRunProgress).',
  fields: (t) => ({
    kind: t.expose('kind', { type: SyncKind, description: 'What the run does.' }),
    trigger: t.expose('trigger', { type: SyncTrigger, description: 'What started it.' }),
    status: t.expose('status', { type: SyncStatus, description: 'Where it is.' }),
    dryRun: t.exposeBoolean('dryRun', { description: 'Computed and reported only (see samples); nothing was written.' }),
    limit: t.exposeInt('limit', { nullable: true, description: 'The most clients it was asked to read; null for all.' }),
    robawsClientId: t.exposeString('robawsClientId', { nullable: true, description: 'SINGLE runs: the Robaws client id asked for.' }),
    ...(Object.fromEntries(RUN_COUNTERS.map((counter) => [counter, t.exposeInt(counter, { description: RUN_COUNTER_DESCRIPTIONS[counter] })])) as Record<
      RunCounter,
      ReturnType<typeof t.exposeInt>
    >),
    pagesDone: t.exposeInt('pagesDone', { description: 'Pages of clients read and written so far.' }),
    pagesTotal: t.exposeInt('pagesTotal', { nullable: true, description: 'Pages to read in all; null until Robaws has said how many clients there are.' }),
    progress: t.float({
      nullable: true,
      select: { status: true, pagesDone: true, pagesTotal: true },
      description: 'Pages done over pages to do, 0..1, for a progress bar; null until the run knows how many pages there are.',
      resolve: (run) => (run.status === 'SUCCEEDED' ? 1 : run.pagesTotal ? Math.min(1, run.pagesDone / run.pagesTotal) : null),
    }),
    cancelRequestedAt: t.expose('cancelRequestedAt', { type: 'DateTime', nullable: true, description: 'When cancelSyncRun asked it to stop.' }),
    error: t.exposeString('error', { nullable: true, description: 'FAILED: why.' }),
    failures: t.field({ type: [RecordFailure], description: 'The first 200 clients that failed (failed counts them all).', resolve: (run) => run.failures as never }),
    samples: t.expose('samples', {
      type: 'JSON',
      nullable: true,
      description: 'Dry runs: the first clients with their extracted role and custom fields, and the field changes a write would make.',
    }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true, description: 'When it started; null while QUEUED.' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true, description: 'When it ended; null while it runs.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was asked for.' }),
    durationMs: t.int({
      nullable: true,
      select: { startedAt: true, finishedAt: true },
      description: 'How long it ran (so far, while it runs), in milliseconds.',
      resolve: (run) => (run.startedAt ? (run.finishedAt ?? new Date()).getTime() - run.startedAt.getTime() : null),
    }),
  }),
});

const SyncRunConnection = builder.connectionObject({ type: SyncRunRef, name: 'SyncRunConnection', description: 'A page of sync runs.' }, { name: 'SyncRunEdge', description: 'One sync run of a page, with its cursor.' });

const SyncRunStart = builder.objectRef<StartedSync>('SyncRunStart').implement({
  description: 'A run started in the background, or the run of that kind already going.',
  fields: (t) => ({
    run: t.field({ type: SyncRunRef, description: 'The run: follow it with syncRunProgress(id: run.id), or poll syncRun.', resolve: (started) => started.run }),
    alreadyRunning: t.exposeBoolean('alreadyRunning', { description: 'True when `run` was already going and nothing new started.' }),
  }),
});

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

const syncFields = (t: InputFieldBuilder<Types, 'InputObject'>) => ({
  dryRun: t.boolean({ required: false, defaultValue: false, description: 'Compute and report (see SyncRun.samples), write nothing.' }),
  limit: t.int({ required: false, description: 'Stop after this many clients, 1 to 1000000 (a partial run does not move the incremental mark).' }),
});
const RunFullSyncInput = builder.inputType('RunFullSyncInput', { description: 'How to run the full sync; every field is optional.', fields: syncFields });
const RunIncrementalSyncInput = builder.inputType('RunIncrementalSyncInput', { description: 'How to run the incremental sync; every field is optional.', fields: syncFields });
const PushPendingCustomersInput = builder.inputType('PushPendingCustomersInput', {
  description: 'How to push; every field is optional.',
  fields: (t) => ({ dryRun: t.boolean({ required: false, defaultValue: false, description: 'Compare with Robaws and report, send nothing.' }) }),
});
const CancelSyncRunInput = builder.inputType('CancelSyncRunInput', {
  description: 'The run to cancel.',
  fields: (t) => ({ id: t.id({ required: true, description: "The run's global id." }) }),
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

function syncRunWhere(args: { kind?: SyncRun['kind'] | null; status?: SyncRun['status'] | null }): Prisma.SyncRunWhereInput {
  return { ...(args.kind ? { kind: args.kind } : {}), ...(args.status ? { status: args.status } : {}) };
}

builder.queryFields((t) => ({
  syncRun: t.prismaField({
    type: 'SyncRun',
    description: 'One sync run, by its global id.',
    errors: { types: [NotFoundError] },
    args: { id: t.arg.id({ required: true, description: "The run's global id (SyncRun.id)." }) },
    resolve: async (query, _parent, args, context) => {
      const run = await context.db.syncRun.findUnique({ ...query, where: { id: rowIdOf(String(args.id), 'SyncRun', 'id') } });
      if (!run) throw new NotFoundError('SyncRun', String(args.id));
      return run;
    },
  }),
  syncRuns: t.prismaConnection(
    {
      type: 'SyncRun',
      cursor: 'id',
      ...PAGE_SIZE,
      description: 'Sync runs, newest first.',
      args: {
        kind: t.arg({ type: SyncKind, required: false, description: 'Only runs of this kind.' }),
        status: t.arg({ type: SyncStatus, required: false, description: 'Only runs in this status.' }),
      },
      totalCount: (_parent, args, context) => context.db.syncRun.count({ where: syncRunWhere(args) }),
      resolve: (query, _parent, args, context) => context.db.syncRun.findMany({ ...query, where: syncRunWhere(args), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
    },
    SyncRunConnection,
  ),
}));

builder.mutationFields((t) => ({
  runFullSync: t.field({
    type: SyncRunStart,
    description: 'Starts a full sync in the background and answers its run at once (or the full sync already running).',
    ...ADMIN_ONLY,
    errors: {},
    args: { input: t.arg({ type: RunFullSyncInput, required: false, description: 'Options; a plain full sync when left out.' }) },
    resolve: startRun('FULL'),
  }),
  runIncrementalSync: t.field({
    type: SyncRunStart,
    description: 'Starts an incremental sync (clients changed since the last one) in the background; answers its run at once (or the one already running).',
    ...ADMIN_ONLY,
    errors: {},
    args: { input: t.arg({ type: RunIncrementalSyncInput, required: false, description: 'Options; a plain incremental sync when left out.' }) },
    resolve: startRun('INCREMENTAL'),
  }),
  pushPendingCustomers: t.field({
    type: SyncRunStart,
    description: 'Pushes every customer with unpushed edits to Robaws, in the background; answers the run at once (or the push already running).',
    ...ADMIN_ONLY,
    errors: {},
    args: { input: t.arg({ type: PushPendingCustomersInput, required: false, description: 'Options; a real push when left out.' }) },
    resolve: startRun('PUSH'),
  }),
  cancelSyncRun: t.prismaField({
    type: 'SyncRun',
    description: 'Asks a run to stop after the page it is on (any server process notices); a finished run is answered as it is.',
    ...ADMIN_ONLY,
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: CancelSyncRunInput, required: true, description: 'The run to cancel.' }) },
    resolve: (query, _parent, { input }, context) =>
      withinInput(async () => {
        const id = rowIdOf(String(input.id), 'SyncRun', 'id');
        if (!(await context.sync.cancel(id))) throw new NotFoundError('SyncRun', String(input.id));
        return context.db.syncRun.findUniqueOrThrow({ ...query, where: { id } });
      }),
  }),
}));

async function* runsOf(snapshots: AsyncIterable<{ run: SyncRun }>): AsyncGenerator<SyncRun> {
  for await (const snapshot of snapshots) yield snapshot.run;
}

builder.subscriptionField('syncRunProgress', (t) =>
  t.field({
    type: SyncRunRef,
    description: "The run's progress while it runs (over server-sent events): first as it is, then at every change; ends when the run ends.",
    args: { id: t.arg.id({ required: true, description: "The run's global id (SyncRunStart.run.id)." }) },
    // The id is checked before the stream starts: a refusal is then the answer's error, with its code.
    subscribe: async (_parent, args, context) => {
      const id = rowIdOf(String(args.id), 'SyncRun', 'id');
      const run = await context.db.syncRun.findUnique({ where: { id }, select: { id: true } });
      if (!run) throw new NotFoundError('SyncRun', String(args.id));
      return runsOf(context.sync.watch(id));
    },
    resolve: (run) => run,
  }),
);
