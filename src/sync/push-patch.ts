import type { JsonPatchOperation } from '../robaws/types.js';
import type { EditableField, FieldValue } from '../customers/customer-record.js';

/**
 * Where each editable field lives in a Robaws client record, in Robaws' own names (name, email, tel,
 * gsm, vatNumber, website, language, currency, address {...}: see docs/robaws-api.md). The role is a
 * custom field (assumed writable the way it reads: `extraFields.<Role>.stringValue`).
 */
const ROBAWS_PATHS: Record<Exclude<EditableField, 'role'>, readonly string[]> = {
  name: ['name'],
  email: ['email'],
  phone: ['tel'],
  mobile: ['gsm'],
  vatNumber: ['vatNumber'],
  website: ['website'],
  language: ['language'],
  currency: ['currency'],
  street: ['address', 'street'],
  streetNumber: ['address', 'streetNumber'],
  postalCode: ['address', 'postalCode'],
  city: ['address', 'city'],
  country: ['address', 'country'],
  countryCode: ['address', 'countryCode'],
};

type JsonRecord = Record<string, unknown>;

function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The key Robaws keeps the role under in this record (by id when configured, else "Role" in any case). */
function roleKeyOf(raw: JsonRecord, roleFieldId: string | null): string {
  const keys = isRecord(raw.extraFields) ? Object.keys(raw.extraFields) : [];
  return keys.find((key) => key === roleFieldId) ?? keys.find((key) => key.toLowerCase() === 'role') ?? roleFieldId ?? 'Role';
}

export function robawsPathOf(field: EditableField, raw: JsonRecord, roleFieldId: string | null): string[] {
  return field === 'role' ? ['extraFields', roleKeyOf(raw, roleFieldId), 'stringValue'] : [...ROBAWS_PATHS[field]];
}

const pointer = (path: readonly string[]) => `/${path.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;

/**
 * A JSON Patch that sets `fields` to our values, stating with `test` the value each still has in the
 * record we compared against. If Robaws changed one of them since, it refuses the whole patch and the
 * push compares again: no write can land on a value we did not see.
 */
export function buildPushPatch(
  raw: JsonRecord,
  fields: readonly EditableField[],
  values: Partial<Record<EditableField, FieldValue>>,
  roleFieldId: string | null,
): JsonPatchOperation[] {
  const operations: JsonPatchOperation[] = [];
  const created = new Set<string>();
  for (const field of fields) {
    const path = robawsPathOf(field, raw, roleFieldId);
    const value = values[field] ?? null;
    let parent: unknown = raw;
    for (let depth = 0; depth < path.length - 1; depth++) {
      const prefix = pointer(path.slice(0, depth + 1));
      const next: unknown = isRecord(parent) ? parent[path[depth] as string] : undefined;
      if (!isRecord(next) && !created.has(prefix)) {
        const seed = field === 'role' && depth === 1 ? { type: 'SELECT', group: null } : {};
        operations.push({ op: 'add', path: prefix, value: seed });
        created.add(prefix);
      }
      parent = next;
    }
    const leaf = path[path.length - 1] as string;
    const current = isRecord(parent) ? parent[leaf] : undefined;
    const target = pointer(path);
    if (current !== undefined) operations.push({ op: 'test', path: target, value: current });
    if (value === null) {
      if (current !== undefined) operations.push({ op: 'remove', path: target });
    } else {
      operations.push({ op: current === undefined ? 'add' : 'replace', path: target, value });
    }
  }
  return operations;
}
