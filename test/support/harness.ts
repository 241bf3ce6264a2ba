import { silentLogger } from '../../src/log.js';
import { RobawsHttpClient } from '../../src/robaws/client.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { createAdvisoryLocks } from '../../src/sync/locks.js';
import { SyncService, type SyncServiceDeps, type SyncSettings } from '../../src/sync/sync-service.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const TEST_SYNC_SETTINGS: SyncSettings = {
  pageSize: 100,
  pageConcurrency: 4,
  writeBatchSize: 500,
  incrementalOverlapMs: 120_000,
  resumeMaxAgeMs: 3_600_000,
  pushConcurrency: 4,
  normalize: { defaultCountry: 'BE' },
};

export interface Harness {
  database: TestDatabase;
  sandbox: Sandbox;
  robaws: RobawsHttpClient;
  sync: SyncService;
  /**
   * Another sync service on the same database and sandbox, as a second server process would have;
   * `replaced` gives it another Robaws client (one a test steers) or clock.
   */
  secondSyncService(replaced?: Partial<Pick<SyncServiceDeps, 'robaws' | 'now'>>): SyncService;
  close(): Promise<void>;
}

/** A database of the test's own, a sandbox on a free port, and the sync service wired to both. */
export async function createHarness(options: { sandbox?: Partial<SandboxOptions>; sync?: Partial<SyncSettings> } = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const sandbox = await startSandbox({ port: 0, rateLimitPerSecond: 0, ...options.sandbox });
  const robaws = new RobawsHttpClient({
    baseUrl: sandbox.url,
    username: sandbox.options.username,
    password: sandbox.options.password,
    requestsPerSecond: 500,
    maxConcurrentRequests: 8,
    maxRetries: 2,
    retryBaseDelayMs: 5,
    timeoutMs: 5_000,
  });
  const makeSyncService = (replaced: Partial<Pick<SyncServiceDeps, 'robaws' | 'now'>> = {}) =>
    new SyncService({
      db: database.db,
      robaws,
      locks: createAdvisoryLocks(database.url),
      logger: silentLogger,
      settings: { ...TEST_SYNC_SETTINGS, ...options.sync },
      ...replaced,
    });
  const sync = makeSyncService();
  return {
    database,
    sandbox,
    robaws,
    sync,
    secondSyncService: makeSyncService,
    async close() {
      await sync.stop();
      await sandbox.close();
      await database.drop();
    },
  };
}
