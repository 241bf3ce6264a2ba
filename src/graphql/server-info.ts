import { builder } from './builder.js';
import { SyncRunRef } from './sync-run.js';

const RobawsMode = builder.enumType('RobawsMode', {
  values: { SANDBOX: { description: 'The built-in Robaws stand-in (no credentials configured).' }, LIVE: { description: 'Robaws itself.' } },
});
const DatabaseKind = builder.enumType('DatabaseKind', { values: ['EMBEDDED', 'EXTERNAL'] as const });

export const ServerInfoRef = builder.objectRef<object>('ServerInfo').implement({
  fields: (t) => ({
    version: t.string({ resolve: (_info, _args, context) => context.serverInfo.version }),
    robawsMode: t.field({ type: RobawsMode, resolve: (_info, _args, context) => context.serverInfo.robawsMode }),
    robawsBaseUrl: t.string({ resolve: (_info, _args, context) => context.serverInfo.robawsBaseUrl }),
    database: t.field({ type: DatabaseKind, resolve: (_info, _args, context) => context.serverInfo.database }),
    startedAt: t.field({ type: 'DateTime', resolve: (_info, _args, context) => context.serverInfo.startedAt }),
    lastRuns: t.field({
      type: [SyncRunRef],
      description: 'The latest run of each kind.',
      resolve: (_info, _args, context) =>
        context.db.syncRun.findMany({ distinct: ['kind'], orderBy: [{ kind: 'asc' }, { createdAt: 'desc' }] }),
    }),
  }),
});

builder.queryField('serverInfo', (t) => t.field({ type: ServerInfoRef, resolve: () => ({}) }));
