import { forEachConcurrently, forEachReadingAhead } from '../concurrency.js';
import { contentHashOf, dedupeByClientId, diffSyncedFields, serializedOf, toCustomerRecord, type CustomerRecord, type SerializedRecord } from '../customers/customer-record.js';
import { loadStoredCustomers, markCustomersGone, needsWriting, storeCustomerRecords, storedContentHashes, storedStates, storedVersionsOf, type StoreSummary } from '../customers/customer-writer.js';
import type { NormalizeOptions } from '../customers/normalize.js';
import type { Db } from '../db/client.js';
import { describeError } from '../errors.js';
import type { Logger } from '../log.js';
import type { RobawsApi, RobawsClientPage, RobawsClientRecord } from '../robaws/client.js';
import { RobawsNotFoundError } from '../robaws/errors.js';
import { SyncCancelledError, type Checkpoint, type PassResult, type RunContext } from './run-context.js';
import type { RecordFailure, RunCounts, RunStore } from './run-recorder.js';

/**
 * Reading from Robaws into the customer list: full and incremental passes page by page (several
 * pages at once, each written as it arrives), a single client, and clients Robaws sends us (webhooks).
 * Marks are taken in Robaws' time, never ours: a clock that differs between us cannot lose a change.
 */

export interface PullSettings {
  pageSize: number;
  pageConcurrency: number;
  writeBatchSize: number;
  /** Incremental runs ask for changes since the last mark minus this, to absorb clock skew. */
  incrementalOverlapMs: number;
}

export interface AppliedRecord {
  customerId: number | null;
  outcome: 'created' | 'updated' | 'unchanged' | 'stale' | 'merged';
}

/** A page as read, with the ids of the clients it held unchanged (known by their stored hash, not parsed). */
type ReadPage = RobawsClientPage & { knownIds: string[] };

const DRY_RUN_SAMPLE_SIZE = 10;
export const DRY_RUN_MAX_CHANGES = 200;

export class Puller {
  constructor(
    private readonly deps: {
      db: Db;
      robaws: RobawsApi;
      store: RunStore;
      logger: Logger;
      settings: PullSettings;
      normalize: NormalizeOptions;
      now: () => Date;
    },
  ) {}

  /**
   * Reads every page. Incremental runs ask Robaws only for clients changed since the last mark; without
   * one they read everything. A full pass that completes marks what it did not see as gone.
   */
  async paged(context: RunContext, kind: 'FULL' | 'INCREMENTAL'): Promise<PassResult> {
    const { store, settings, logger } = this.deps;
    const previousMark = kind === 'INCREMENTAL' ? await store.lastHighWaterMark() : null;
    if (kind === 'INCREMENTAL' && !previousMark) logger.info({ runId: context.run.id }, 'no earlier successful sync: the incremental run reads every client');
    const checkpoint = context.run.checkpoint as unknown as Checkpoint | null;
    const updatedFrom = previousMark ? new Date(previousMark.getTime() - settings.incrementalOverlapMs) : undefined;
    const passStartedAt = await this.readPages(context, { updatedFrom, firstPage: checkpoint?.nextPage ?? 0, resumedPassStartedAt: checkpoint ? new Date(checkpoint.passStartedAt) : null });
    if (context.tracksSeen) await this.markUnseenAsGone(context);
    // A pass without a mark saw everything up to its start; changes made while it ran are caught by the next run.
    if (!previousMark) return { highWaterMark: passStartedAt };
    return { highWaterMark: context.newestSeen && context.newestSeen > previousMark ? context.newestSeen : previousMark };
  }

  async single(context: RunContext, robawsClientId: string): Promise<PassResult> {
    await context.recorder.update({ pagesTotal: 1 });
    let record: RobawsClientRecord;
    try {
      record = await this.deps.robaws.getClient(robawsClientId, { signal: context.signal });
    } catch (error) {
      // Only a real 404 means the client is gone from Robaws; any other failure proves nothing.
      if (error instanceof RobawsNotFoundError && !context.run.dryRun) {
        await context.recorder.add({ markedGone: await markCustomersGone(this.deps.db, [robawsClientId], this.deps.now()) });
      }
      throw error;
    }
    await this.writeRecords(context, [record], [], { pagesDone: 1 });
    return { highWaterMark: null };
  }

  /**
   * Applies clients as Robaws sent them (webhooks), in one order-safe write: of each client's versions
   * the newest is written (an older one is `stale`: superseded), unpushed local edits are merged.
   * Answers one outcome per record, in order.
   */
  async applyClientRecords(records: readonly RobawsClientRecord[]): Promise<AppliedRecord[]> {
    const { db, normalize, settings, now } = this.deps;
    const formatted = records.map((record) => toCustomerRecord(record, normalize));
    const newest = new Map<string, CustomerRecord>();
    for (const record of formatted) {
      const known = newest.get(record.robawsClientId);
      if (!known || (record.robawsUpdatedAt?.getTime() ?? 0) >= (known.robawsUpdatedAt?.getTime() ?? 0)) newest.set(record.robawsClientId, record);
    }
    const summary = await storeCustomerRecords(db, [...newest.values()], await storedStates(db, [...newest.keys()]), { batchSize: settings.writeBatchSize, now: now() });
    const stored = await storedVersionsOf(db, [...newest.keys()]);
    return formatted.map((record) => {
      const version = stored.get(record.robawsClientId) ?? null;
      const outcome = newest.get(record.robawsClientId) === record ? outcomeOf(summary, record, version?.robawsUpdatedAt ?? null) : 'stale';
      return { customerId: version?.id ?? null, outcome };
    });
  }

  /** Reads and writes the pages; answers when the pass began, by Robaws' clock. */
  private async readPages(context: RunContext, pass: { updatedFrom: Date | undefined; firstPage: number; resumedPassStartedAt: Date | null }): Promise<Date> {
    const { robaws, settings, logger } = this.deps;
    const { run, signal } = context;
    const size = settings.pageSize;
    const query = pass.updatedFrom ? { updatedFrom: pass.updatedFrom, sort: 'updatedAt:asc' } : {};
    // A full pass reads most records unchanged: one read of the stored hashes spares it parsing those and reading their rows page by page.
    const storedByHash = context.tracksSeen && !run.dryRun ? await context.timed('compare', () => storedContentHashes(this.deps.db)) : null;
    const readPage = async (page: number): Promise<ReadPage> => {
      const knownIds: string[] = [];
      const isKnown = (json: string) => {
        const robawsClientId = storedByHash?.get(contentHashOf(json));
        if (robawsClientId !== undefined) knownIds.push(robawsClientId);
        return robawsClientId !== undefined;
      };
      const listed = await context.timed('fetch', () => robaws.listClients({ page, size, ...query }, { signal, ...(storedByHash?.size ? { isKnown } : {}) }));
      return { ...listed, knownIds };
    };
    context.startAt(pass.firstPage);
    const first = await readPage(pass.firstPage);
    if (!first.robawsTime) logger.warn({ runId: run.id }, "Robaws sent no Date header: the pass's mark is taken from our clock");
    const passStartedAt = pass.resumedPassStartedAt ?? first.robawsTime ?? this.deps.now();
    const pagesWanted = run.limit ? Math.ceil(run.limit / size) : first.totalPages;
    const pagesTotal = Math.min(first.totalPages, pagesWanted);
    await context.recorder.update({ pagesTotal, pagesDone: pass.firstPage });
    const checkpointOf = (nextPage: number): Checkpoint => ({ version: 1, pageSize: size, nextPage, passStartedAt: passStartedAt.toISOString() });
    // A full pass knows Robaws' clock: a stored version stamped later than that is a bad stamp, not a newer version.
    const robawsNow = context.tracksSeen ? passStartedAt : null;
    const process = (page: ReadPage) => this.processPage(context, page, { checkpointOf: context.tracksSeen && !run.dryRun ? checkpointOf : null, robawsNow });
    // The first page, already read, is written while the next ones are read.
    const pages = Array.from({ length: Math.max(0, pagesTotal - pass.firstPage) }, (_, index) => pass.firstPage + index);
    await forEachReadingAhead(pages, settings.pageConcurrency, async (page) => (page === first.page ? first : readPage(page)), process, signal);
    return passStartedAt;
  }

  private async processPage(context: RunContext, page: ReadPage, options: { checkpointOf: ((nextPage: number) => Checkpoint) | null; robawsNow: Date | null }): Promise<void> {
    const { run } = context;
    // With a limit, the page that crosses it is cut at the limit.
    const room = run.limit ? Math.max(0, run.limit - page.page * page.size) : page.records.length;
    const records = page.records.slice(0, room);
    if (context.tracksSeen) {
      context.recorder.recordSeen([...records.map((record) => record.client.id), ...page.invalid.flatMap((item) => (item.id ? [item.id] : [])), ...page.knownIds]);
    }
    const checkpoint = options.checkpointOf?.(context.pageWritten(page.page));
    await this.writeRecords(context, records, page.invalid, { pagesDone: 1, checkpoint, robawsNow: options.robawsNow, known: page.known });
  }

  /**
   * After a complete full pass: customers it did not see are checked one by one, and marked gone only
   * when Robaws answers 404. A client it missed (pages shift while Robaws changes) is stored instead.
   */
  private async markUnseenAsGone(context: RunContext): Promise<void> {
    const { db, robaws, store, settings, now } = this.deps;
    await context.recorder.flush();
    const unseen = await store.unseenClientIds(context.run.id);
    const gone: string[] = [];
    await forEachConcurrently(
      unseen,
      settings.pageConcurrency,
      async (robawsClientId) => {
        try {
          await this.writeRecords(context, [await robaws.getClient(robawsClientId, { signal: context.signal })], [], {});
        } catch (error) {
          if (!(error instanceof RobawsNotFoundError)) throw error;
          gone.push(robawsClientId);
        }
      },
      context.signal,
    );
    if (context.run.dryRun) {
      context.report.gone = gone;
      await context.recorder.add({ markedGone: gone.length });
    } else {
      await context.recorder.add({ markedGone: await markCustomersGone(db, gone, now()) });
    }
  }

  private async writeRecords(
    context: RunContext,
    records: readonly RobawsClientRecord[],
    invalid: RobawsClientPage['invalid'],
    progress: { pagesDone?: number; checkpoint?: Checkpoint; robawsNow?: Date | null; known?: number },
  ): Promise<void> {
    const { db, settings, logger, now } = this.deps;
    const { run, recorder } = context;
    const failures: RecordFailure[] = invalid.map((item) => ({ robawsClientId: item.id, reason: item.reason }));
    const { unique, duplicates } = dedupeByClientId(records.map((record) => ({ robawsClientId: record.client.id, record })));
    for (const { record } of unique) context.noteSeen(record.client.updatedAt ? new Date(record.client.updatedAt) : null);
    // Records the page held unchanged (`known`) were neither parsed nor handed on: they count as read and unchanged.
    const known = progress.known ?? 0;
    const counts: Partial<RunCounts> = { fetched: records.length + invalid.length + known, skipped: duplicates };
    if (run.dryRun) {
      Object.assign(counts, await this.planWrites(context, this.format(unique.map(({ record }) => ({ record })), failures)));
    } else {
      // A record whose raw content has not changed since we stored it needs neither normalizing nor writing.
      const { changed, stored } = await context.timed('compare', async () => {
        const candidates = unique.map(({ record }) => ({ record, serialized: serializedOf(record) }));
        const states = await storedStates(db, unique.map(({ robawsClientId }) => robawsClientId));
        return { changed: candidates.filter(({ record, serialized }) => needsWriting(states.get(record.client.id), serialized.contentHash)), stored: states };
      });
      const rows = await context.timed('normalize', () => this.format(changed, failures));
      const summary = await context.timed('write', () =>
        storeCustomerRecords(db, rows, stored, { batchSize: settings.writeBatchSize, now: now(), robawsNow: progress.robawsNow ?? null }),
      );
      for (const robawsClientId of summary.stampsAhead) {
        logger.warn({ runId: run.id, robawsClientId }, "stored version was stamped later than Robaws' clock: Robaws' record taken");
      }
      Object.assign(counts, {
        created: summary.created.length,
        updated: summary.updated.length + summary.merged.length,
        unchanged: summary.unchanged + unique.length - changed.length + known,
        revived: summary.revived.length,
        conflicts: summary.newConflicts,
      });
    }
    counts.failed = failures.length;
    for (const failure of failures) logger.warn({ runId: run.id, ...failure }, 'record skipped');
    const { cancelRequested } = await recorder.add(counts, { pagesDone: progress.pagesDone, checkpoint: progress.checkpoint, failures });
    if (cancelRequested) context.abort(new SyncCancelledError());
  }

  /** The format step: records normalized into rows; one that cannot be is a failure, not the end of the page. */
  private format(records: ReadonlyArray<{ record: RobawsClientRecord; serialized?: SerializedRecord }>, failures: RecordFailure[]): CustomerRecord[] {
    const formatted: CustomerRecord[] = [];
    for (const { record, serialized } of records) {
      try {
        formatted.push(toCustomerRecord(record, this.deps.normalize, serialized));
      } catch (error) {
        failures.push({ robawsClientId: record.client.id, reason: `could not be normalized: ${describeError(error)}` });
      }
    }
    return formatted;
  }

  /** Dry run: what a write would do, per customer and field, without writing. */
  private async planWrites(context: RunContext, records: readonly CustomerRecord[]): Promise<Partial<RunCounts>> {
    const stored = await loadStoredCustomers(this.deps.db, records.map((record) => record.robawsClientId));
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const { report } = context;
    for (const record of records) {
      if (report.samples.length < DRY_RUN_SAMPLE_SIZE) {
        report.samples.push({ robawsClientId: record.robawsClientId, name: record.name, role: record.role, extraFields: record.raw.extraFields ?? null });
      }
      const existing = stored.get(record.robawsClientId) ?? null;
      if (existing?.contentHash === record.contentHash) {
        counts.unchanged++;
        continue;
      }
      counts[existing ? 'updated' : 'created']++;
      if (report.changes.length < DRY_RUN_MAX_CHANGES) {
        report.changes.push({ robawsClientId: record.robawsClientId, name: record.name, action: existing ? 'update' : 'create', changes: diffSyncedFields(existing, record) });
      }
    }
    return counts;
  }
}

function outcomeOf(summary: StoreSummary, record: CustomerRecord, storedUpdatedAt: Date | null): AppliedRecord['outcome'] {
  const { robawsClientId } = record;
  if (summary.created.includes(robawsClientId)) return 'created';
  if (summary.merged.includes(robawsClientId)) return 'merged';
  if (summary.updated.includes(robawsClientId)) return 'updated';
  if (storedUpdatedAt && record.robawsUpdatedAt && record.robawsUpdatedAt < storedUpdatedAt) return 'stale';
  return 'unchanged';
}
