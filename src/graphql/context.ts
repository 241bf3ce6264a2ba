import type { CountryCode } from 'libphonenumber-js/max';
import type { Caller } from '../auth/api-keys.js';
import type { DuplicateFinder } from '../customers/duplicate-finder.js';
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
  /** Phone numbers typed without a country code are read in this country's format. */
  defaultPhoneCountry: CountryCode;
}
