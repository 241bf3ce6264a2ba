import jsonPatch from 'fast-json-patch';
import jsonMergePatch from 'json-merge-patch';
import type { JsonPatchOperation } from '../robaws/types.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Why a patch was refused: `invalid` (the patch itself is wrong), `conflict` (a path a JSON Patch
 * operation needs does not exist in the resource) or `test-failed` (a `test` operation did not match).
 */
export type JsonPatchFailure = 'invalid' | 'conflict' | 'test-failed';

export class JsonPatchError extends Error {
  constructor(
    readonly failure: JsonPatchFailure,
    message: string,
  ) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

/** fast-json-patch's error names for a path the document does not have; its other names say the patch is malformed. */
const MISSING_PATH_ERRORS: ReadonlySet<string> = new Set([
  'OPERATION_PATH_UNRESOLVABLE',
  'OPERATION_PATH_CANNOT_ADD',
  'OPERATION_PATH_ILLEGAL_ARRAY_INDEX',
  'OPERATION_VALUE_OUT_OF_BOUNDS',
]);

function failureOf(error: InstanceType<typeof jsonPatch.JsonPatchError>): JsonPatchFailure {
  if (error.name === 'TEST_OPERATION_FAILED') return 'test-failed';
  return MISSING_PATH_ERRORS.has(error.name) ? 'conflict' : 'invalid';
}

function describe(error: InstanceType<typeof jsonPatch.JsonPatchError>, failure: JsonPatchFailure, path: string): string {
  if (failure === 'test-failed') return `test failed at "${path}"`;
  if (failure === 'conflict') return `path "${path}" does not exist`;
  if (error.name === 'OPERATION_PATH_INVALID') return `"${path}" is not a JSON pointer`;
  if (error.name === 'OPERATION_VALUE_REQUIRED') return `operation on "${path}" has no value`;
  return `operation on "${path}" is invalid: ${error.message.split('\n')[0]}`;
}

/** RFC 6902 JSON Patch (test, add, replace, remove), all or nothing: `document` itself is never changed. */
export function applyJsonPatch(document: JsonValue, operations: readonly JsonPatchOperation[]): JsonValue {
  // A resource cannot be removed by patching it; the library would answer null.
  const removesWhole = operations.find((operation) => operation.op === 'remove' && operation.path === '');
  if (removesWhole) throw new JsonPatchError('invalid', 'the whole document cannot be removed');
  try {
    // Validated (RFC 6902's rules), on a copy, stopping at the first operation that fails.
    return jsonPatch.applyPatch(document, operations as jsonPatch.Operation[], true, false).newDocument as JsonValue;
  } catch (error) {
    if (error instanceof jsonPatch.JsonPatchError) {
      const failure = failureOf(error);
      throw new JsonPatchError(failure, describe(error, failure, operations[error.index ?? -1]?.path ?? ''));
    }
    // fast-json-patch refuses paths through `__proto__` or `constructor/prototype` with a TypeError of its own.
    if (error instanceof TypeError) throw new JsonPatchError('invalid', 'a path must not go through __proto__ or constructor/prototype');
    throw error;
  }
}

/** Both libraries refuse to write these members (fast-json-patch throws, json-merge-patch silently skips the rest of the patch). */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

function namesPrototypeKey(value: JsonValue): boolean {
  return isJsonObject(value) && Object.entries(value).some(([key, member]) => PROTOTYPE_KEYS.has(key) || namesPrototypeKey(member));
}

/** RFC 7386 JSON Merge Patch: objects merge recursively, `null` removes a member, anything else replaces. `target` is not changed. */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (namesPrototypeKey(patch)) throw new JsonPatchError('invalid', 'a merge patch must not name __proto__, constructor or prototype');
  // The library merges into the target it is given.
  return jsonMergePatch.apply(structuredClone(target), patch) as JsonValue;
}
