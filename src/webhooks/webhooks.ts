import type { WebhookConfig } from '../config.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { RobawsApi } from '../robaws/client.js';
import { WebhookEventStore, type Settlement } from './event-store.js';
import { WebhookIngest } from './ingest.js';
import { WebhookProcessor, type WebhookSyncEngine } from './processor.js';
import { SourceRateLimiter } from './rate-limiter.js';
import { WebhookRegistrations } from './registrations.js';
import { WebhookSecrets } from './secrets.js';

/** The webhook pieces, wired once for the server, the CLI and the tests. */
export interface Webhooks {
  store: WebhookEventStore;
  ingest: WebhookIngest;
  processor: WebhookProcessor;
  registrations: WebhookRegistrations;
  rateLimiter: SourceRateLimiter;
}

const POLL_INTERVAL_MS = 1_000;

export function createWebhooks(deps: {
  db: Db;
  robaws: RobawsApi;
  sync: WebhookSyncEngine;
  config: WebhookConfig;
  logger: Logger;
  onSettled?: (settlements: readonly Settlement[]) => void;
}): Webhooks {
  const { db, config } = deps;
  const logger = deps.logger.child({ component: 'webhooks' });
  const store = new WebhookEventStore(db);
  const secrets = new WebhookSecrets(db, config.secret);
  const processor = new WebhookProcessor({
    store,
    sync: deps.sync,
    logger,
    onSettled: deps.onSettled,
    settings: {
      maxAttempts: config.maxAttempts,
      baseDelayMs: config.retryBaseMs,
      maxDelayMs: config.retryMaxMs,
      concurrency: config.concurrency,
      leaseMs: config.leaseMs,
      pollIntervalMs: POLL_INTERVAL_MS,
    },
  });
  return {
    store,
    processor,
    ingest: new WebhookIngest({
      store,
      secrets,
      refusalRecorder: new SourceRateLimiter(config.refusals.recordedPerMinute),
      refusalRetention: config.refusals,
      onStored: () => processor.notify(),
      logger,
    }),
    registrations: new WebhookRegistrations({ db, robaws: deps.robaws, secrets, logger }),
    rateLimiter: new SourceRateLimiter(config.rateLimitPerMinute),
  };
}
