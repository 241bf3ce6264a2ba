import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, useReadinessCheck, type YogaLogger } from 'graphql-yoga';
import type { Db } from '../db/client.js';
import { migrationNames, pendingMigrations } from '../db/migrate.js';
import type { ServerInfo, GraphQLContext } from '../graphql/context.js';
import { schema } from '../graphql/schema.js';
import type { Logger } from '../log.js';
import type { SyncService } from '../sync/sync-service.js';

export interface AppDeps {
  db: Db;
  sync: SyncService;
  serverInfo: ServerInfo;
  logger: Logger;
}

export interface App {
  /** The fetch-style handler: tests call it without a port. */
  fetch: (request: Request) => Promise<Response> | Response;
  listen(port: number, host: string): Promise<{ server: Server; url: string }>;
  close(): Promise<void>;
}

function yogaLogger(logger: Logger): YogaLogger {
  const line = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => {
    const [first, ...rest] = args;
    if (first instanceof Error) logger[level]({ err: first, details: rest }, first.message);
    else logger[level](rest.length > 0 ? { details: rest } : {}, String(first));
  };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

export async function createApp(deps: AppDeps): Promise<App> {
  const { db, logger } = deps;
  const expectedMigrations = await migrationNames();
  const yoga = createYoga<{ requestId?: string }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    logging: yogaLogger(logger.child({ component: 'graphql' })),
    // Unexpected errors reach clients as "Unexpected error." only; the log keeps the cause and the request id.
    maskedErrors: true,
    context: ({ request }) => {
      const requestId = request.headers.get('x-request-id') ?? randomUUID();
      return { db, sync: deps.sync, serverInfo: deps.serverInfo, requestId, logger: logger.child({ requestId }) };
    },
    plugins: [
      useReadinessCheck({
        endpoint: '/readyz',
        check: async () => {
          const pending = await pendingMigrations((sql) => db.$queryRawUnsafe(sql), expectedMigrations);
          return pending.length === 0;
        },
      }),
    ],
  });

  const server = createServer(yoga);
  return {
    fetch: (request) => yoga.fetch(request),
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const { port: boundPort } = server.address() as AddressInfo;
          resolve({ server, url: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}` });
        });
      }),
    close: () =>
      new Promise((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
