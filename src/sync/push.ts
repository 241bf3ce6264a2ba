import { forEachConcurrently } from '../concurrency.js';
import { customersWithPendingChanges } from '../customers/customer-queries.js';
import { toCustomerRecord, type EditableField, type FieldChange } from '../customers/customer-record.js';
import { editableValuesOf, localStateOf, markCustomersGone, mergeRecordIntoCustomer, recordPushError } from '../customers/customer-writer.js';
import { mergeRemote } from '../customers/merge.js';
import type { NormalizeOptions } from '../customers/normalize.js';
import type { Db } from '../db/client.js';
import { NotFoundError, RobawsUnavailableError } from '../errors.js';
import type { Customer } from '../generated/prisma/client.js';
import type { Logger } from '../log.js';
import type { RobawsApi, RobawsClientRecord } from '../robaws/client.js';
import { RobawsNotFoundError, RobawsPreconditionFailedError, RobawsTransientError, RobawsValidationError } from '../robaws/errors.js';
import { DRY_RUN_MAX_CHANGES } from './pull.js';
import { buildPushPatch } from './push-patch.js';
import { SyncCancelledError, type PassResult, type RunContext } from './run-context.js';
import type { RecordFailure, RunCounts } from './run-recorder.js';

/**
 * Sending local edits to Robaws without clobbering changes made there: each push compares with
 * Robaws' current record first (fields changed on both sides become conflicts and are not sent),
 * patches with `test` guards, then re-reads the client and stores what Robaws now holds.
 */

export type PushOutcome = 'PUSHED' | 'CONFLICT' | 'NOTHING_TO_PUSH' | 'REJECTED';

export interface PushResult {
  /** For a dry run: what the push would do. */
  outcome: PushOutcome;
  customer: Customer;
  pushedFields: EditableField[];
  conflictFields: EditableField[];
  /** REJECTED: what Robaws said. */
  message?: string;
  /** Dry run: the values Robaws holds and the ones the push would send. */
  plannedChanges?: FieldChange[];
}

const PUSH_ATTEMPTS = 3;

/** Robaws faults that outlived the retries become one domain error; anything else stays as it is. */
export function toDomainError(error: unknown): unknown {
  if (error instanceof RobawsTransientError) return new RobawsUnavailableError(error.message, { cause: error });
  return error;
}

export class Pusher {
  constructor(
    private readonly deps: { db: Db; robaws: RobawsApi; logger: Logger; normalize: NormalizeOptions; concurrency: number; now: () => Date },
  ) {}

  /** Pushes one customer's unpushed edits. A dry run stops after the comparison: it reports what would be sent and writes nothing. */
  async pushCustomer(customerId: number, options: { dryRun?: boolean } = {}): Promise<PushResult> {
    const { db, robaws, normalize, now } = this.deps;
    const customer = await db.customer.findUnique({ where: { id: customerId } });
    if (!customer) throw new NotFoundError('Customer', String(customerId));
    if (Object.keys(localStateOf(customer).pending).length === 0) {
      return { outcome: 'NOTHING_TO_PUSH', customer, pushedFields: [], conflictFields: [] };
    }
    for (let attempt = 1; ; attempt++) {
      const current = await db.customer.findUniqueOrThrow({ where: { id: customerId } });
      const remote = await this.fetchForPush(current);
      const remoteRecord = toCustomerRecord(remote, normalize);
      const remoteValues = editableValuesOf(remoteRecord);
      const plan = mergeRemote(localStateOf(current), remoteValues, now());
      if (options.dryRun) {
        const conflictFields = Object.keys(plan.conflicts) as EditableField[];
        return {
          outcome: conflictFields.length > 0 ? 'CONFLICT' : plan.toPush.length > 0 ? 'PUSHED' : 'NOTHING_TO_PUSH',
          customer: current,
          pushedFields: plan.toPush,
          conflictFields,
          plannedChanges: plan.toPush.map((field) => ({ field, from: remoteValues[field], to: plan.keepLocal[field] ?? null })),
        };
      }
      if (plan.toPush.length === 0) {
        const { customer: stored } = await mergeRecordIntoCustomer(db, remoteRecord, { now: now() }, { pushError: null });
        return resultOf(stored, []);
      }
      const patch = buildPushPatch(remote.raw, plan.toPush, plan.keepLocal, normalize.roleFieldId ?? null);
      try {
        await robaws.jsonPatchClient(current.robawsClientId, patch);
      } catch (error) {
        // Robaws changed one of these fields after we read it: compare again with its new value.
        if (error instanceof RobawsPreconditionFailedError && attempt < PUSH_ATTEMPTS) continue;
        if (error instanceof RobawsValidationError) {
          const rejected = await recordPushError(db, customerId, error.message);
          return { outcome: 'REJECTED', customer: rejected, pushedFields: [], conflictFields: Object.keys(localStateOf(rejected).conflicts) as EditableField[], message: error.message };
        }
        throw toDomainError(error);
      }
      const after = toCustomerRecord(await robaws.getClient(current.robawsClientId), normalize);
      const { customer: stored } = await mergeRecordIntoCustomer(db, after, { now: now() }, { lastPushedToRobawsAt: now(), pushError: null });
      return resultOf(stored, plan.toPush);
    }
  }

  /** Pushes every customer with unpushed local edits; one failure is counted, not fatal. */
  async pushAll(context: RunContext): Promise<PassResult> {
    const { db, logger, concurrency } = this.deps;
    const pending = await customersWithPendingChanges(db);
    await context.recorder.update({ pagesTotal: pending.length });
    await forEachConcurrently(
      pending,
      concurrency,
      async ({ id, robawsClientId }) => {
        const counts: Partial<RunCounts> = {};
        const failures: RecordFailure[] = [];
        try {
          const result = await this.pushCustomer(id, { dryRun: context.run.dryRun });
          if (result.plannedChanges && result.plannedChanges.length > 0 && context.report.changes.length < DRY_RUN_MAX_CHANGES) {
            context.report.changes.push({ robawsClientId, name: result.customer.name, action: 'update', changes: result.plannedChanges });
          }
          if (result.pushedFields.length > 0) counts.pushed = 1;
          if (result.outcome === 'CONFLICT') counts.conflicts = 1;
          if (result.outcome === 'NOTHING_TO_PUSH') counts.skipped = 1;
          if (result.outcome === 'REJECTED') {
            counts.failed = 1;
            failures.push({ robawsClientId, reason: result.message ?? 'Robaws rejected the push' });
          }
        } catch (error) {
          // Robaws being down fails the run (everything pushed so far stays pushed); one missing client does not.
          if (!(error instanceof NotFoundError)) throw error;
          counts.failed = 1;
          failures.push({ robawsClientId, reason: error.message });
          logger.warn({ runId: context.run.id, robawsClientId }, error.message);
        }
        const { cancelRequested } = await context.recorder.add(counts, { pagesDone: 1, failures });
        if (cancelRequested) context.abort(new SyncCancelledError());
      },
      context.signal,
    );
    return { highWaterMark: null };
  }

  /** Robaws' current record of a customer being pushed; a 404 marks it gone and is a NotFoundError. */
  private async fetchForPush(customer: Customer): Promise<RobawsClientRecord> {
    try {
      return await this.deps.robaws.getClient(customer.robawsClientId);
    } catch (error) {
      if (error instanceof RobawsNotFoundError) {
        await markCustomersGone(this.deps.db, [customer.robawsClientId], this.deps.now());
        throw new NotFoundError('Robaws client', customer.robawsClientId, `Robaws has no client ${customer.robawsClientId}: it was marked gone`);
      }
      throw toDomainError(error);
    }
  }
}

function resultOf(customer: Customer, pushedFields: EditableField[]): PushResult {
  const conflictFields = Object.keys(localStateOf(customer).conflicts) as EditableField[];
  const outcome: PushOutcome = conflictFields.length > 0 ? 'CONFLICT' : pushedFields.length > 0 ? 'PUSHED' : 'NOTHING_TO_PUSH';
  return { outcome, customer, pushedFields, conflictFields };
}
