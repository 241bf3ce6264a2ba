import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createGraphQLError, createYoga, useReadinessCheck, type Plugin, type YogaLogger } from 'graphql-yoga';
import { findApiKey, presentedKey, type ApiKey, type Caller } from '../auth/api-keys.js';
import type { Config } from '../config.js';
import type { Customers } from '../customers/customers.js';
import { DuplicateFinder } from '../customers/duplicate-finder.js';
import type { Intakes } from '../customers/intakes.js';
import type { Db } from '../db/client.js';
import { migrationNames, pendingMigrations } from '../db/migrate.js';
import type { ServerInfo, GraphQLContext } from '../graphql/context.js';
import { createLoaders } from '../graphql/loaders.js';
import { schema } from '../graphql/schema.js';
import type { Scheduler } from '../jobs/scheduler.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { SyncService } from '../sync/sync-service.js';
import type { Webhooks } from '../webhooks/webhooks.js';
import { adminRoute, DEFAULT_ADMIN_DIR } from './admin-route.js';
import { requestIdOf, useOperationNames, withAccessLog } from './access-log.js';
import { useClientErrors } from './graphql-errors.js';
import { metricsRoute, useOperationMetrics } from './metrics-route.js';
import { webhookRoute } from './webhook-route.js';

export interface AppDeps {
  config: Pick<Config, 'api' | 'graphql'>;
  db: Db;
  sync: SyncService;
  customers: Customers;
  intakes: Intakes;
  webhooks: Webhooks;
  scheduler: Scheduler;
  serverInfo: ServerInfo;
  metrics: Metrics;
  logger: Logger;
  /** The admin page's build, served at /admin; dist/admin/ beside package.json unless given. */
  adminDir?: string;
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

const OPEN_API: Caller = { scope: 'admin', keyId: null };

/** The caller a request's key makes; without configured keys the API is open. A missing or unknown key is a 401. */
function authenticate(request: Request, keys: readonly ApiKey[]): Caller {
  if (keys.length === 0) return OPEN_API;
  const presented = presentedKey(request.headers);
  const key = presented ? findApiKey(keys, presented) : null;
  if (!key) {
    throw createGraphQLError(presented ? 'The API key is not valid' : 'An API key is required: send Authorization: Bearer <key>', {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'www-authenticate': 'Bearer' } } },
    });
  }
  return { scope: key.scope, keyId: key.id };
}

/**
 * Authenticates before the document is even parsed: a caller without a valid key learns nothing of
 * the schema, not even from validation errors ("Did you mean ...?").
 */
function useApiKeyAuthentication(keys: readonly ApiKey[]): Plugin {
  return {
    onRequestParse({ request }) {
      authenticate(request, keys);
    },
  };
}

/** Where introspection is off, error messages must not hint at the schema either. */
function schemaDisclosurePlugins(introspection: boolean): Plugin[] {
  return introspection ? [] : [useDisableIntrospection(), blockFieldSuggestionsPlugin() as Plugin];
}

export async function createApp(deps: AppDeps): Promise<App> {
  const { db, logger } = deps;
  const { keys } = deps.config.api;
  if (keys.length === 0) {
    logger.warn('NO API KEYS CONFIGURED: the GraphQL API is open to anyone who can reach it, with every permission. Set API_KEYS to close it.');
  }
  const expectedMigrations = await migrationNames();
  const duplicates = new DuplicateFinder({ db });
  const yoga = createYoga<{ requestId?: string }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    graphiql: deps.config.graphql.graphiql ? { title: 'robaws-sync GraphiQL' } : false,
    // GraphiQL's scripts and styles from the installed package, inlined: the page works without internet.
    renderGraphiQL,
    maxRequestBodySize: deps.config.graphql.maxBodyBytes,
    // Cross-site callers only from configured origins; without any, browsers keep other sites out.
    cors: deps.config.graphql.corsOrigins.length > 0 ? { origin: deps.config.graphql.corsOrigins, credentials: true } : false,
    logging: yogaLogger(logger.child({ component: 'graphql' })),
    // Unexpected errors reach clients as "Unexpected error." only; the log keeps the cause and the request id.
    maskedErrors: true,
    context: ({ request }) => {
      const requestId = requestIdOf(request.headers);
      const caller = authenticate(request, keys);
      const requestLogger = logger.child({ requestId, ...(caller.keyId ? { apiKey: caller.keyId } : {}) });
      return { db, sync: deps.sync, webhooks: deps.webhooks, scheduler: deps.scheduler, serverInfo: deps.serverInfo, requestId, logger: requestLogger, caller, loaders: createLoaders(deps.customers, deps.webhooks.store), duplicates, customers: deps.customers, intakes: deps.intakes };
    },
    plugins: [
      webhookRoute({ ...deps.webhooks, logger }),
      metricsRoute({ metrics: deps.metrics, keys, logger: logger.child({ component: 'metrics' }) }),
      adminRoute(deps.adminDir ?? DEFAULT_ADMIN_DIR),
      useApiKeyAuthentication(keys),
      // A form post or a plain GET from another site (no preflight) must not run operations.
      useCSRFPrevention(),
      ...schemaDisclosurePlugins(deps.config.graphql.introspection),
      useClientErrors(),
      useOperationNames(),
      useOperationMetrics(deps.metrics),
      useReadinessCheck({
        endpoint: '/readyz',
        // Not ready while the database is away (or behind on migrations); the reason goes to the log, not to the prober.
        check: async () => {
          try {
            return (await pendingMigrations((sql) => db.$queryRawUnsafe(sql), expectedMigrations)).length === 0;
          } catch (error) {
            logger.warn({ err: error }, 'not ready: the database cannot be reached');
            return false;
          }
        },
      }),
    ],
  });

  const server = createServer(withAccessLog(yoga, logger.child({ component: 'http' })));
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
    close: async () => {
      await new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await duplicates.close();
    },
  };
}
