import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/log.js';
import { signatureHeader } from '../../src/robaws/signature.js';
import { WebhookRejection } from '../../src/webhooks/delivery.js';
import { WebhookEventStore } from '../../src/webhooks/event-store.js';
import { WebhookIngest, type IncomingDelivery } from '../../src/webhooks/ingest.js';
import { SourceRateLimiter } from '../../src/webhooks/rate-limiter.js';
import { WebhookSecrets } from '../../src/webhooks/secrets.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { recordingLogger, testLogger } from '../support/run-log.js';

/**
 * What the ingest answers when a delivery cannot be taken as it is, or when the store cannot do its
 * part: which refusal, with which message, and that the sender gets its answer all the same.
 */

const SECRET = 'whsec_ingest_refusals_0123456789';
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

function ingestWith(options: { store?: WebhookEventStore; secret?: string; logger?: Logger } = {}): WebhookIngest {
  return new WebhookIngest({
    store: options.store ?? new WebhookEventStore(database.db),
    secrets: new WebhookSecrets(database.db, 'secret' in options ? options.secret : SECRET),
    refusalRecorder: new SourceRateLimiter(100_000),
    refusalRetention: { keepMs: 86_400_000, keepMax: 1_000 },
    onStored: () => {},
    logger: options.logger ?? testLogger,
  });
}

function delivery(options: { body?: string; headers?: Record<string, string>; secret?: string } = {}): IncomingDelivery & { eventId: string } {
  const eventId = randomUUID();
  const body = options.body ?? JSON.stringify({ id: eventId, event: 'client.updated', data: { id: 5001, name: 'Refusals BV' } });
  const bytes = new TextEncoder().encode(body);
  return {
    eventId,
    body: bytes,
    bodyBytes: bytes.byteLength,
    source: '127.0.0.1',
    headers: { 'content-type': 'application/json', 'robaws-signature': signatureHeader(options.secret ?? SECRET, body), ...options.headers },
  };
}

async function rejectionOf(promise: Promise<unknown>): Promise<WebhookRejection> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WebhookRejection);
  return error as WebhookRejection;
}

/** Captures what is logged at error level. */
function errorLog(): { logger: Logger; errors: () => string[] } {
  const { logger, lines } = recordingLogger();
  return { logger, errors: () => lines.filter((line) => line.level === 'error').map((line) => String(line.msg)) };
}

describe('refusals', () => {
  it('refuses a delivery without a Content-Type with 415, and keeps it as REJECTED', async () => {
    const sent = delivery();
    delete sent.headers['content-type'];
    const rejection = await rejectionOf(ingestWith().receive(sent));
    expect([rejection.code, rejection.status]).toEqual(['UNSUPPORTED_MEDIA_TYPE', 415]);
    const kept = await database.db.webhookEvent.findFirstOrThrow({ where: { rawBody: new TextDecoder().decode(sent.body) } });
    expect(kept).toMatchObject({ status: 'REJECTED', signature: 'VALID', eventId: null, error: 'UNSUPPORTED_MEDIA_TYPE: Content-Type must be application/json' });
  });

  it('says how to get a secret when a signature cannot match because no secret is known', async () => {
    const rejection = await rejectionOf(ingestWith({ secret: undefined }).receive(delivery()));
    expect([rejection.code, rejection.status]).toEqual(['SIGNATURE_MISMATCH', 401]);
    expect(rejection.message).toBe('No webhook secret is known: register the endpoint (npm run webhooks:register) or set ROBAWS_WEBHOOK_SECRET');
  });

  it('says the signature does not match when secrets are known but none fits', async () => {
    const rejection = await rejectionOf(ingestWith().receive(delivery({ secret: 'whsec_someone_else' })));
    expect(rejection.message).toBe('The signature does not match the body');
  });

  it('still answers with the refusal when the store cannot record it, and logs why', async () => {
    class StoreThatCannotRecordRefusals extends WebhookEventStore {
      override async saveRejected(): Promise<string> {
        throw new Error('database is read-only');
      }
    }
    const { logger, errors } = errorLog();
    const sent = delivery({ headers: { 'content-type': 'text/plain' } });
    const rejection = await rejectionOf(ingestWith({ store: new StoreThatCannotRecordRefusals(database.db), logger }).receive(sent));
    expect(rejection.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(errors()).toEqual(['could not record a rejected webhook delivery']);
  });
});

describe('isStoredRedelivery (what the rate limit lets through)', () => {
  it('is true only for an authentic delivery of an event already stored', async () => {
    const ingest = ingestWith();
    const sent = delivery();
    expect(await ingest.isStoredRedelivery(sent)).toBe(false);
    await ingest.receive(sent);
    expect(await ingest.isStoredRedelivery(sent)).toBe(true);
  });

  it('is false for a body signed with another secret, even when its event id is stored', async () => {
    const ingest = ingestWith();
    const sent = delivery();
    await ingest.receive(sent);
    const forged = delivery({ body: new TextDecoder().decode(sent.body), secret: 'whsec_someone_else' });
    expect(await ingest.isStoredRedelivery(forged)).toBe(false);
  });

  it('is false for a signed body that is not a delivery', async () => {
    expect(await ingestWith().isStoredRedelivery(delivery({ body: 'not json' }))).toBe(false);
    expect(await ingestWith().isStoredRedelivery(delivery({ body: JSON.stringify({ id: 'x' }) }))).toBe(false);
  });

  it('passes on a store failure instead of answering for it', async () => {
    class StoreThatCannotLook extends WebhookEventStore {
      override async isStored(): Promise<boolean> {
        throw new Error('connection reset');
      }
    }
    const ingest = ingestWith({ store: new StoreThatCannotLook(database.db) });
    await expect(ingest.isStoredRedelivery(delivery())).rejects.toThrow('connection reset');
  });
});
