import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import { CustomersHaveIntakesError, NotFoundError, ValidationError } from '../errors.js';
import type { Customer } from '../generated/prisma/client.js';
import { robawsClientSchema } from '../robaws/types.js';
import { parseCustomerChanges } from './customer-input.js';
import {
  countCustomers,
  customerOptions,
  customerPage,
  customerTotals,
  intakeCounts,
  roleCounts,
  searchMatches,
  type CustomerFilter,
  type CustomerOrder,
  type CustomerPageQuery,
  type SearchMatcher,
} from './customer-queries.js';
import { toCustomerRecord, type EditableField } from './customer-record.js';
import { dismissDuplicates, undismissDuplicates } from './duplicate-dismissals.js';
import { deleteCustomers, editableValuesOf, localStateOf, lockCustomer, setCustomersActive, writeLocalValues } from './customer-writer.js';
import { recordEdit, resolveConflicts, type ConflictResolution } from './merge.js';

/**
 * The customer list's front door for the API: local edits (each remembering what Robaws had, so that a
 * push can tell our change from theirs), conflict resolution, activation and deletion here, and the
 * list's reports. The sync engine writes what Robaws sends through the same writer.
 */
export class Customers {
  private readonly now: () => Date;

  constructor(private readonly deps: { db: Db; normalize: Config['normalization']; now?: () => Date }) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * A local edit: checks and normalizes the input as a sync stores values, then records, per field,
   * that it awaits a push and what Robaws had when it was made.
   */
  async edit(customerId: number, input: Record<string, unknown>): Promise<Customer> {
    const { db, normalize } = this.deps;
    return db.$transaction(async (tx) => {
      const current = await lockCustomer(tx, { id: customerId });
      if (!current) throw new NotFoundError('Customer', String(customerId));
      const changes = parseCustomerChanges(input, { countryCode: current.countryCode, defaultPhoneCountry: normalize.defaultCountry });
      if (Object.keys(changes).length === 0) throw new ValidationError([{ path: '', message: 'Nothing to change: give at least one field' }]);
      // What Robaws had at the last sync: the base each new edit remembers.
      const lastSynced = { client: robawsClientSchema.parse(current.raw), raw: current.raw as Record<string, unknown> };
      const edit = recordEdit(localStateOf(current), changes, editableValuesOf(toCustomerRecord(lastSynced, normalize)), this.now());
      if (edit.changed.length === 0) return current;
      return writeLocalValues(tx, current, edit.values, { pendingChanges: edit.pending, localChangedAt: this.now() });
    });
  }

  /** Settles conflicting fields explicitly: keep ours (it will be pushed) or take Robaws'. */
  async resolveConflict(customerId: number, fields: readonly EditableField[], keep: ConflictResolution): Promise<Customer> {
    return this.deps.db.$transaction(async (tx) => {
      const current = await lockCustomer(tx, { id: customerId });
      if (!current) throw new NotFoundError('Customer', String(customerId));
      const local = localStateOf(current);
      const issues = [
        ...(fields.length === 0 ? [{ path: 'fields', message: 'Name at least one field' }] : []),
        ...fields.flatMap((field, index) => (field in local.conflicts ? [] : [{ path: `fields.${index}`, message: `${field} is not in conflict` }])),
      ];
      if (issues.length > 0) throw new ValidationError(issues);
      const resolved = resolveConflicts(local, fields, keep);
      return writeLocalValues(tx, current, resolved.values, { pendingChanges: resolved.pending, conflicts: resolved.conflicts });
    });
  }

  /** Marks customers active or inactive here; the flag is ours alone, never taken from or sent to Robaws. */
  async setActive(ids: readonly number[], active: boolean): Promise<void> {
    await setCustomersActive(this.deps.db, ids, active);
  }

  /** Deletes customers here only; refused for customers with intakes unless `force` (their intakes then keep no customer). */
  async delete(ids: readonly number[], force: boolean): Promise<void> {
    const refused = await deleteCustomers(this.deps.db, ids, force);
    if (refused) throw new CustomersHaveIntakesError(refused.customerIds, refused.intakeCount);
  }

  /** Records that these customers are not one company: the duplicate group they form stays hidden until another customer joins it. */
  dismissDuplicates(customerIds: readonly number[], apiKeyId: string | null) {
    return dismissDuplicates(this.deps.db, customerIds, apiKeyId, this.now());
  }

  /** Undoes the dismissal of exactly this set of customers. */
  undismissDuplicates(customerIds: readonly number[]) {
    return undismissDuplicates(this.deps.db, customerIds);
  }

  /** Finds a search term's matches (callers batch and cache this per request). */
  searchMatches(term: string) {
    return searchMatches(this.deps.db, term);
  }

  /** A page of the customer list, as Pothos asks for it. */
  page(query: CustomerPageQuery, filter: CustomerFilter | null | undefined, order: CustomerOrder | null | undefined, matches: SearchMatcher) {
    return customerPage(this.deps.db, query, filter, order, matches);
  }

  count(filter: CustomerFilter | null | undefined, matches: SearchMatcher) {
    return countCustomers(this.deps.db, filter, matches);
  }

  /** Intakes per customer, by Robaws client id, in one query for a whole page. */
  intakeCounts(robawsClientIds: readonly string[]) {
    return intakeCounts(this.deps.db, robawsClientIds);
  }

  totals() {
    return customerTotals(this.deps.db);
  }

  roles() {
    return roleCounts(this.deps.db);
  }

  options(search: string | null | undefined, limit: number) {
    return customerOptions(this.deps.db, search, limit);
  }
}
