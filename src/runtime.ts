import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { Customers } from './customers/customers.js';
import { Intakes } from './customers/intakes.js';
import { createDb, type Db } from './db/client.js';
import { openDatabaseServer, type DatabaseServer } from './db/server.js';
import type { ServerInfo } from './graphql/context.js';
import { Scheduler } from './jobs/scheduler.js';
import type { Logger } from './log.js';
import { Metrics } from './metrics.js';
import { PACKAGE_ROOT } from './package-root.js';
import { RobawsHttpClient, type RobawsApi } from './robaws/client.js';
import { findPublishedSandbox, publishSandbox, sandboxFileOf } from './sandbox/discovery.js';
import type { Sandbox } from './sandbox/server.js';
import { createAdvisoryLocks } from './sync/locks.js';
import { SyncService } from './sync/sync-service.js';
import { createWebhooks, type Webhooks } from './webhooks/webhooks.js';

/**
 * Everything the server, the CLI and the benchmarks share, built from one config: the database
 * (embedded or external), the Robaws client (sandbox or live), the sync service, and the webhook
 * processing and schedules that use it.
 */
export interface Runtime {
  config: Config;
  logger: Logger;
  database: DatabaseServer;
  db: Db;
  robaws: RobawsApi;
  sandbox: Sandbox | null;
  sync: SyncService;
  webhooks: Webhooks;
  customers: Customers;
  intakes: Intakes;
  scheduler: Scheduler;
  metrics: Metrics;
  serverInfo: ServerInfo;
  close(): Promise<void>;
}

const { version } = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };

/** In sandbox mode our pace stays under the sandbox's own limit, as it must stay under Robaws'. */
const SANDBOX_RATE_LIMIT_PER_SECOND = 50;
const SANDBOX_CLIENT_REQUESTS_PER_SECOND = 40;

export interface RuntimeOptions {
  /** The server publishes its sandbox; a CLI command uses the published one of a server running here. */
  role: 'server' | 'cli';
}

export async function createRuntime(config: Config, logger: Logger, options: RuntimeOptions): Promise<Runtime> {
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch((error) => logger.error({ err: error }, 'shutdown step failed'));
  };
  try {
    const database = await openDatabaseServer(config.database, logger);
    closers.push(database.stop);
    const db = createDb(database.url, { onPoolError: (error) => logger.error({ err: error }, 'database pool error') });
    closers.push(() => db.$disconnect());
    const metrics = new Metrics();

    let sandbox: Sandbox | null = null;
    let robawsTarget = { baseUrl: config.robaws.baseUrl, username: config.robaws.username ?? '', password: config.robaws.password ?? '' };
    if (config.robaws.mode === 'SANDBOX') {
      const sandboxFile = sandboxFileOf(config.database.embeddedDataDir);
      const shared = options.role === 'cli' ? findPublishedSandbox(sandboxFile) : null;
      if (shared) {
        robawsTarget = { baseUrl: shared.url, username: shared.username, password: shared.password };
        logger.info({ url: shared.url, serverPid: shared.pid }, 'using the Robaws sandbox of the server running here');
      } else {
        // Loaded only here, so that a server talking to live Robaws never carries the sandbox and its seed data.
        const { startSandbox } = await import('./sandbox/server.js');
        const started = await startSandbox({
          port: config.sandbox.port,
          clients: config.sandbox.clients,
          seed: config.sandbox.seed,
          latencyMs: config.sandbox.latencyMs,
          clockOffsetMs: config.sandbox.clockOffsetMs,
          rateLimitPerSecond: SANDBOX_RATE_LIMIT_PER_SECOND,
          logger: logger.child({ component: 'sandbox' }),
        });
        sandbox = started;
        closers.push(() => started.close());
        robawsTarget = { baseUrl: started.url, username: started.options.username, password: started.options.password };
        if (options.role === 'server') {
          closers.push(await publishSandbox(sandboxFile, { url: started.url, username: started.options.username, password: started.options.password }));
          logger.warn({ url: started.url, clients: config.sandbox.clients }, 'no Robaws credentials configured: using the built-in Robaws sandbox');
        } else {
          logger.warn({ url: started.url }, 'no Robaws credentials configured and no server running here: this command talks to a throwaway sandbox of its own');
        }
      }
    } else {
      logger.info({ baseUrl: config.robaws.baseUrl }, 'using live Robaws');
    }

    const robaws = new RobawsHttpClient({
      ...robawsTarget,
      timeoutMs: config.robaws.timeoutMs,
      maxRetries: config.robaws.maxRetries,
      requestsPerSecond: sandbox ? SANDBOX_CLIENT_REQUESTS_PER_SECOND : config.robaws.requestsPerSecond,
      maxConcurrentRequests: config.robaws.maxConcurrency,
      logger: logger.child({ component: 'robaws' }),
      observer: metrics.robawsObserver,
    });
    const sync = new SyncService({
      db,
      robaws,
      locks: createAdvisoryLocks(database.url),
      logger: logger.child({ component: 'sync' }),
      settings: config.sync,
      normalize: config.normalization,
      observer: metrics.runObserver,
    });
    closers.push(() => sync.stop());
    // A CLI command fails the orphans of the kind it runs as it starts its run (sync/runs.ts).
    if (options.role === 'server') await sync.recoverOrphanedRuns();
    // Started by the server only (src/main.ts); stopped here before the sync service they use.
    const scheduler = new Scheduler({ db, sync, logger, settings: config.schedules });
    closers.push(() => scheduler.stop());
    const webhooks = createWebhooks({ db, robaws, sync, config: config.webhooks, logger, onSettled: (settlements) => metrics.webhooksSettled(settlements) });
    closers.push(() => webhooks.processor.stop());
    const customers = new Customers({ db, normalize: config.normalization });
    metrics.readStateFrom(
      { webhookBacklog: () => webhooks.store.backlog(), customerTotals: async () => ({ ...(await customers.totals()) }), lastSuccessByKind: () => sync.lastSuccessByKind() },
      logger.child({ component: 'metrics' }),
    );
    const intakes = new Intakes({ db, defaultCountry: config.normalization.defaultCountry });

    return {
      config,
      logger,
      database,
      db,
      robaws,
      sandbox,
      sync,
      webhooks,
      scheduler,
      customers,
      intakes,
      metrics,
      serverInfo: {
        version,
        robawsMode: config.robaws.mode,
        robawsBaseUrl: robawsTarget.baseUrl,
        database: database.kind === 'embedded' ? 'EMBEDDED' : 'EXTERNAL',
        startedAt: new Date(),
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
