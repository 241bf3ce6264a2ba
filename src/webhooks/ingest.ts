import type { SignatureVerdict } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, verifySignature } from '../robaws/signature.js';
import { bodyExcerpt, decodeBody, isJsonMediaType, parseDelivery, WebhookRejection } from './delivery.js';
import type { StoredDelivery, WebhookEventStore } from './event-store.js';
import type { SourceRateLimiter } from './rate-limiter.js';
import type { WebhookSecrets } from './secrets.js';

/**
 * Takes a delivery from the route: checks that it is authentic and well-formed, and stores it. A
 * refusal is thrown as a WebhookRejection and recorded (as REJECTED, with an excerpt of its body,
 * never applied), as long as its source stays within the refusals recorded per minute.
 */

export interface IncomingDelivery {
  /** The body exactly as received; of a delivery refused on its header or its size, the part that was read. */
  body: Uint8Array;
  /** The body's full size in bytes, read or not. */
  bodyBytes: number;
  /** Lower-case names; what is stored with the event. */
  headers: Record<string, string>;
  /** The sender's address: refusals are recorded within a budget per source. */
  source: string;
}

/** A signature that does not match is checked once more against freshly loaded secrets, at most this often. */
const SECRET_RELOAD_MIN_AGE_MS = 1_000;

export class WebhookIngest {
  constructor(
    private readonly deps: {
      store: WebhookEventStore;
      secrets: WebhookSecrets;
      /** How many refusals per source are recorded; past it they are answered, not stored. */
      refusalRecorder: SourceRateLimiter;
      refusalRetention: { keepMs: number; keepMax: number };
      /** Called once an event is stored, to have it applied. */
      onStored: () => void;
      logger: Logger;
    },
  ) {}

  async receive(delivery: IncomingDelivery): Promise<StoredDelivery> {
    const verdict = await this.verify(delivery);
    if (!isJsonMediaType(delivery.headers['content-type'] ?? null)) {
      return this.refuse(delivery, new WebhookRejection('UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json'), verdict);
    }
    if (verdict !== 'VALID') return this.refuse(delivery, await this.signatureRejection(verdict), verdict);
    let text: string;
    let parsed: ReturnType<typeof parseDelivery>;
    try {
      text = decodeBody(delivery.body);
      parsed = parseDelivery(text);
    } catch (error) {
      if (error instanceof WebhookRejection) return this.refuse(delivery, error, verdict);
      throw error;
    }
    const stored = await this.deps.store.saveDelivery(parsed, text, delivery.headers);
    this.deps.onStored();
    if (stored.duplicate) this.deps.logger.info({ webhookEventId: stored.id, eventId: parsed.eventId }, 'webhook event delivered again; stored once');
    return stored;
  }

  /** Records a refused delivery (within its source's budget), then throws the rejection. */
  async refuse(delivery: IncomingDelivery, rejection: WebhookRejection, verdict?: SignatureVerdict): Promise<never> {
    const signature = verdict ?? (await this.verify(delivery));
    const { source } = delivery;
    if (this.deps.refusalRecorder.take(source) !== null) {
      this.deps.logger.debug({ code: rejection.code, signature, source }, 'webhook delivery rejected; not recorded (its source is over the refusals recorded per minute)');
      throw rejection;
    }
    this.deps.logger.warn({ code: rejection.code, status: rejection.status, signature, source, reason: rejection.message }, 'webhook delivery rejected');
    try {
      await this.deps.store.saveRejected(
        { rawBody: bodyExcerpt(delivery.body), bodyBytes: delivery.bodyBytes, headers: delivery.headers, signature, error: `${rejection.code}: ${rejection.message}` },
        this.deps.refusalRetention,
      );
    } catch (error) {
      // The sender gets its 4xx all the same; the log line above keeps the reason.
      this.deps.logger.error({ err: error }, 'could not record a rejected webhook delivery');
    }
    throw rejection;
  }

  /** Whether this is an authentic delivery of an event already stored: it is acknowledged even past the rate limit. */
  async isStoredRedelivery(delivery: IncomingDelivery): Promise<boolean> {
    if ((await this.verify(delivery)) !== 'VALID') return false;
    try {
      const parsed = parseDelivery(decodeBody(delivery.body));
      return await this.deps.store.isStored(parsed.eventId);
    } catch (error) {
      if (error instanceof WebhookRejection) return false;
      throw error;
    }
  }

  private async verify(delivery: IncomingDelivery): Promise<SignatureVerdict> {
    const { secrets } = this.deps;
    const check = async () => verifySignature({ header: delivery.headers[SIGNATURE_HEADER], rawBody: delivery.body, secrets: await secrets.current() });
    const verdict = await check();
    // Another process may have registered an endpoint (and its secret) since we last looked.
    if (verdict === 'MISMATCH' && (await secrets.refreshIfOlderThan(SECRET_RELOAD_MIN_AGE_MS))) return check();
    return verdict;
  }

  private async signatureRejection(verdict: Exclude<SignatureVerdict, 'VALID'>): Promise<WebhookRejection> {
    const messages: Record<typeof verdict, string> = {
      MISSING: `The ${SIGNATURE_HEADER} header is missing`,
      MALFORMED: `The ${SIGNATURE_HEADER} header is not "t=<unix seconds>,v1=<hex>"`,
      EXPIRED: `The signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} seconds away from now`,
      MISMATCH: 'The signature does not match the body',
    };
    const noSecret = verdict === 'MISMATCH' && (await this.deps.secrets.current()).length === 0;
    const message = noSecret
      ? 'No webhook secret is known: register the endpoint (npm run webhooks:register) or set ROBAWS_WEBHOOK_SECRET'
      : messages[verdict];
    return new WebhookRejection(`SIGNATURE_${verdict}`, message);
  }
}
