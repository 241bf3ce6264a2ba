import { randomUUID } from 'node:crypto';
import { vi } from 'vitest';
import { parseConfig, type Config, type WebhookConfig } from '../../src/config.js';
import { createApp, type App } from '../../src/http/app.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { Metrics } from '../../src/metrics.js';
import { signatureHeader } from '../../src/robaws/signature.js';
import { WEBHOOK_PATH } from '../../src/webhooks/delivery.js';
import { createWebhooks, type Webhooks } from '../../src/webhooks/webhooks.js';
import type { Harness } from './harness.js';
import { testLogger } from './run-log.js';
import { TEST_WEBHOOK_SECRET } from './secrets.js';

/** Webhook pieces, a scheduler and an app over a harness, with fast retries and a known secret. */

export { TEST_WEBHOOK_SECRET } from './secrets.js';
export const DEFAULT_CONFIG: Config = parseConfig({});

export function testWebhookConfig(overrides: Partial<WebhookConfig> = {}): WebhookConfig {
  // Tests refuse many deliveries from one address: all of them are recorded unless a test says otherwise.
  const refusals = { ...DEFAULT_CONFIG.webhooks.refusals, recordedPerMinute: 100_000 };
  return { ...DEFAULT_CONFIG.webhooks, secret: TEST_WEBHOOK_SECRET, maxAttempts: 3, retryBaseMs: 20, retryMaxMs: 100, refusals, ...overrides };
}

export interface WebhookApp {
  app: App;
  webhooks: Webhooks;
  scheduler: Scheduler;
}

export async function createWebhookApp(harness: Harness, overrides: Partial<WebhookConfig> = {}): Promise<WebhookApp> {
  const { db } = harness.database;
  const webhooks = createWebhooks({ db, robaws: harness.robaws, sync: harness.sync, config: testWebhookConfig(overrides), logger: testLogger });
  const scheduler = new Scheduler({ db, sync: harness.sync, logger: testLogger, settings: DEFAULT_CONFIG.schedules });
  const app = await createApp({
    config: DEFAULT_CONFIG,
    db,
    sync: harness.sync,
    customers: harness.customers,
    intakes: harness.intakes,
    webhooks,
    scheduler,
    logger: testLogger,
    metrics: new Metrics(),
    serverInfo: { version: 'test', robawsMode: 'SANDBOX', robawsBaseUrl: harness.sandbox.url, database: 'EXTERNAL', startedAt: new Date() },
  });
  return { app, webhooks, scheduler };
}

export interface SignedDelivery {
  eventId: string;
  body: string;
  headers: Record<string, string>;
}

/** A delivery as Robaws sends it: `{id, event, data}`, signed over the exact body. */
export function signedDelivery(
  data: object,
  options: { event?: string; eventId?: string; secret?: string; timestamp?: number } = {},
): SignedDelivery {
  const eventId = options.eventId ?? randomUUID();
  const body = JSON.stringify({ id: eventId, event: options.event ?? 'client.updated', data });
  return {
    eventId,
    body,
    headers: {
      'content-type': 'application/json',
      'robaws-signature': signatureHeader(options.secret ?? TEST_WEBHOOK_SECRET, body, options.timestamp),
    },
  };
}

export function postDelivery(baseUrl: string, delivery: { body: string | Uint8Array<ArrayBuffer>; headers: Record<string, string> }): Promise<Response> {
  return fetch(`${baseUrl}${WEBHOOK_PATH}`, { method: 'POST', body: delivery.body, headers: delivery.headers });
}

/** Waits until no stored event is waiting to be applied (retries included). */
export async function whenEventsSettled(harness: Harness, timeoutMs = 15_000): Promise<void> {
  await vi.waitFor(
    async () => {
      const pending = await harness.database.db.webhookEvent.count({ where: { status: { in: ['RECEIVED', 'PROCESSING'] } } });
      if (pending > 0) throw new Error(`${pending} webhook events still pending`);
    },
    { timeout: timeoutMs, interval: 25 },
  );
}
