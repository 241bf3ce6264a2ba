import type { Caller } from '../auth/api-keys.js';
import type { Customers } from '../customers/customers.js';
import type { DuplicateFinder } from '../customers/duplicate-finder.js';
import type { Intakes } from '../customers/intakes.js';
import type { Db } from '../db/client.js';
import type { Scheduler } from '../jobs/scheduler.js';
import type { Logger } from '../log.js';
import type { SyncService } from '../sync/sync-service.js';
import type { Webhooks } from '../webhooks/webhooks.js';
import type { Loaders } from './loaders.js';

/** What the server knows about itself, for `serverInfo`. */
export interface ServerInfo {
  version: string;
  robawsMode: 'SANDBOX' | 'LIVE';
  robawsBaseUrl: string;
  database: 'EMBEDDED' | 'EXTERNAL';
  startedAt: Date;
}

/** Per request: the services (shared) and the caller. The Prisma client is here, not a module
 * singleton, because each test file runs its own app against its own database. */
export interface GraphQLContext {
  db: Db;
  sync: SyncService;
  webhooks: Webhooks;
  scheduler: Scheduler;
  serverInfo: ServerInfo;
  logger: Logger;
  requestId: string;
  caller: Caller;
  loaders: Loaders;
  duplicates: DuplicateFinder;
  customers: Customers;
  intakes: Intakes;
}
