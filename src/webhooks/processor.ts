import { backoffDelayMs, forEachConcurrently } from '../concurrency.js';
import { describeError } from '../errors.js';
import type { WebhookEventOutcome } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import type { RobawsClientRecord } from '../robaws/client.js';
import { RobawsNotFoundError } from '../robaws/errors.js';
import type { AppliedRecord, StartedSync, StartSyncOptions } from '../sync/sync-service.js';
import { parseDelivery, type ParsedDelivery } from './delivery.js';
import type { ClaimedEvent, Settlement, WebhookEventStore } from './event-store.js';

/**
 * Applies stored webhook events through the sync engine, after they were answered: claimed in
 * batches (several replicas never take the same event), failures retried with exponential backoff
 * until the last attempt leaves the event FAILED. A batch's created and updated clients are written
 * together in one order-safe write, as fast as they arrive: of one client's versions the newest
 * wins and an older one is STALE, the same version twice is a DUPLICATE. A client with a deletion
 * in the batch has its events applied one by one, in the order received.
 */

/** What the processor uses of the sync engine (SyncService). */
export interface WebhookSyncEngine {
  applyClientRecords(records: readonly RobawsClientRecord[]): Promise<AppliedRecord[]>;
  start(options: StartSyncOptions): Promise<StartedSync>;
}

/** Events claimed at once: one write applies them. */
export const WEBHOOK_BATCH_SIZE = 500;

export interface WebhookProcessorSettings {
  maxAttempts: number;
  /** Exponential backoff between attempts (see backoffDelayMs). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Events applied at once (different clients only). */
  concurrency: number;
  /** How long a claimed event is left to its process before another may take it. */
  leaseMs: number;
  /** How often to look for events due for a retry or stored by another replica. */
  pollIntervalMs: number;
}

interface EventResult {
  status: 'PROCESSED' | 'IGNORED';
  outcome: WebhookEventOutcome;
  customerId: number | null;
}

/** One client's Robaws updated-at values applied in this batch, with the customer each touched. */
type AppliedVersions = Map<number, number | null>;

interface ParsedEvent {
  event: ClaimedEvent;
  delivery: ParsedDelivery;
}

function resultOf(applied: AppliedRecord): EventResult {
  const outcome = OUTCOMES[applied.outcome];
  return { status: outcome === 'STALE' ? 'IGNORED' : 'PROCESSED', outcome, customerId: applied.customerId };
}

const OUTCOMES: Record<AppliedRecord['outcome'], EventResult['outcome']> = {
  created: 'CREATED',
  updated: 'UPDATED',
  unchanged: 'UNCHANGED',
  merged: 'MERGED',
  stale: 'STALE',
};

export class WebhookProcessor {
  private timer: NodeJS.Timeout | null = null;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private pumping: Promise<void> | null = null;
  private wanted = false;
  private running = false;

  constructor(
    private readonly deps: {
      store: WebhookEventStore;
      sync: WebhookSyncEngine;
      logger: Logger;
      settings: WebhookProcessorSettings;
      /** Told how each batch's attempts ended, once recorded (metrics). */
      onSettled?: (settlements: readonly Settlement[]) => void;
    },
  ) {}

  /** Applies what is pending now (events stored before a crash included), then keeps applying as events arrive. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.timer = setInterval(() => this.notify(), this.deps.settings.pollIntervalMs);
    this.timer.unref();
    this.notify();
  }

  /** Something was stored: apply it soon. */
  notify(): void {
    if (!this.running) return;
    this.wanted = true;
    this.pumping ??= this.pump().finally(() => {
      this.pumping = null;
      if (this.wanted) this.notify();
    });
  }

  /** Stops claiming and waits for the events under way. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await this.pumping;
  }

  /** A retry due sooner than the next poll is not left waiting for it. */
  private wakeAfter(delayMs: number): void {
    if (!this.running || delayMs >= this.deps.settings.pollIntervalMs) return;
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.notify();
    }, delayMs);
    timer.unref();
    this.retryTimers.add(timer);
  }

  private async pump(): Promise<void> {
    while (this.wanted && this.running) {
      this.wanted = false;
      try {
        while (this.running && (await this.processBatch()) > 0);
      } catch (error) {
        // The events stay stored; the next poll tries again.
        this.deps.logger.error({ err: error }, 'could not claim or record webhook events');
      }
    }
  }

  /** Claims one batch, applies it, and records the outcomes in one statement; answers how many events it claimed. */
  private async processBatch(): Promise<number> {
    const { store, settings } = this.deps;
    const events = await store.claim(WEBHOOK_BATCH_SIZE, settings.leaseMs);
    const settlements: Settlement[] = [];
    const byClient = new Map<string, ParsedEvent[]>();
    for (const event of events) {
      if (event.attempts > settings.maxAttempts) {
        // Claimed this often without an answer: each process applying it stopped before it was done.
        this.logOf(event).error({}, 'webhook event failed: every attempt stopped before it finished');
        settlements.push({ id: event.id, attempts: event.attempts, status: 'FAILED', error: `Gave up after ${settings.maxAttempts} attempts that did not finish` });
        continue;
      }
      let delivery: ParsedDelivery;
      try {
        delivery = parseDelivery(event.rawBody);
      } catch (error) {
        settlements.push(this.failure(event, error));
        continue;
      }
      const queue = byClient.get(delivery.robawsClientId);
      if (queue) queue.push({ event, delivery });
      else byClient.set(delivery.robawsClientId, [{ event, delivery }]);
    }
    const queues = [...byClient.values()];
    const oneByOne = queues.filter((queue) => queue.some(({ delivery }) => delivery.type === 'client.deleted'));
    settlements.push(...(await this.applyTogether(queues.filter((queue) => !oneByOne.includes(queue)).flat())));
    await forEachConcurrently(oneByOne, settings.concurrency, async (queue) => {
      const appliedVersions: AppliedVersions = new Map();
      for (const { event } of queue) settlements.push(await this.processEvent(event, appliedVersions));
    });
    await store.settle(settlements);
    this.deps.onSettled?.(settlements);
    const retries = settlements.flatMap((settlement) => (settlement.status === 'RECEIVED' ? [settlement.nextAttemptAt.getTime()] : []));
    if (retries.length > 0) this.wakeAfter(Math.min(...retries) - Date.now());
    return events.length;
  }

  /** Created and updated clients in one write. A failed write is a failed attempt for each of its events. */
  private async applyTogether(parsed: readonly ParsedEvent[]): Promise<Settlement[]> {
    const { sync, store } = this.deps;
    const startedAt = performance.now();
    const written: ParsedEvent[] = [];
    const twins: Array<{ twin: ParsedEvent; of: ParsedEvent | null }> = [];
    const versions = new Map<string, ParsedEvent>();
    for (const item of parsed) {
      const version = item.delivery.robawsUpdatedAt?.getTime();
      const key = `${item.delivery.robawsClientId}@${version}`;
      const earlier = version === undefined ? undefined : versions.get(key);
      if (earlier) twins.push({ twin: item, of: earlier });
      else if (item.event.hasAppliedTwin) twins.push({ twin: item, of: null });
      else {
        written.push(item);
        if (version !== undefined) versions.set(key, item);
      }
    }
    const results = new Map<ParsedEvent, EventResult>();
    try {
      const applied = written.length > 0 ? await sync.applyClientRecords(written.map(({ delivery }) => (delivery as Extract<ParsedDelivery, { record: unknown }>).record)) : [];
      written.forEach((item, index) => results.set(item, resultOf(applied[index]!)));
      for (const { twin, of } of twins) {
        const customerId = of ? (results.get(of)?.customerId ?? null) : await store.customerIdOf(twin.delivery.robawsClientId);
        results.set(twin, { status: 'IGNORED', outcome: 'DUPLICATE', customerId });
      }
    } catch (error) {
      return parsed.map(({ event }) => this.failure(event, error));
    }
    const durationMs = Math.round(performance.now() - startedAt);
    return parsed.map((item) => {
      const { event } = item;
      const result = results.get(item)!;
      this.logOf(event).debug({ outcome: result.outcome, customerId: result.customerId }, 'webhook event applied');
      return { id: event.id, attempts: event.attempts, ...result, durationMs };
    });
  }

  /** A client whose events include a deletion: one event at a time, in the order received. */
  private async processEvent(event: ClaimedEvent, appliedVersions: AppliedVersions): Promise<Settlement> {
    const startedAt = performance.now();
    try {
      const result = await this.apply(event, appliedVersions);
      this.logOf(event).debug({ outcome: result.outcome, customerId: result.customerId }, 'webhook event applied');
      return { id: event.id, attempts: event.attempts, ...result, durationMs: Math.round(performance.now() - startedAt) };
    } catch (error) {
      return this.failure(event, error);
    }
  }

  /** A failed attempt: retried after a backoff, or FAILED after the last one. */
  private failure(event: ClaimedEvent, error: unknown): Settlement {
    const { settings } = this.deps;
    const log = this.logOf(event);
    const claim = { id: event.id, attempts: event.attempts };
    const message = describeError(error);
    if (event.attempts >= settings.maxAttempts) {
      log.error({ err: error }, 'webhook event failed after its last attempt');
      return { ...claim, status: 'FAILED', error: message };
    }
    const delayMs = backoffDelayMs(event.attempts, settings);
    log.warn({ err: error, retryInMs: delayMs }, 'webhook event failed; will retry');
    return { ...claim, status: 'RECEIVED', error: message, nextAttemptAt: new Date(Date.now() + delayMs) };
  }

  private logOf(event: ClaimedEvent): Logger {
    return this.deps.logger.child({ webhookEventId: event.id, type: event.type, robawsClientId: event.robawsClientId, attempt: event.attempts });
  }

  private async apply(event: ClaimedEvent, appliedVersions: AppliedVersions): Promise<EventResult> {
    const { store, sync } = this.deps;
    const delivery = parseDelivery(event.rawBody);
    const version = delivery.robawsUpdatedAt?.getTime();
    if (version !== undefined && appliedVersions.has(version)) {
      return { status: 'IGNORED', outcome: 'DUPLICATE', customerId: appliedVersions.get(version) ?? null };
    }
    if (event.hasAppliedTwin) return { status: 'IGNORED', outcome: 'DUPLICATE', customerId: await store.customerIdOf(delivery.robawsClientId) };
    const result = delivery.type === 'client.deleted' ? await this.applyDeletion(delivery.robawsClientId) : resultOf((await sync.applyClientRecords([delivery.record]))[0]!);
    if (version !== undefined) appliedVersions.set(version, result.customerId);
    return result;
  }

  /** Robaws is asked whether the client is gone; the engine's single sync marks it gone on a 404 (or refreshes it). */
  private async applyDeletion(robawsClientId: string): Promise<EventResult> {
    const { sync, store } = this.deps;
    const started = await sync.start({ kind: 'SINGLE', trigger: 'WEBHOOK', robawsClientId });
    const { run, error } = await started.completion;
    if (run.status === 'SUCCEEDED') {
      const outcome = run.created > 0 ? 'CREATED' : run.updated > 0 ? 'UPDATED' : 'UNCHANGED';
      return { status: 'PROCESSED', outcome, customerId: await store.customerIdOf(robawsClientId) };
    }
    if (error instanceof RobawsNotFoundError) return { status: 'PROCESSED', outcome: 'GONE', customerId: await store.customerIdOf(robawsClientId) };
    throw error ?? new Error(run.error ?? 'The single sync did not succeed');
  }
}
