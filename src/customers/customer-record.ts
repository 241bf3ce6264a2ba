import { hash } from 'node:crypto';
import { normalizeClient, type NormalizeOptions, type NormalizedCustomer } from './normalize.js';
import type { RobawsClientRecord } from '../robaws/client.js';

/**
 * The pure format step before any write: a Robaws record becomes the row we store, with a hash of
 * its content so a sync can tell "unchanged" without comparing columns.
 */

/** Bump when normalization changes, so the next sync rewrites every row with the new rules. */
export const NORMALIZATION_VERSION = 1;

export interface CustomerRecord extends NormalizedCustomer {
  raw: Record<string, unknown>;
  /** `raw` serialized, as it is hashed and written. */
  rawJson: string;
  contentHash: string;
}

/**
 * Fields people may edit locally and that a push sends to Robaws. `address` (one line) follows from
 * the parts; `clientType` and Robaws' own active flag are read, never pushed. Whether a customer is
 * active here is a local decision, kept apart (customers.is_active).
 */
export const EDITABLE_FIELDS = [
  'name',
  'role',
  'email',
  'phone',
  'mobile',
  'street',
  'streetNumber',
  'postalCode',
  'city',
  'country',
  'countryCode',
  'vatNumber',
  'website',
  'language',
  'currency',
] as const satisfies readonly (keyof NormalizedCustomer)[];
export type EditableField = (typeof EDITABLE_FIELDS)[number];

/** The columns a sync owns, in one place: the writer, the dry-run diff and local edits all use it. */
export const SYNCED_FIELDS = [...EDITABLE_FIELDS, 'address', 'clientType', 'robawsActive'] as const;
export type SyncedField = (typeof SYNCED_FIELDS)[number];
export type FieldValue = string | null;

/**
 * sha256 of the record's text as Robaws sent it in a page (a record from elsewhere: as we serialize
 * it, in the same compact form). Robaws writes the same content with the same key order, so no
 * canonical form is needed (a change of order or spacing would cost one rewrite, nothing more);
 * sorting keys was a tenth of a 100,000-client sync.
 */
export function contentHashOf(rawJson: string): string {
  // One call, no Hash object: a full sync hashes every record it reads.
  return hash('sha256', `v${NORMALIZATION_VERSION}:${rawJson}`, 'hex');
}

/** The record as it is stored and as it is hashed. */
export interface SerializedRecord {
  rawJson: string;
  contentHash: string;
}

/** Serialized and hashed once: a sync compares the hash before it normalizes, then stores both. */
export function serializedOf(record: RobawsClientRecord): SerializedRecord {
  const rawJson = record.json ?? JSON.stringify(record.raw);
  return { rawJson, contentHash: contentHashOf(rawJson) };
}

export function toCustomerRecord(record: RobawsClientRecord, options: NormalizeOptions = {}, serialized = serializedOf(record)): CustomerRecord {
  return { ...normalizeClient(record.client, options), raw: record.raw, ...serialized };
}

/**
 * Keeps the last record of each client id (a client that moved between two pages while we read
 * them arrives twice) and reports how many were dropped.
 */
export function dedupeByClientId<T extends { robawsClientId: string }>(records: readonly T[]): { unique: T[]; duplicates: number } {
  const byId = new Map<string, T>();
  for (const record of records) byId.set(record.robawsClientId, record);
  return { unique: [...byId.values()], duplicates: records.length - byId.size };
}

export interface FieldChange {
  field: SyncedField;
  /** Stored value (pull) or Robaws' value (push). */
  from: unknown;
  to: unknown;
}

/** What a write of `next` would change in the stored row (null when it would create it). */
export function diffSyncedFields(stored: Partial<Record<SyncedField, unknown>> | null, next: Pick<NormalizedCustomer, SyncedField>): FieldChange[] {
  return SYNCED_FIELDS.filter((field) => (stored?.[field] ?? null) !== (next[field] ?? null)).map((field) => ({
    field,
    from: stored?.[field] ?? null,
    to: next[field] ?? null,
  }));
}
