import type { Db } from '../db/client.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { DuplicateDismissal } from '../generated/prisma/client.js';
import type { DuplicateGroup } from './duplicates.js';

/**
 * Dismissed duplicates: sets of customers a person said are not one company (duplicate_dismissals).
 * A duplicate group all of whose customers are in one dismissed set stays hidden; a customer joining
 * it (a new one, or one whose details changed) brings it back.
 */

/** The groups to show: those not within a dismissed set. Pure. */
export function withoutDismissed(groups: readonly DuplicateGroup[], dismissed: ReadonlyArray<readonly number[]>): DuplicateGroup[] {
  const setsByCustomer = new Map<number, Array<ReadonlySet<number>>>();
  for (const ids of dismissed) {
    const set = new Set(ids);
    for (const id of ids) setsByCustomer.set(id, [...(setsByCustomer.get(id) ?? []), set]);
  }
  return groups.filter((group) => !(setsByCustomer.get(group.ids[0]!) ?? []).some((set) => group.ids.every((id) => set.has(id))));
}

/** The set as stored: ascending and distinct, so that one set is one row. */
function storedSet(customerIds: readonly number[]): number[] {
  return [...new Set(customerIds)].sort((a, b) => a - b);
}

export async function dismissedSets(db: Db): Promise<number[][]> {
  const rows = await db.duplicateDismissal.findMany({ select: { customerIds: true } });
  return rows.map((row) => row.customerIds);
}

/** Records that these customers are not one company (again: the latest dismissal of a set is kept). */
export async function dismissDuplicates(db: Db, customerIds: readonly number[], apiKeyId: string | null, now: Date): Promise<DuplicateDismissal> {
  const ids = storedSet(customerIds);
  if (ids.length < 2) throw new ValidationError([{ path: 'customerIds', message: 'Give at least two different customers' }]);
  const found = new Set((await db.customer.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((customer) => customer.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw new NotFoundError('Customer', String(missing));
  return db.duplicateDismissal.upsert({
    where: { customerIds: ids },
    create: { customerIds: ids, apiKeyId, dismissedAt: now },
    update: { apiKeyId, dismissedAt: now },
  });
}

/** Undoes the dismissal of exactly this set of customers; answers the dismissal undone. */
export async function undismissDuplicates(db: Db, customerIds: readonly number[]): Promise<DuplicateDismissal> {
  const ids = storedSet(customerIds);
  const dismissal = await db.duplicateDismissal.findUnique({ where: { customerIds: ids } });
  const { count } = dismissal ? await db.duplicateDismissal.deleteMany({ where: { id: dismissal.id } }) : { count: 0 };
  if (!dismissal || count === 0) throw new NotFoundError('DuplicateDismissal', ids.join(','), 'These customers were not dismissed as one set');
  return dismissal;
}
