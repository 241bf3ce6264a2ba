import { z } from 'zod';
import { EDITABLE_FIELDS, type EditableField, type FieldValue } from './customer-record.js';

/**
 * Two-way merge without lost updates. A local edit remembers the value Robaws had when it was made
 * (its base). Whenever we next see Robaws' value for that field, on a pull or before a push:
 * - Robaws still has the base: only we changed it, so our value wins (it is, or will be, pushed);
 * - Robaws has our value: both sides agree, nothing is left to push;
 * - Robaws has a third value: both changed it. That is a conflict: keep both, overwrite neither,
 *   until someone resolves it explicitly.
 */

const fieldValue = z.string().nullable();
const editableField = z.enum(EDITABLE_FIELDS);

export const pendingChangesSchema = z.partialRecord(editableField, z.object({ base: fieldValue, editedAt: z.string() }));
export type PendingChanges = z.infer<typeof pendingChangesSchema>;

export const conflictsSchema = z.partialRecord(editableField, z.object({ local: fieldValue, remote: fieldValue, detectedAt: z.string() }));
export type Conflicts = z.infer<typeof conflictsSchema>;

export type PendingFieldState = 'ours' | 'agreed' | 'conflict';

export function classifyPendingField(local: FieldValue, base: FieldValue, remote: FieldValue): PendingFieldState {
  if (remote === local) return 'agreed';
  if (remote === base) return 'ours';
  return 'conflict';
}

export interface LocalState {
  values: Record<EditableField, FieldValue>;
  pending: PendingChanges;
  conflicts: Conflicts;
}

export interface MergeResult {
  /** Values to store for the edited fields (the local ones; untouched fields take Robaws' values). */
  keepLocal: Partial<Record<EditableField, FieldValue>>;
  pending: PendingChanges;
  conflicts: Conflicts;
  /** Fields edited locally whose Robaws value still is the base: these are what a push sends. */
  toPush: EditableField[];
  /** Fields that became conflicts in this merge. */
  newConflicts: EditableField[];
}

/** Merges Robaws' current values into a customer with unpushed edits. */
export function mergeRemote(local: LocalState, remote: Record<EditableField, FieldValue>, now: Date): MergeResult {
  const result: MergeResult = { keepLocal: {}, pending: {}, conflicts: { ...local.conflicts }, toPush: [], newConflicts: [] };
  for (const field of EDITABLE_FIELDS) {
    const edit = local.pending[field];
    if (!edit) continue;
    const localValue = local.values[field];
    const state = classifyPendingField(localValue, edit.base, remote[field]);
    if (state === 'agreed') {
      delete result.conflicts[field];
      continue;
    }
    result.keepLocal[field] = localValue;
    result.pending[field] = edit;
    if (state === 'ours') {
      result.toPush.push(field);
    } else {
      const known = local.conflicts[field];
      if (!known || known.remote !== remote[field] || known.local !== localValue) result.newConflicts.push(field);
      result.conflicts[field] = { local: localValue, remote: remote[field], detectedAt: known?.remote === remote[field] ? known.detectedAt : now.toISOString() };
    }
  }
  return result;
}

export type ConflictResolution = 'LOCAL' | 'REMOTE';

/**
 * LOCAL: our value stands and will be pushed over Robaws' (its value becomes the new base).
 * REMOTE: Robaws' value is taken and the local edit dropped.
 */
export function resolveConflicts(
  local: LocalState,
  fields: readonly EditableField[],
  keep: ConflictResolution,
): { values: Partial<Record<EditableField, FieldValue>>; pending: PendingChanges; conflicts: Conflicts } {
  const pending = { ...local.pending };
  const conflicts = { ...local.conflicts };
  const values: Partial<Record<EditableField, FieldValue>> = {};
  for (const field of fields) {
    const conflict = conflicts[field];
    if (!conflict) continue;
    delete conflicts[field];
    if (keep === 'LOCAL') {
      pending[field] = { base: conflict.remote, editedAt: pending[field]?.editedAt ?? new Date().toISOString() };
    } else {
      values[field] = conflict.remote;
      delete pending[field];
    }
  }
  return { values, pending, conflicts };
}

/** A local edit: the changed fields become pending, each remembering the base it was made on. */
export function recordEdit(
  local: LocalState,
  changes: Partial<Record<EditableField, FieldValue>>,
  robawsValues: Record<EditableField, FieldValue>,
  now: Date,
): { values: Partial<Record<EditableField, FieldValue>>; pending: PendingChanges; changed: EditableField[] } {
  const pending = { ...local.pending };
  const values: Partial<Record<EditableField, FieldValue>> = {};
  const changed: EditableField[] = [];
  for (const field of EDITABLE_FIELDS) {
    if (!(field in changes)) continue;
    const next = changes[field] ?? null;
    if (next === local.values[field]) continue;
    values[field] = next;
    changed.push(field);
    const base = pending[field]?.base ?? robawsValues[field];
    // Editing a field back to what Robaws has leaves nothing to push.
    if (next === base) delete pending[field];
    else pending[field] = { base, editedAt: now.toISOString() };
  }
  return { values, pending, changed };
}
