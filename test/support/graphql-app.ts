import { ClientError, GraphQLClient } from 'graphql-request';
import { parseConfig } from '../../src/config.js';
import { Customers } from '../../src/customers/customers.js';
import { Intakes } from '../../src/customers/intakes.js';
import type { Db } from '../../src/db/client.js';
import { createApp, type App } from '../../src/http/app.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import type { Logger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { createWebhooks } from '../../src/webhooks/webhooks.js';
import { TEST_NORMALIZATION, type Harness } from './harness.js';
import { testLogger } from './run-log.js';
import { API_KEYS } from './secrets.js';

export { API_KEYS };
import { testWebhookConfig } from './webhooks.js';

/** The HTTP app over a harness, with one API key per scope, and GraphQL clients that call it without a port. */

const API_KEYS_SETTING = Object.entries(API_KEYS)
  .map(([scope, key]) => `${key}:${scope}`)
  .join(',');

export interface GraphQLApp {
  app: App;
  /** A GraphQL client (graphql-request) sending the key of `scope`, or none. */
  client(scope?: keyof typeof API_KEYS | null, headers?: Record<string, string>): GraphQLClient;
}

export async function createGraphQLApp(
  harness: Harness,
  options: { open?: boolean; logger?: Logger; db?: Db; env?: Record<string, string> } = {},
): Promise<GraphQLApp> {
  const config = parseConfig({ ...(options.open ? {} : { API_KEYS: API_KEYS_SETTING }), ...options.env });
  const db = options.db ?? harness.database.db;
  const logger = options.logger ?? testLogger;
  const app = await createApp({
    config,
    db,
    sync: harness.sync,
    customers: new Customers({ db, normalize: TEST_NORMALIZATION }),
    intakes: new Intakes({ db, defaultCountry: TEST_NORMALIZATION.defaultCountry }),
    webhooks: createWebhooks({ db, robaws: harness.robaws, sync: harness.sync, config: testWebhookConfig(), logger }),
    scheduler: new Scheduler({ db, sync: harness.sync, logger, settings: config.schedules }),
    logger,
    metrics: new Metrics(),
    serverInfo: { version: 'test', robawsMode: 'SANDBOX', robawsBaseUrl: harness.sandbox.url, database: 'EXTERNAL', startedAt: new Date() },
  });
  return {
    app,
    client: (scope = 'admin', headers = {}) =>
      new GraphQLClient('http://app/graphql', {
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => app.fetch(new Request(input, init)),
        headers: { ...(scope ? { authorization: `Bearer ${API_KEYS[scope]}` } : {}), ...headers },
      }),
  };
}

export interface GraphQLErrorShape {
  message: string;
  extensions?: Record<string, unknown>;
}

/** The GraphQL errors a request answered with (it must fail). */
export async function errorsOf(request: Promise<unknown>): Promise<GraphQLErrorShape[]> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ClientError) return (error.response.errors ?? []) as GraphQLErrorShape[];
    throw error;
  }
  throw new Error('the request succeeded; expected GraphQL errors');
}
