import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { SyncService } from '../sync/sync-service.js';

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
  serverInfo: ServerInfo;
  logger: Logger;
  requestId: string;
}
