import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { ValidationError } from '../errors.js';

/**
 * Global ids: every Node's id is "Type:rowId" in base64 (Relay's format). These read one back,
 * strictly: an id of another type, a malformed one or a row id out of the column's range names
 * nothing, and never reaches the database.
 */

const POSTGRES_INT_MAX = 2_147_483_647;
const serialId = z.coerce.number().int().min(1).max(POSTGRES_INT_MAX);
const uuid = z.uuid();

/** Each Node type and the row id its global ids hold. */
const NODE_ROW_IDS = {
  Customer: (id: string) => (/^\d+$/.test(id) ? serialId.safeParse(id).data ?? null : null),
  Intake: (id: string) => (/^\d+$/.test(id) ? serialId.safeParse(id).data ?? null : null),
  SyncRun: (id: string) => uuid.safeParse(id).data ?? null,
  WebhookEvent: (id: string) => uuid.safeParse(id).data ?? null,
};
export type NodeType = keyof typeof NODE_ROW_IDS;
type RowId<T extends NodeType> = NonNullable<ReturnType<(typeof NODE_ROW_IDS)[T]>>;

/** The type and row id a global id names, or null when it names no possible row. */
export function decodeNodeId(globalId: string): { type: NodeType; rowId: number | string } | null {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    return null;
  }
  if (!Object.hasOwn(NODE_ROW_IDS, decoded.typename)) return null;
  const type = decoded.typename as NodeType;
  const rowId = NODE_ROW_IDS[type](decoded.id);
  return rowId === null ? null : { type, rowId };
}

/** The row id inside the global id of a `type`, or a ValidationError at `path` (the argument's) when it is not one. */
export function rowIdOf<T extends NodeType>(globalId: string, type: T, path: string): RowId<T> {
  const decoded = decodeNodeId(globalId);
  if (!decoded || decoded.type !== type) throw new ValidationError([{ path, message: `Not the id of a ${type}` }]);
  return decoded.rowId as RowId<T>;
}

/** Row ids of a list of global ids of a `type`, duplicates dropped; every id that is not one is an issue of its own. */
export function rowIdsOf<T extends NodeType>(globalIds: readonly string[], type: T, path: string): Array<RowId<T>> {
  const issues = globalIds.flatMap((globalId, index) => {
    const decoded = decodeNodeId(globalId);
    return decoded?.type === type ? [] : [{ path: `${path}.${index}`, message: `Not the id of a ${type}` }];
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return [...new Set(globalIds.map((globalId) => decodeNodeId(globalId)!.rowId as RowId<T>))];
}
