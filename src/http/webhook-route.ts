import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../log.js';
import { SIGNATURE_HEADER, signatureHeaderVerdict } from '../robaws/signature.js';
import { REFUSED_BODY_EXCERPT_BYTES, WEBHOOK_MAX_BODY_BYTES, WEBHOOK_PATH, WebhookRejection } from '../webhooks/delivery.js';
import type { IncomingDelivery } from '../webhooks/ingest.js';
import type { Webhooks } from '../webhooks/webhooks.js';

/**
 * `POST /api/webhooks/robaws/customers`, served ahead of GraphQL (a Yoga plugin, so `app.fetch` and the
 * node server both have it). The body is read as bytes (the signature covers them exactly), stored,
 * and answered 202; the event is applied afterwards. Every failure is a 4xx (or a 503 when the
 * database cannot take the event, so that Robaws sends it again), never a 500.
 */

/** Headers not worth keeping with the event, or not ours to keep. */
const UNSTORED_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
/** A refused body past the limit is still drained up to here, so that the sender reads our answer instead of a reset. */
const MAX_DRAINED_BYTES = 16 * WEBHOOK_MAX_BODY_BYTES;
const STORE_RETRY_AFTER_SECONDS = 5;

type Ingest = Pick<Webhooks, 'ingest' | 'rateLimiter'>;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

function rejectionResponse(rejection: WebhookRejection): Response {
  const headers: Record<string, string> = {};
  if (rejection.retryAfterSeconds !== undefined) headers['retry-after'] = String(rejection.retryAfterSeconds);
  if (rejection.code === 'METHOD_NOT_ALLOWED') headers.allow = 'POST';
  return json(rejection.status, { error: { code: rejection.code, message: rejection.message } }, headers);
}

function storedHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!UNSTORED_HEADERS.has(name)) kept[name] = value;
  });
  return kept;
}

/** The body's first `keep` bytes, and how many bytes it had (counted up to the drain limit). */
async function readBody(request: Request, keep: number): Promise<{ bytes: Uint8Array; seen: number }> {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  let seen = 0;
  if (request.body) {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      seen += chunk.byteLength;
      if (kept < keep) {
        const part = chunk.subarray(0, keep - kept);
        chunks.push(part);
        kept += part.byteLength;
      }
      if (seen > MAX_DRAINED_BYTES) break;
    }
  }
  return { bytes: Buffer.concat(chunks), seen };
}

function sourceOf(serverContext: unknown): string {
  return (serverContext as { req?: IncomingMessage }).req?.socket.remoteAddress ?? 'unknown';
}

async function handleWebhookRequest(request: Request, source: string, deps: Ingest & { logger: Logger }): Promise<Response> {
  const { ingest, rateLimiter, logger } = deps;
  if (request.method !== 'POST') {
    logger.warn({ method: request.method, source }, 'webhook route called with a method other than POST');
    return rejectionResponse(new WebhookRejection('METHOD_NOT_ALLOWED', `${request.method} is not allowed here; Robaws delivers with POST`));
  }
  const declaredLength = Number(request.headers.get('content-length') ?? 0);
  // A delivery its signature header already refuses is read for an excerpt only: nothing big of it is kept.
  const refusedOnHeader = signatureHeaderVerdict(request.headers.get(SIGNATURE_HEADER)) !== null;
  let delivery: IncomingDelivery;
  let tooLarge: boolean;
  try {
    const body = await readBody(request, refusedOnHeader ? REFUSED_BODY_EXCERPT_BYTES : WEBHOOK_MAX_BODY_BYTES);
    delivery = { body: body.bytes, bodyBytes: body.seen, headers: storedHeaders(request.headers), source };
    tooLarge = !refusedOnHeader && (body.seen > WEBHOOK_MAX_BODY_BYTES || declaredLength > WEBHOOK_MAX_BODY_BYTES);
  } catch (error) {
    logger.warn({ err: error, source }, 'webhook body could not be read (the sender went away?)');
    return rejectionResponse(new WebhookRejection('INCOMPLETE_BODY', 'The body could not be read to its end'));
  }
  try {
    const retryAfterSeconds = rateLimiter.take(source);
    if (retryAfterSeconds !== null) {
      // A redelivery of what we hold already costs nothing and must not be bounced back into Robaws' retries.
      if (!tooLarge && (await ingest.isStoredRedelivery(delivery))) return json(202, { received: true, duplicate: true });
      logger.warn({ source, retryAfterSeconds }, 'webhook source over its rate limit: asked to retry later');
      return rejectionResponse(new WebhookRejection('RATE_LIMITED', 'Too many deliveries from this source; retry later', retryAfterSeconds));
    }
    if (tooLarge) {
      await ingest.refuse(delivery, new WebhookRejection('BODY_TOO_LARGE', `The body is over ${WEBHOOK_MAX_BODY_BYTES} bytes`));
    }
    const stored = await ingest.receive(delivery);
    return json(202, { received: true, id: stored.id, duplicate: stored.duplicate });
  } catch (error) {
    if (error instanceof WebhookRejection) return rejectionResponse(error);
    logger.error({ err: error, source }, 'webhook delivery could not be stored; the sender is asked to retry');
    return rejectionResponse(new WebhookRejection('STORE_UNAVAILABLE', 'The event could not be stored; send it again', STORE_RETRY_AFTER_SECONDS));
  }
}

export function webhookRoute(deps: Ingest & { logger: Logger }): Plugin {
  const logger = deps.logger.child({ route: WEBHOOK_PATH });
  return {
    async onRequest({ request, url, serverContext, endResponse }) {
      if (url.pathname !== WEBHOOK_PATH) return;
      endResponse(await handleWebhookRequest(request, sourceOf(serverContext), { ...deps, logger }));
    },
  };
}
