import { backoffDelayMs, forEachConcurrently } from '../concurrency.js';
import { describeError } from '../errors.js';
import type { WebhookEventOutcome } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import type { RobawsClientRecord } from '../robaws/client.js';
import { RobawsNotFoundError } from '../robaws/errors.js';
import type { AppliedRecord, StartedSync, StartSyncOptions } from '../sync/sync-service.js';
import { parseDelivery } from './delivery.js';
import type { ClaimedEvent, Settlement, WebhookEventStore } from './event-store.js';

/**
 * Applies stored webhook events through the sync engine, after they were answered: claimed in
 * batches (several replicas never take the same event), one client's events in the order received,
 * failures retried with exponential backoff until the last attempt leaves the event FAILED.
 */

/** What the processor uses of the sync engine (SyncService). */
export interface WebhookSyncEngine {
  applyClientRecord(record: RobawsClientRecord): Promise<AppliedRecord>;
  start(options: StartSyncOptions): Promise<StartedSync>;
}

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
    const events = await store.claim(settings.concurrency * 4, settings.leaseMs);
    const byClient = new Map<string, ClaimedEvent[]>();
    for (const event of events) {
      const key = event.robawsClientId ?? event.id;
      const queue = byClient.get(key);
      if (queue) queue.push(event);
      else byClient.set(key, [event]);
    }
    const settlements: Settlement[] = [];
    // Clients in parallel, each client's events in the order received; processEvent never throws.
    await forEachConcurrently([...byClient.values()], settings.concurrency, async (queue) => {
      const appliedVersions: AppliedVersions = new Map();
      for (const event of queue) settlements.push(await this.processEvent(event, appliedVersions));
    });
    await store.settle(settlements);
    this.deps.onSettled?.(settlements);
    const retries = settlements.flatMap((settlement) => (settlement.status === 'RECEIVED' ? [settlement.nextAttemptAt.getTime()] : []));
    if (retries.length > 0) this.wakeAfter(Math.min(...retries) - Date.now());
    return events.length;
  }

  private async processEvent(event: ClaimedEvent, appliedVersions: AppliedVersions): Promise<Settlement> {
    const { logger, settings } = this.deps;
    const log = logger.child({ webhookEventId: event.id, type: event.type, robawsClientId: event.robawsClientId, attempt: event.attempts });
    const claim = { id: event.id, attempts: event.attempts };
    if (event.attempts > settings.maxAttempts) {
      // Claimed this often without an answer: each process applying it stopped before it was done.
      log.error({}, 'webhook event failed: every attempt stopped before it finished');
      return { ...claim, status: 'FAILED', error: `Gave up after ${settings.maxAttempts} attempts that did not finish` };
    }
    const startedAt = performance.now();
    try {
      const result = await this.apply(event, appliedVersions);
      log.debug({ outcome: result.outcome, customerId: result.customerId }, 'webhook event applied');
      return { ...claim, ...result, durationMs: Math.round(performance.now() - startedAt) };
    } catch (error) {
      const message = describeError(error);
      if (event.attempts >= settings.maxAttempts) {
        log.error({ err: error }, 'webhook event failed after its last attempt');
        return { ...claim, status: 'FAILED', error: message };
      }
      const delayMs = backoffDelayMs(event.attempts, settings);
      log.warn({ err: error, retryInMs: delayMs }, 'webhook event failed; will retry');
      return { ...claim, status: 'RECEIVED', error: message, nextAttemptAt: new Date(Date.now() + delayMs) };
    }
  }

  private async apply(event: ClaimedEvent, appliedVersions: AppliedVersions): Promise<EventResult> {
    const { store, sync } = this.deps;
    const delivery = parseDelivery(event.rawBody);
    const version = delivery.robawsUpdatedAt?.getTime();
    if (version !== undefined && appliedVersions.has(version)) {
      return { status: 'IGNORED', outcome: 'DUPLICATE', customerId: appliedVersions.get(version) ?? null };
    }
    if (event.hasAppliedTwin) return { status: 'IGNORED', outcome: 'DUPLICATE', customerId: await store.customerIdOf(delivery.robawsClientId) };
    let result: EventResult;
    if (delivery.type === 'client.deleted') result = await this.applyDeletion(delivery.robawsClientId);
    else {
      const applied = await sync.applyClientRecord(delivery.record);
      const outcome = OUTCOMES[applied.outcome];
      result = { status: outcome === 'STALE' ? 'IGNORED' : 'PROCESSED', outcome, customerId: applied.customerId };
    }
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
