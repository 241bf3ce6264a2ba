import { DomainError } from '../errors.js';
import type { RobawsClientRecord } from '../robaws/client.js';
import { formatZodIssues } from '../robaws/responses.js';
import { robawsClientSchema, robawsWebhookDeliverySchema } from '../robaws/types.js';

/**
 * What a webhook delivery's bytes mean, and the typed reasons one is refused. Pure: the route and the
 * processor both read a body through here, so a stored event is applied exactly as it was accepted.
 */

export const WEBHOOK_PATH = '/api/webhooks/robaws/customers';
export const WEBHOOK_MAX_BODY_BYTES = 1024 * 1024;

/** `client.deleted` is not sent by Robaws today (docs/robaws-api.md); it is handled should that change. */
const HANDLED_EVENT_TYPES = ['client.created', 'client.updated', 'client.deleted'] as const;

const REJECTION_STATUS = {
  METHOD_NOT_ALLOWED: 405,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BODY_TOO_LARGE: 413,
  SIGNATURE_MISSING: 401,
  SIGNATURE_MALFORMED: 401,
  SIGNATURE_EXPIRED: 401,
  SIGNATURE_MISMATCH: 401,
  INCOMPLETE_BODY: 400,
  INVALID_ENCODING: 400,
  INVALID_JSON: 400,
  INVALID_PAYLOAD: 422,
  UNKNOWN_EVENT_TYPE: 422,
  RATE_LIMITED: 429,
  STORE_UNAVAILABLE: 503,
} as const;
export type WebhookRejectionCode = keyof typeof REJECTION_STATUS;

/** A delivery we refuse, with the HTTP status that says why. */
export class WebhookRejection extends DomainError {
  override name = 'WebhookRejection';
  override readonly code: WebhookRejectionCode;
  readonly status: number;
  constructor(
    code: WebhookRejectionCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.code = code;
    this.status = REJECTION_STATUS[code];
  }
}

interface DeliveryBase {
  eventId: string;
  robawsClientId: string;
  robawsUpdatedAt: Date | null;
}

export type ParsedDelivery =
  | (DeliveryBase & { type: 'client.created' | 'client.updated'; record: RobawsClientRecord })
  | (DeliveryBase & { type: 'client.deleted' });

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

export function decodeBody(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new WebhookRejection('INVALID_ENCODING', 'The body is not valid UTF-8');
  }
}

/** What is kept of a refused delivery's body: enough to see what it was, never enough to fill the disk. */
export const REFUSED_BODY_EXCERPT_BYTES = 4096;

/**
 * The start of a refused body as Postgres text can keep it: undecodable bytes and NUL (which text
 * columns refuse) become U+FFFD.
 */
export function bodyExcerpt(bytes: Uint8Array): string {
  return lenientUtf8.decode(bytes.subarray(0, REFUSED_BODY_EXCERPT_BYTES)).replaceAll('\u0000', '\uFFFD');
}

export function isJsonMediaType(contentType: string | null): boolean {
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType === 'application/json' || /^application\/[\w.+-]+\+json$/.test(mediaType);
}

export function parseDelivery(body: string): ParsedDelivery {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new WebhookRejection('INVALID_JSON', `The body is not JSON: ${(error as Error).message}`);
  }
  const envelope = robawsWebhookDeliverySchema.safeParse(json);
  if (!envelope.success) throw new WebhookRejection('INVALID_PAYLOAD', `The body is not a Robaws delivery {id, event, data}: ${formatZodIssues(envelope.error.issues)}`);
  const { id: eventId, event, data } = envelope.data;
  if (!(HANDLED_EVENT_TYPES as readonly string[]).includes(event)) {
    throw new WebhookRejection('UNKNOWN_EVENT_TYPE', `Event type "${event}" is not handled here (expected ${HANDLED_EVENT_TYPES.join(', ')})`);
  }
  if (event === 'client.deleted') return { type: event, eventId, robawsClientId: data.id, robawsUpdatedAt: null };
  const client = robawsClientSchema.safeParse(data);
  if (!client.success) throw new WebhookRejection('INVALID_PAYLOAD', `data is not a Robaws client: ${formatZodIssues(client.error.issues)}`);
  const raw = (json as { data: Record<string, unknown> }).data;
  return {
    type: event as 'client.created' | 'client.updated',
    eventId,
    robawsClientId: client.data.id,
    robawsUpdatedAt: client.data.updatedAt ? new Date(client.data.updatedAt) : null,
    record: { client: client.data, raw },
  };
}
