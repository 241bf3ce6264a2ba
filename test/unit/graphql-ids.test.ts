import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { decodeNodeId, rowIdOf, rowIdsOf } from '../../src/graphql/ids.js';
import { nulCharacterIssues } from '../../src/graphql/text-arguments.js';

const UUID = '9264eda9-6860-4db4-b67b-f5c8a466f211';
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('global ids', () => {
  it('read back the type and row id of every Node type', () => {
    expect(decodeNodeId(encodeGlobalID('Customer', 42))).toEqual({ type: 'Customer', rowId: 42 });
    expect(decodeNodeId(encodeGlobalID('Intake', 2_147_483_647))).toEqual({ type: 'Intake', rowId: 2_147_483_647 });
    expect(decodeNodeId(encodeGlobalID('SyncRun', UUID))).toEqual({ type: 'SyncRun', rowId: UUID });
    expect(decodeNodeId(encodeGlobalID('WebhookEvent', UUID))).toEqual({ type: 'WebhookEvent', rowId: UUID });
  });

  it('name nothing when malformed, of no Node type, or with a row id the column cannot hold', () => {
    for (const id of ['', 'not-a-global-id', base64('Customer:'), base64('Nothing:1'), base64('Customer:2147483648'), base64('Customer:0'), base64('Customer:-1'), base64('Customer:1.5'), base64('Customer:abc'), base64('SyncRun:42'), base64('toString:1')]) {
      expect(decodeNodeId(id), id).toBeNull();
    }
  });

  it('as an argument: a ValidationError at its path when the id is not one of the type asked for', () => {
    expect(rowIdOf(encodeGlobalID('Customer', 7), 'Customer', 'id')).toBe(7);
    expect(() => rowIdOf(encodeGlobalID('Intake', 7), 'Customer', 'id')).toThrow(new ValidationError([{ path: 'id', message: 'Not the id of a Customer' }]));
    expect(rowIdsOf([encodeGlobalID('Customer', 3), encodeGlobalID('Customer', 3), encodeGlobalID('Customer', 1)], 'Customer', 'ids')).toEqual([3, 1]);
    const error = (() => {
      try {
        rowIdsOf([encodeGlobalID('Customer', 3), 'x', encodeGlobalID('Intake', 1)], 'Customer', 'ids');
      } catch (thrown) {
        return thrown as ValidationError;
      }
    })();
    expect(error?.issues).toEqual([
      { path: 'ids.1', message: 'Not the id of a Customer' },
      { path: 'ids.2', message: 'Not the id of a Customer' },
    ]);
  });
});

describe('NUL characters in arguments', () => {
  it('are found at any depth, each with its dotted path', () => {
    expect(nulCharacterIssues({ input: { name: 'a\u0000b', ids: ['ok', '\u0000'], nested: { deep: ['x', { y: '\u0000' }] } }, limit: 5, flag: null })).toEqual([
      { path: 'input.name', message: 'Text cannot contain the NUL character (U+0000)' },
      { path: 'input.ids.1', message: 'Text cannot contain the NUL character (U+0000)' },
      { path: 'input.nested.deep.1.y', message: 'Text cannot contain the NUL character (U+0000)' },
    ]);
    expect(nulCharacterIssues({ search: 'plain text', ids: [] })).toEqual([]);
  });
});
