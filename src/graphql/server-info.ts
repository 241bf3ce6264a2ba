import { builder } from './builder.js';
import { SyncRunRef } from './sync-run.js';

const RobawsMode = builder.enumType('RobawsMode', {
  description: 'Which Robaws the server talks to.',
  values: { SANDBOX: { description: 'The built-in Robaws stand-in (no credentials configured).' }, LIVE: { description: 'Robaws itself.' } },
});
const DatabaseKind = builder.enumType('DatabaseKind', {
  description: 'Which Postgres the server uses.',
  values: {
    EMBEDDED: { description: 'Its own, started with it (no DATABASE_URL configured).' },
    EXTERNAL: { description: 'A server given by DATABASE_URL.' },
  },
});

export const ServerInfoRef = builder.objectRef<object>('ServerInfo').implement({
  description: 'What this server is and what it runs against.',
  fields: (t) => ({
    version: t.string({ description: 'The server version (package.json).', resolve: (_info, _args, context) => context.serverInfo.version }),
    robawsMode: t.field({ type: RobawsMode, description: 'The sandbox or Robaws itself.', resolve: (_info, _args, context) => context.serverInfo.robawsMode }),
    robawsBaseUrl: t.string({ description: "The base URL of the Robaws API (or the sandbox's).", resolve: (_info, _args, context) => context.serverInfo.robawsBaseUrl }),
    database: t.field({ type: DatabaseKind, description: 'The embedded Postgres or an external one.', resolve: (_info, _args, context) => context.serverInfo.database }),
    startedAt: t.field({ type: 'DateTime', description: 'When this server process started.', resolve: (_info, _args, context) => context.serverInfo.startedAt }),
    lastRuns: t.field({
      type: [SyncRunRef],
      description: 'The latest sync run of each kind.',
      resolve: (_info, _args, context) =>
        context.db.syncRun.findMany({ distinct: ['kind'], orderBy: [{ kind: 'asc' }, { createdAt: 'desc' }] }),
    }),
  }),
});

builder.queryField('serverInfo', (t) => t.field({ type: ServerInfoRef, description: 'This server: version, Robaws mode, database, schedules, latest runs.', resolve: () => ({}) }));
