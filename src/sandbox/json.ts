import type { JsonPatchOperation } from '../robaws/types.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own property even for keys like "__proto__", which plain assignment would turn into a prototype change. */
function setMember(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function jsonEquals(left: JsonValue | undefined, right: JsonValue | undefined): boolean {
  if (left === right) return true;
  if (Array.isArray(left) && Array.isArray(right)) {
    return left.length === right.length && left.every((item, index) => jsonEquals(item, right[index]));
  }
  if (isJsonObject(left) && isJsonObject(right)) {
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && jsonEquals(left[key], right[key]));
  }
  return false;
}

/** RFC 7386 JSON Merge Patch: objects merge recursively, `null` removes a member, anything else replaces. */
export function applyMergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return patch;
  const result: JsonObject = {};
  if (isJsonObject(target)) for (const [key, value] of Object.entries(target)) setMember(result, key, value);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else setMember(result, key, applyMergePatch(Object.hasOwn(result, key) ? result[key] : undefined, value));
  }
  return result;
}

/**
 * Why a JSON Patch was refused: `invalid` (the document itself is wrong), `conflict` (a path the
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

/** RFC 6901 pointer to reference tokens: "/address/city" -> ["address", "city"]. */
function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError('invalid', `"${pointer}" is not a JSON pointer`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function toJsonValue(value: unknown, path: string): JsonValue {
  if (value === undefined) throw new JsonPatchError('invalid', `operation on "${path}" has no value`);
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

function arrayIndex(container: JsonValue[], token: string, path: string, allowEnd: boolean): number {
  if (allowEnd && token === '-') return container.length;
  const index = /^(0|[1-9]\d*)$/.test(token) ? Number(token) : Number.NaN;
  const limit = allowEnd ? container.length : container.length - 1;
  if (!(index <= limit)) throw new JsonPatchError('conflict', `path "${path}" does not exist`);
  return index;
}

function resolveParent(document: JsonValue, tokens: readonly string[], path: string): JsonValue[] | JsonObject {
  let current: JsonValue | undefined = document;
  for (const token of tokens) {
    if (Array.isArray(current)) current = current[arrayIndex(current, token, path, false)];
    else if (isJsonObject(current) && Object.hasOwn(current, token)) current = current[token];
    else throw new JsonPatchError('conflict', `path "${path}" does not exist`);
  }
  if (Array.isArray(current) || isJsonObject(current)) return current;
  throw new JsonPatchError('conflict', `path "${path}" does not exist`);
}

/** Applies one operation, mutating `document` where it can; returns the (possibly replaced) document. */
function applyOperation(document: JsonValue, operation: JsonPatchOperation): JsonValue {
  const { path } = operation;
  const tokens = parsePointer(path);
  const key = tokens.at(-1);
  if (key === undefined) {
    if (operation.op === 'remove') throw new JsonPatchError('invalid', 'the whole document cannot be removed');
    const value = toJsonValue(operation.value, path);
    if (operation.op !== 'test') return value;
    if (!jsonEquals(document, value)) throw new JsonPatchError('test-failed', `test failed at "${path}"`);
    return document;
  }
  const parent = resolveParent(document, tokens.slice(0, -1), path);
  if (Array.isArray(parent)) {
    switch (operation.op) {
      case 'test':
        if (!jsonEquals(parent[arrayIndex(parent, key, path, false)], toJsonValue(operation.value, path))) {
          throw new JsonPatchError('test-failed', `test failed at "${path}"`);
        }
        break;
      case 'add':
        parent.splice(arrayIndex(parent, key, path, true), 0, toJsonValue(operation.value, path));
        break;
      case 'replace':
        parent[arrayIndex(parent, key, path, false)] = toJsonValue(operation.value, path);
        break;
      case 'remove':
        parent.splice(arrayIndex(parent, key, path, false), 1);
        break;
    }
    return document;
  }
  const exists = Object.hasOwn(parent, key);
  switch (operation.op) {
    case 'test':
      if (!exists || !jsonEquals(parent[key], toJsonValue(operation.value, path))) {
        throw new JsonPatchError('test-failed', `test failed at "${path}"`);
      }
      break;
    case 'add':
    case 'replace':
      if (operation.op === 'replace' && !exists) throw new JsonPatchError('conflict', `path "${path}" does not exist`);
      setMember(parent, key, toJsonValue(operation.value, path));
      break;
    case 'remove':
      if (!exists) throw new JsonPatchError('conflict', `path "${path}" does not exist`);
      delete parent[key];
      break;
  }
  return document;
}

/** RFC 6902 JSON Patch (test, add, replace, remove), all or nothing: `document` itself is never changed. */
export function applyJsonPatch(document: JsonValue, operations: readonly JsonPatchOperation[]): JsonValue {
  return operations.reduce<JsonValue>((current, operation) => applyOperation(current, operation), structuredClone(document));
}
