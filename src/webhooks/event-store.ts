import { randomUUID } from 'node:crypto';
import { sqlPool, type Db } from '../db/client.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { SignatureVerdict, WebhookEvent, WebhookEventOutcome } from '../generated/prisma/client.js';
import type { ParsedDelivery } from './delivery.js';

/**
 * The webhook_events table: every delivery is written here before it is answered, and applied from
 * here afterwards, so a crash in between loses nothing. The statements on the ingest and apply path
 * go straight to the pg pool: through Prisma they cost more CPU than the database work itself.
 */

export interface ClaimedEvent {
  id: string;
  type: string;
  rawBody: string;
  robawsClientId: string | null;
  robawsUpdatedAt: Date | null;
  /** Counting this claim. */
  attempts: number;
  /** Another event for the same client and Robaws updated-at was applied already. */
  hasAppliedTwin: boolean;
}

export interface StoredDelivery {
  id: string;
  /** True when this event id was stored before (a redelivery). */
  duplicate: boolean;
}

export interface BodyExcerpt {
  text: string;
  /** The body goes on past the excerpt. */
  truncated: boolean;
}

/** How an attempt ended, written back for the claim that made it. */
export type Settlement = Pick<ClaimedEvent, 'id' | 'attempts'> &
  (
    | { status: 'PROCESSED' | 'IGNORED'; outcome: WebhookEventOutcome; customerId: number | null; durationMs: number }
    | { status: 'RECEIVED'; error: string; nextAttemptAt: Date }
    | { status: 'FAILED'; error: string }
  );

const SAVE_DELIVERY_SQL = `
INSERT INTO webhook_events (id, event_id, type, robaws_client_id, robaws_updated_at, raw_body, body_bytes, headers, signature)
VALUES ($1::uuid, $2, $3, $4, $5::timestamptz, $6, octet_length($6), $7::jsonb, 'VALID')
ON CONFLICT (event_id) DO UPDATE SET deliveries = webhook_events.deliveries + 1
RETURNING id, deliveries > 1 AS duplicate`;

// Oldest first; SKIP LOCKED lets several replicas claim at once without waiting on or taking each
// other's rows. A PROCESSING event whose lease ran out (its process died applying it) is taken again.
// An UPDATE returns its rows in no particular order: the outer SELECT puts them back in the order
// received, which is the order the processor applies one client's events in.
export const CLAIM_SQL = `
WITH claimed AS (
  UPDATE webhook_events e
  SET status = 'PROCESSING', attempts = e.attempts + 1, next_attempt_at = now() + $2::int * interval '1 millisecond'
  WHERE e.id IN (
    SELECT id FROM webhook_events
    WHERE status IN ('RECEIVED', 'PROCESSING') AND coalesce(next_attempt_at, received_at) <= now()
    ORDER BY received_at
    LIMIT $1::int
    FOR UPDATE SKIP LOCKED
  )
  RETURNING e.id, e.type, e.raw_body AS "rawBody", e.robaws_client_id AS "robawsClientId",
    e.robaws_updated_at AS "robawsUpdatedAt", e.attempts, e.received_at,
    EXISTS (
      SELECT 1 FROM webhook_events t
      WHERE t.robaws_client_id = e.robaws_client_id AND t.robaws_updated_at = e.robaws_updated_at AND t.id <> e.id
        AND t.status IN ('PROCESSED', 'IGNORED') AND t.outcome IS DISTINCT FROM 'DUPLICATE'
    ) AS "hasAppliedTwin"
)
SELECT id, type, "rawBody", "robawsClientId", "robawsUpdatedAt", attempts, "hasAppliedTwin" FROM claimed ORDER BY received_at, id`;

// Guarded by the claim (status and attempts): a worker whose lease ran out and whose event was
// claimed again must not overwrite the newer attempt's result.
const SETTLE_SQL = `
UPDATE webhook_events e SET
  status = s.status::"WebhookEventStatus",
  outcome = s.outcome::"WebhookEventOutcome",
  customer_id = s."customerId",
  duration_ms = s."durationMs",
  error = s.error,
  next_attempt_at = s."nextAttemptAt",
  processed_at = CASE WHEN s.status = 'RECEIVED' THEN NULL ELSE now() END
FROM jsonb_to_recordset($1::jsonb) AS s(id uuid, attempts int, status text, outcome text, "customerId" int, "durationMs" int, error text, "nextAttemptAt" timestamptz)
WHERE e.id = s.id AND e.status = 'PROCESSING' AND e.attempts = s.attempts`;

const PRUNE_REJECTED_SQL = `
DELETE FROM webhook_events WHERE status = 'REJECTED' AND (
  received_at < now() - $1::bigint * interval '1 millisecond'
  OR id IN (SELECT id FROM webhook_events WHERE status = 'REJECTED' ORDER BY received_at DESC, id DESC OFFSET $2::int)
)`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class WebhookEventStore {
  constructor(private readonly db: Db) {}

  /** Stores an authentic delivery once per event id; a redelivery only counts itself. */
  async saveDelivery(delivery: ParsedDelivery, rawBody: string, headers: Record<string, string>): Promise<StoredDelivery> {
    const { rows } = await sqlPool(this.db).query<StoredDelivery>(SAVE_DELIVERY_SQL, [
      randomUUID(),
      delivery.eventId,
      delivery.type,
      delivery.robawsClientId,
      delivery.robawsUpdatedAt?.toISOString() ?? null,
      rawBody,
      JSON.stringify(headers),
    ]);
    return rows[0]!;
  }

  /**
   * Keeps a refused delivery for inspection. Its event id is not stored: an unauthenticated body must
   * not be able to take the id of a genuine event that arrives later. Older refusals past the
   * retention's age or count go at the same time, so the refused store stays bounded.
   */
  async saveRejected(
    rejected: { rawBody: string; bodyBytes: number; headers: Record<string, string>; signature: SignatureVerdict; error: string },
    retention: { keepMs: number; keepMax: number },
  ): Promise<string> {
    const row = await this.db.webhookEvent.create({ data: { ...rejected, status: 'REJECTED' }, select: { id: true } });
    await sqlPool(this.db).query(PRUNE_REJECTED_SQL, [retention.keepMs, retention.keepMax]);
    return row.id;
  }

  /** The first `chars` characters of each event's body, read in Postgres: a page of events never loads whole bodies. */
  async bodyExcerpts(ids: readonly string[], chars: number): Promise<Map<string, BodyExcerpt>> {
    const { rows } = await sqlPool(this.db).query<BodyExcerpt & { id: string }>(
      'SELECT id, left(raw_body, $2) AS text, length(left(raw_body, $2 + 1)) > $2 AS truncated FROM webhook_events WHERE id = ANY($1::uuid[])',
      [ids, chars],
    );
    return new Map(rows.map(({ id, ...excerpt }) => [id, excerpt]));
  }

  /** One event's whole body (of a refused delivery: the excerpt that was kept). */
  async body(id: string): Promise<string> {
    const event = UUID.test(id) ? await this.db.webhookEvent.findUnique({ where: { id }, select: { rawBody: true } }) : null;
    if (!event) throw new NotFoundError('Webhook event', id);
    return event.rawBody;
  }

  async isStored(eventId: string): Promise<boolean> {
    return (await this.db.webhookEvent.count({ where: { eventId } })) > 0;
  }

  /** Takes up to `limit` events due for applying, for `leaseMs`. */
  async claim(limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
    const { rows } = await sqlPool(this.db).query<ClaimedEvent>(CLAIM_SQL, [limit, leaseMs]);
    return rows;
  }

  /** Records how each attempt ended, in one statement. */
  async settle(settlements: readonly Settlement[]): Promise<void> {
    if (settlements.length === 0) return;
    await sqlPool(this.db).query(SETTLE_SQL, [JSON.stringify(settlements)]);
  }

  async customerIdOf(robawsClientId: string): Promise<number | null> {
    const customer = await this.db.customer.findUnique({ where: { robawsClientId }, select: { id: true } });
    return customer?.id ?? null;
  }

  /** Events stored and not applied yet, and the age of the oldest in seconds (0 when none waits). */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const { rows } = await sqlPool(this.db).query<{ pending: number; oldestAgeSeconds: number }>(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(received_at)), 0)::float8 AS "oldestAgeSeconds"
       FROM webhook_events WHERE status IN ('RECEIVED', 'PROCESSING')`,
    );
    return rows[0]!;
  }

  /** Queues a stored event to be applied again, with a fresh set of attempts. */
  async replay(id: string): Promise<WebhookEvent> {
    if (!UUID.test(id)) throw new NotFoundError('Webhook event', id);
    const event = await this.db.webhookEvent.findUnique({ where: { id }, select: { status: true, signature: true } });
    if (!event) throw new NotFoundError('Webhook event', id);
    if (event.status === 'REJECTED') {
      throw new ValidationError([{ path: 'id', message: `Event ${id} was rejected (signature ${event.signature}); only authentic events are applied` }]);
    }
    const { count } = await this.db.webhookEvent.updateMany({
      where: { id, status: { in: ['PROCESSED', 'IGNORED', 'FAILED'] } },
      data: { status: 'RECEIVED', attempts: 0, error: null, outcome: null, nextAttemptAt: null, processedAt: null, durationMs: null },
    });
    if (count === 0) throw new ValidationError([{ path: 'id', message: `Event ${id} is waiting to be applied already` }]);
    return this.db.webhookEvent.findUniqueOrThrow({ where: { id } });
  }
}
