import type { Db } from '../db/client.js';
import type { CustomerRecord, SyncedField } from './customer-record.js';

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
  isActive: { column: 'is_active', type: 'boolean' },
};

/** Columns written from the record besides the synced fields. */
const RECORD_COLUMNS = [
  { key: 'robawsClientId', column: 'robaws_client_id', type: 'text' },
  { key: 'searchText', column: 'search_text', type: 'text' },
  { key: 'dataIssues', column: 'data_issues', type: 'jsonb' },
  { key: 'raw', column: 'raw', type: 'jsonb' },
  { key: 'contentHash', column: 'content_hash', type: 'text' },
  { key: 'robawsUpdatedAt', column: 'robaws_updated_at', type: 'timestamptz' },
] as const;

const ALL_COLUMNS = [
  ...RECORD_COLUMNS,
  ...Object.entries(SYNCED_COLUMNS).map(([key, spec]) => ({ key, ...spec })),
];

const UPDATED_COLUMNS = ALL_COLUMNS.filter((spec) => spec.key !== 'robawsClientId');

const UPSERT_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${ALL_COLUMNS.map((spec) => `"${spec.key}" ${spec.type}`).join(', ')})
),
previous AS (
  SELECT c.robaws_client_id, c.gone_from_robaws_at FROM customers c JOIN input i ON i."robawsClientId" = c.robaws_client_id
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
    -- Order-safe: an older version of a client (a late webhook, a page read before a newer write) never replaces a newer one.
    AND (customers.robaws_updated_at IS NULL OR excluded.robaws_updated_at IS NULL OR excluded.robaws_updated_at >= customers.robaws_updated_at)
    -- Rows with unpushed local edits are merged field by field elsewhere; one edited since we looked is left for the next run.
    AND customers.pending_changes = '{}'::jsonb
  RETURNING robaws_client_id, (xmax = 0) AS inserted
)
SELECT w.robaws_client_id AS "robawsClientId", w.inserted, (p.gone_from_robaws_at IS NOT NULL) AS revived
FROM written w LEFT JOIN previous p USING (robaws_client_id)`;

export interface WriteSummary {
  created: string[];
  updated: string[];
  /** Updated clients that had been marked gone from Robaws and are back. */
  revived: string[];
  unchanged: number;
}

function toRow(record: CustomerRecord): Record<string, unknown> {
  return {
    ...Object.fromEntries(Object.keys(SYNCED_COLUMNS).map((field) => [field, record[field as SyncedField]])),
    robawsClientId: record.robawsClientId,
    searchText: record.searchText,
    dataIssues: record.issues,
    raw: record.raw,
    contentHash: record.contentHash,
    robawsUpdatedAt: record.robawsUpdatedAt?.toISOString() ?? null,
  };
}

/** Upserts records whose client ids are unique within the call, `batchSize` rows per statement. */
export async function upsertCustomers(db: Db, records: readonly CustomerRecord[], batchSize: number): Promise<WriteSummary> {
  const summary: WriteSummary = { created: [], updated: [], revived: [], unchanged: 0 };
  for (let start = 0; start < records.length; start += batchSize) {
    const slice = records.slice(start, start + batchSize);
    const written = await db.$queryRawUnsafe<Array<{ robawsClientId: string; inserted: boolean; revived: boolean }>>(
      UPSERT_SQL,
      JSON.stringify(slice.map(toRow)),
    );
    for (const row of written) {
      (row.inserted ? summary.created : summary.updated).push(row.robawsClientId);
      if (row.revived) summary.revived.push(row.robawsClientId);
    }
    summary.unchanged += slice.length - written.length;
  }
  return summary;
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
