import type { Config } from '../../src/config.js';
import { Customers } from '../../src/customers/customers.js';
import { Intakes } from '../../src/customers/intakes.js';
import { RobawsHttpClient } from '../../src/robaws/client.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { createAdvisoryLocks } from '../../src/sync/locks.js';
import { SyncService, type SyncServiceDeps, type SyncSettings } from '../../src/sync/sync-service.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { testLogger } from './run-log.js';
import { TEST_ROBAWS_PASSWORD, TEST_ROBAWS_USERNAME } from './secrets.js';

export const TEST_SYNC_SETTINGS: SyncSettings = {
  pageSize: 100,
  pageConcurrency: 4,
  writeBatchSize: 500,
  incrementalOverlapMs: 120_000,
  resumeMaxAgeMs: 3_600_000,
  pushConcurrency: 4,
};

export const TEST_NORMALIZATION: Config['normalization'] = { defaultCountry: 'BE', roleFieldId: null };

export interface Harness {
  database: TestDatabase;
  sandbox: Sandbox;
  robaws: RobawsHttpClient;
  sync: SyncService;
  customers: Customers;
  intakes: Intakes;
  /**
   * Another sync service on the same database and sandbox, as a second server process would have;
   * `replaced` gives it another Robaws client (one a test steers) or clock.
   */
  secondSyncService(replaced?: Partial<Pick<SyncServiceDeps, 'robaws' | 'now' | 'logger' | 'heartbeatIntervalMs'>>): SyncService;
  close(): Promise<void>;
}

/** A database of the test's own, a sandbox on a free port, and the sync service wired to both. */
export async function createHarness(options: { sandbox?: Partial<SandboxOptions>; sync?: Partial<SyncSettings> } = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const sandbox = await startSandbox({ port: 0, rateLimitPerSecond: 0, username: TEST_ROBAWS_USERNAME, password: TEST_ROBAWS_PASSWORD, ...options.sandbox });
  const robaws = new RobawsHttpClient({
    baseUrl: sandbox.url,
    username: sandbox.options.username,
    password: sandbox.options.password,
    requestsPerSecond: 500,
    maxConcurrentRequests: 8,
    maxRetries: 2,
    retryBaseDelayMs: 5,
    timeoutMs: 5_000,
    logger: testLogger.child({ component: 'robaws' }),
  });
  const makeSyncService = (replaced: Partial<Pick<SyncServiceDeps, 'robaws' | 'now' | 'logger' | 'heartbeatIntervalMs'>> = {}) =>
    new SyncService({
      db: database.db,
      robaws,
      locks: createAdvisoryLocks(database.url),
      logger: testLogger,
      settings: { ...TEST_SYNC_SETTINGS, ...options.sync },
      normalize: TEST_NORMALIZATION,
      ...replaced,
    });
  const sync = makeSyncService();
  return {
    database,
    sandbox,
    robaws,
    sync,
    customers: new Customers({ db: database.db, normalize: TEST_NORMALIZATION }),
    intakes: new Intakes({ db: database.db, defaultCountry: TEST_NORMALIZATION.defaultCountry }),
    secondSyncService: makeSyncService,
    async close() {
      await sync.stop();
      await sandbox.close();
      await database.drop();
    },
  };
}
