import { addressLineOf, searchTextOf } from './normalize.js';
import { sqlPool, type Db } from '../db/client.js';
import { NotFoundError } from '../errors.js';
import type { Customer, Prisma } from '../generated/prisma/client.js';
import { EDITABLE_FIELDS, SYNCED_FIELDS, type CustomerRecord, type EditableField, type FieldValue, type SyncedField } from './customer-record.js';
import { conflictsSchema, mergeRemote, pendingChangesSchema, type LocalState } from './merge.js';

/**
 * Batched writes of synced customers: one statement per slice, writing only rows whose content hash
 * changed (or that come back after having gone from Robaws), and telling which were created or updated.
 */

const SYNCED_COLUMNS: Record<SyncedField, { column: string; type: string }> = {
  name: { column: 'name', type: 'text' },
  role: { column: 'role', type: 'text' },
  email: { column: 'email', type: 'text' },
  phone: { column: 'phone', type: 'text' },
  mobile: { column: 'mobile', type: 'text' },
  address: { column: 'address', type: 'text' },
  street: { column: 'street', type: 'text' },
  streetNumber: { column: 'street_number', type: 'text' },
  postalCode: { column: 'postal_code', type: 'text' },
  city: { column: 'city', type: 'text' },
  country: { column: 'country', type: 'text' },
  countryCode: { column: 'country_code', type: 'varchar(2)' },
  vatNumber: { column: 'vat_number', type: 'text' },
  website: { column: 'website', type: 'text' },
  language: { column: 'language', type: 'varchar(10)' },
  currency: { column: 'currency', type: 'varchar(3)' },
  clientType: { column: 'client_type', type: 'text' },
  robawsActive: { column: 'robaws_active', type: 'boolean' },
};

/** Columns written from the record besides the synced fields, named by the record's keys; the raw record first (see rowJsonOf). */
const RECORD_COLUMNS = [
  { key: 'raw', column: 'raw', type: 'jsonb' },
  { key: 'robawsClientId', column: 'robaws_client_id', type: 'text' },
  { key: 'searchText', column: 'search_text', type: 'text' },
  { key: 'issues', column: 'data_issues', type: 'jsonb' },
  { key: 'contentHash', column: 'content_hash', type: 'text' },
  { key: 'robawsUpdatedAt', column: 'robaws_updated_at', type: 'timestamptz' },
] as const satisfies ReadonlyArray<{ key: keyof CustomerRecord; column: string; type: string }>;

const ALL_COLUMNS: ReadonlyArray<{ key: keyof CustomerRecord; column: string; type: string }> = [
  ...RECORD_COLUMNS,
  ...Object.entries(SYNCED_COLUMNS).map(([key, spec]) => ({ key: key as SyncedField, ...spec })),
];

const UPDATED_COLUMNS = ALL_COLUMNS.filter((spec) => spec.key !== 'robawsClientId');

const UPSERT_SQL = `
WITH input AS (
  SELECT ${ALL_COLUMNS.map((spec, index) => `${spec.type === 'jsonb' ? `r->${index}` : `(r->>${index})::${spec.type}`} AS "${spec.key}"`).join(', ')}
  FROM jsonb_array_elements($1::jsonb) AS r
),
previous AS (
  SELECT c.robaws_client_id, c.gone_from_robaws_at, c.robaws_updated_at FROM customers c JOIN input i ON i."robawsClientId" = c.robaws_client_id
),
written AS (
  INSERT INTO customers (${ALL_COLUMNS.map((spec) => spec.column).join(', ')}, last_synced_at, updated_at)
  SELECT ${ALL_COLUMNS.map((spec) => `"${spec.key}"`).join(', ')}, now(), now() FROM input
  ON CONFLICT (robaws_client_id) DO UPDATE SET
    ${UPDATED_COLUMNS.map((spec) => `${spec.column} = excluded.${spec.column}`).join(',\n    ')},
    gone_from_robaws_at = NULL,
    last_synced_at = now(),
    updated_at = now()
  WHERE (customers.content_hash IS DISTINCT FROM excluded.content_hash OR customers.gone_from_robaws_at IS NOT NULL)
    -- Order-safe: an older version of a client (a late webhook, a page read before a newer write) never replaces a newer one,
    -- unless the stored one is stamped later than Robaws' clock ($2, known to full passes): then that stamp is wrong.
    AND (customers.robaws_updated_at IS NULL OR excluded.robaws_updated_at IS NULL OR excluded.robaws_updated_at >= customers.robaws_updated_at
         OR customers.robaws_updated_at > $2::timestamptz)
    -- Rows with unpushed local edits are merged field by field elsewhere; one edited since we looked is left for the next run.
    AND customers.pending_changes = '{}'::jsonb
  RETURNING robaws_client_id, robaws_updated_at, (xmax = 0) AS inserted
)
SELECT w.robaws_client_id AS "robawsClientId", w.inserted, (p.gone_from_robaws_at IS NOT NULL) AS revived,
  coalesce(w.robaws_updated_at < p.robaws_updated_at, false) AS "stampAhead"
FROM written w LEFT JOIN previous p USING (robaws_client_id)`;

export interface WriteSummary {
  created: string[];
  updated: string[];
  /** Updated clients that had been marked gone from Robaws and are back. */
  revived: string[];
  /** Clients whose stored version was stamped later than Robaws' clock, replaced by Robaws' record. */
  stampsAhead: string[];
  unchanged: number;
}

export interface WriteOptions {
  /** Rows per statement. */
  batchSize: number;
  now: Date;
  /** Robaws' clock when the records were read, if known: a stored stamp later than it does not hold a record back. */
  robawsNow?: Date | null;
}

/** The record's values after the raw one, in the columns' order. */
const VALUE_KEYS = ALL_COLUMNS.slice(1).map((spec) => spec.key);

/**
 * The record as one row of the statement's input: a JSON array of its values in the columns' order, the
 * raw record as it was serialized for its hash (not serialized twice). Without a key per value, the
 * rows of a 100,000-client sync are a fifth smaller than as objects, and Postgres reads them in half the
 * time jsonb_to_recordset took.
 */
function rowJsonOf(record: CustomerRecord): string {
  return `[${record.rawJson},${JSON.stringify(VALUE_KEYS.map((key) => record[key])).slice(1)}`;
}

/** Upserts records whose client ids are unique within the call, `batchSize` rows per statement. */
export async function upsertCustomers(db: Db, records: readonly CustomerRecord[], options: Omit<WriteOptions, 'now'>): Promise<WriteSummary> {
  const summary: WriteSummary = { created: [], updated: [], revived: [], stampsAhead: [], unchanged: 0 };
  for (let start = 0; start < records.length; start += options.batchSize) {
    const slice = records.slice(start, start + options.batchSize);
    const { rows: written } = await sqlPool(db).query<{ robawsClientId: string; inserted: boolean; revived: boolean; stampAhead: boolean }>(UPSERT_SQL, [
      `[${slice.map(rowJsonOf).join(',')}]`,
      options.robawsNow?.toISOString() ?? null,
    ]);
    for (const row of written) {
      (row.inserted ? summary.created : summary.updated).push(row.robawsClientId);
      if (row.revived) summary.revived.push(row.robawsClientId);
      if (row.stampAhead) summary.stampsAhead.push(row.robawsClientId);
    }
    summary.unchanged += slice.length - written.length;
  }
  return summary;
}

export interface StoredState {
  contentHash: string;
  /** Marked gone from Robaws: written again (revived) whatever its hash. */
  gone: boolean;
  /** Holds unpushed local edits: merged field by field instead of overwritten. */
  edited: boolean;
}

/**
 * What a write needs to know of these clients' rows, in one read: a record whose hash is the one
 * stored needs neither normalizing nor writing; an edited row is merged, not overwritten.
 */
export async function storedStates(db: Db, robawsClientIds: readonly string[]): Promise<Map<string, StoredState>> {
  if (robawsClientIds.length === 0) return new Map();
  const { rows } = await sqlPool(db).query<StoredState & { robawsClientId: string }>(
    `SELECT robaws_client_id AS "robawsClientId", content_hash AS "contentHash", gone_from_robaws_at IS NOT NULL AS gone,
       pending_changes <> '{}'::jsonb AS edited
     FROM customers WHERE robaws_client_id = ANY($1::text[])`,
    [robawsClientIds],
  );
  return new Map(rows.map(({ robawsClientId, ...state }) => [robawsClientId, state]));
}

/** Rows per fetch of `storedContentHashes`' cursor: all at once, the rows took more memory (25 MB for 100,000) than the map they fill. */
const STORED_HASHES_BATCH = 10_000;

/**
 * Every customer still in Robaws by its content hash, read once through a cursor: a full pass tells by
 * it which records it holds unchanged, without parsing them or reading their rows page by page.
 */
export async function storedContentHashes(db: Db, batchSize = STORED_HASHES_BATCH): Promise<Map<string, string>> {
  const client = await sqlPool(db).connect();
  try {
    await client.query('BEGIN READ ONLY');
    const idsByHash = new Map<string, string>();
    await client.query('DECLARE stored_hashes NO SCROLL CURSOR FOR SELECT content_hash, robaws_client_id FROM customers WHERE gone_from_robaws_at IS NULL');
    for (;;) {
      const { rows } = await client.query<[string, string]>({ text: `FETCH ${batchSize} FROM stored_hashes`, rowMode: 'array' });
      for (const [contentHash, robawsClientId] of rows) idsByHash.set(contentHash, robawsClientId);
      if (rows.length < batchSize) break;
    }
    await client.query('COMMIT');
    return idsByHash;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The record needs writing: new, changed, or back after having gone from Robaws. */
export function needsWriting(stored: StoredState | undefined, contentHash: string): boolean {
  return !stored || stored.gone || stored.contentHash !== contentHash;
}

export type StoredSyncedFields = Record<SyncedField, unknown> & { robawsClientId: string; contentHash: string };

/** The stored synced fields of these clients, for dry runs and merges. */
export async function loadStoredCustomers(db: Db, robawsClientIds: readonly string[]): Promise<Map<string, StoredSyncedFields>> {
  if (robawsClientIds.length === 0) return new Map();
  const select = Object.fromEntries(Object.keys(SYNCED_COLUMNS).map((field) => [field, true]));
  const rows = await db.customer.findMany({
    where: { robawsClientId: { in: [...robawsClientIds] } },
    select: { ...select, robawsClientId: true, contentHash: true },
  });
  return new Map(rows.map((row) => [row.robawsClientId, row as unknown as StoredSyncedFields]));
}

export interface StoreSummary extends WriteSummary {
  /** Clients with unpushed local edits, merged field by field. */
  merged: string[];
  /** Fields that became conflicts while merging. */
  newConflicts: number;
}

/**
 * Stores records as they come from Robaws: the bulk statement for untouched rows, the field-by-field
 * merge (see merge.ts) for rows with unpushed local edits, as `stored` (storedStates) found them. A row
 * edited since is left alone by the bulk statement, for the next run.
 */
export async function storeCustomerRecords(
  db: Db,
  records: readonly CustomerRecord[],
  stored: ReadonlyMap<string, StoredState>,
  options: WriteOptions,
): Promise<StoreSummary> {
  const edited = (record: CustomerRecord) => stored.get(record.robawsClientId)?.edited === true;
  const summary: StoreSummary = {
    ...(await upsertCustomers(db, records.filter((record) => !edited(record)), options)),
    merged: [],
    newConflicts: 0,
  };
  for (const record of records.filter(edited)) {
    const result = await mergeRecordIntoCustomer(db, record, options);
    if (result.outcome === 'merged') {
      summary.merged.push(record.robawsClientId);
      summary.newConflicts += result.newConflicts.length;
    } else {
      summary.unchanged++;
    }
  }
  return summary;
}

export function editableValuesOf(values: Record<EditableField, FieldValue | undefined> | Customer): Record<EditableField, FieldValue> {
  return Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, (values[field] as FieldValue | undefined) ?? null])) as Record<EditableField, FieldValue>;
}

export function localStateOf(customer: Customer): LocalState {
  return {
    values: editableValuesOf(customer),
    pending: pendingChangesSchema.parse(customer.pendingChanges),
    conflicts: conflictsSchema.parse(customer.conflicts),
  };
}

/** The derived columns that follow from the editable ones. */
export function derivedColumnsOf(values: Pick<Customer, 'name' | 'email' | 'vatNumber' | 'street' | 'streetNumber' | 'postalCode' | 'city' | 'country'>) {
  return { address: addressLineOf(values), searchText: searchTextOf(values) };
}

/** Writes new values of editable fields, with the columns derived from them. */
export function writeLocalValues(
  tx: Prisma.TransactionClient,
  current: Customer,
  changed: Partial<Record<EditableField, FieldValue>>,
  tracking: Prisma.CustomerUpdateInput,
): Promise<Customer> {
  const values = { ...editableValuesOf(current), ...changed };
  return tx.customer.update({
    where: { id: current.id },
    data: { ...changed, ...derivedColumnsOf({ ...values, name: values.name ?? current.name }), ...tracking } as Prisma.CustomerUpdateInput,
  });
}

async function requireCustomers(db: Prisma.TransactionClient, ids: readonly number[]): Promise<void> {
  const found = await db.customer.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((customer) => customer.id === id));
  if (missing.length > 0) throw new NotFoundError('Customer', missing.join(', '));
}

/** The local active flag, for customers that must all exist. */
export async function setCustomersActive(db: Db, ids: readonly number[], active: boolean): Promise<void> {
  await db.$transaction(async (tx) => {
    await requireCustomers(tx, ids);
    await tx.customer.updateMany({ where: { id: { in: [...ids] } }, data: { isActive: active } });
  });
}

/** Deletes customers that must all exist; with intakes and without `force`, deletes nothing and says which have intakes. */
export async function deleteCustomers(db: Db, ids: readonly number[], force: boolean): Promise<{ customerIds: number[]; intakeCount: number } | null> {
  return db.$transaction(async (tx) => {
    await requireCustomers(tx, ids);
    const withIntakes = await tx.customer.findMany({ where: { id: { in: [...ids] }, intakes: { some: {} } }, select: { id: true, _count: { select: { intakes: true } } } });
    if (withIntakes.length > 0 && !force) {
      return { customerIds: withIntakes.map((customer) => customer.id), intakeCount: withIntakes.reduce((sum, customer) => sum + customer._count.intakes, 0) };
    }
    await tx.customer.deleteMany({ where: { id: { in: [...ids] } } });
    return null;
  });
}

/** Marks clients Robaws answered 404 for as gone; answers how many were not marked already. */
export async function markCustomersGone(db: Db, robawsClientIds: readonly string[], at: Date): Promise<number> {
  if (robawsClientIds.length === 0) return 0;
  const { count } = await db.customer.updateMany({ where: { robawsClientId: { in: [...robawsClientIds] }, goneFromRobawsAt: null }, data: { goneFromRobawsAt: at } });
  return count;
}

/** The id and Robaws updated-at stored for each of these clients. */
export async function storedVersionsOf(db: Db, robawsClientIds: readonly string[]): Promise<Map<string, { id: number; robawsUpdatedAt: Date | null }>> {
  // Straight on the pool: this runs for every batch of webhook events, where Prisma's per-query cost shows.
  const { rows } = await sqlPool(db).query<{ robawsClientId: string; id: number; robawsUpdatedAt: Date | null }>(
    'SELECT robaws_client_id AS "robawsClientId", id, robaws_updated_at AS "robawsUpdatedAt" FROM customers WHERE robaws_client_id = ANY($1::text[])',
    [robawsClientIds],
  );
  return new Map(rows.map(({ robawsClientId, ...version }) => [robawsClientId, version]));
}

/** Records why Robaws refused a push; the edit stays. */
export function recordPushError(db: Db, customerId: number, message: string): Promise<Customer> {
  return db.customer.update({ where: { id: customerId }, data: { pushError: message } });
}

/** Locks a customer row for a read-modify-write inside a transaction. */
export async function lockCustomer(tx: Prisma.TransactionClient, where: { robawsClientId: string } | { id: number }): Promise<Customer | null> {
  const rows =
    'id' in where
      ? await tx.$queryRaw<Array<{ id: number }>>`SELECT id FROM customers WHERE id = ${where.id} FOR UPDATE`
      : await tx.$queryRaw<Array<{ id: number }>>`SELECT id FROM customers WHERE robaws_client_id = ${where.robawsClientId} FOR UPDATE`;
  const id = rows[0]?.id;
  return id === undefined ? null : tx.customer.findUnique({ where: { id } });
}

export type MergeOutcome =
  | { outcome: 'merged'; customer: Customer; newConflicts: EditableField[] }
  | { outcome: 'unchanged' | 'stale'; customer: Customer };

/**
 * Robaws' record for a customer with unpushed local edits: Robaws' values for every field not edited
 * here; for edited ones, ours, or a conflict when Robaws changed them too.
 */
export async function mergeRecordIntoCustomer(
  db: Db,
  record: CustomerRecord,
  options: Pick<WriteOptions, 'now' | 'robawsNow'>,
  extra: Prisma.CustomerUpdateInput = {},
): Promise<MergeOutcome> {
  const { now, robawsNow } = options;
  return db.$transaction(async (tx) => {
    const current = await lockCustomer(tx, { robawsClientId: record.robawsClientId });
    if (!current) throw new Error(`Customer ${record.robawsClientId} disappeared while being merged`);
    const stampAhead = robawsNow && current.robawsUpdatedAt && current.robawsUpdatedAt > robawsNow;
    if (current.robawsUpdatedAt && record.robawsUpdatedAt && record.robawsUpdatedAt < current.robawsUpdatedAt && !stampAhead) {
      return { outcome: 'stale', customer: current };
    }
    if (current.contentHash === record.contentHash && current.goneFromRobawsAt === null && Object.keys(extra).length === 0) {
      return { outcome: 'unchanged', customer: current };
    }
    const merge = mergeRemote(localStateOf(current), editableValuesOf(record), now);
    const synced = Object.fromEntries(SYNCED_FIELDS.map((field) => [field, record[field]])) as Pick<CustomerRecord, SyncedField>;
    // name and currency are never empty: an edit cannot clear them (validated), Robaws' value stands in.
    const values = { ...synced, ...merge.keepLocal, name: merge.keepLocal.name ?? synced.name, currency: merge.keepLocal.currency ?? synced.currency };
    const customer = await tx.customer.update({
      where: { id: current.id },
      data: {
        ...values,
        ...derivedColumnsOf(values),
        raw: record.raw as Prisma.InputJsonValue,
        contentHash: record.contentHash,
        robawsUpdatedAt: record.robawsUpdatedAt,
        dataIssues: record.issues as unknown as Prisma.InputJsonValue,
        pendingChanges: merge.pending,
        conflicts: merge.conflicts,
        goneFromRobawsAt: null,
        lastSyncedAt: now,
        ...extra,
      },
    });
    return { outcome: 'merged', customer, newConflicts: merge.newConflicts };
  });
}
