import { describe, expect, it } from 'vitest';
import { EDITABLE_FIELDS, type EditableField, type FieldValue } from '../../src/customers/customer-record.js';
import { classifyPendingField, mergeRemote, recordEdit, resolveConflicts, type LocalState } from '../../src/customers/merge.js';
import { buildPushPatch } from '../../src/sync/push-patch.js';

const NOW = new Date('2026-11-23T10:00:00Z');

function values(overrides: Partial<Record<EditableField, FieldValue>> = {}): Record<EditableField, FieldValue> {
  return { ...(Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, null])) as Record<EditableField, FieldValue>), name: 'Acme NV', ...overrides };
}

describe('classifyPendingField', () => {
  it.each([
    ['Robaws still has the base: ours', 'new', 'old', 'old', 'ours'],
    ['Robaws has our value: agreed', 'new', 'old', 'new', 'agreed'],
    ['Robaws has a third value: conflict', 'new', 'old', 'other', 'conflict'],
    ['cleared locally, unchanged remotely', null, 'old', 'old', 'ours'],
    ['set locally from nothing, set remotely to something else', 'new', null, 'other', 'conflict'],
  ] as const)('%s', (_label, local, base, remote, expected) => {
    expect(classifyPendingField(local, base, remote)).toBe(expected);
  });
});

describe('recordEdit', () => {
  it('records changed fields with the base Robaws had, ignores unchanged ones', () => {
    const local: LocalState = { values: values({ email: 'a@x.be', city: 'Gent' }), pending: {}, conflicts: {} };
    const edit = recordEdit(local, { email: 'b@x.be', city: 'Gent' }, values({ email: 'a@x.be', city: 'Gent' }), NOW);
    expect(edit.changed).toEqual(['email']);
    expect(edit.pending).toEqual({ email: { base: 'a@x.be', editedAt: NOW.toISOString() } });
  });

  it('keeps the first base across several edits, and drops the pending edit when edited back', () => {
    const local: LocalState = { values: values({ email: 'b@x.be' }), pending: { email: { base: 'a@x.be', editedAt: 'earlier' } }, conflicts: {} };
    expect(recordEdit(local, { email: 'c@x.be' }, values({ email: 'a@x.be' }), NOW).pending.email?.base).toBe('a@x.be');
    expect(recordEdit(local, { email: 'a@x.be' }, values({ email: 'a@x.be' }), NOW).pending).toEqual({});
  });
});

describe('mergeRemote', () => {
  const local: LocalState = {
    values: values({ email: 'ours@x.be', city: 'Leuven', phone: '+32470000000' }),
    pending: { email: { base: 'old@x.be', editedAt: 'e' }, city: { base: 'Gent', editedAt: 'e' }, phone: { base: '+32471111111', editedAt: 'e' } },
    conflicts: {},
  };

  it('keeps our pending values, pushes what Robaws did not touch, flags both-sided changes, drops agreements', () => {
    const remote = values({ email: 'old@x.be', city: 'Brugge', phone: '+32470000000', website: 'https://acme.be' });
    const merge = mergeRemote(local, remote, NOW);
    expect(merge.toPush).toEqual(['email']);
    expect(merge.newConflicts).toEqual(['city']);
    expect(merge.keepLocal).toEqual({ email: 'ours@x.be', city: 'Leuven' });
    expect(Object.keys(merge.pending).sort()).toEqual(['city', 'email']);
    expect(merge.conflicts).toEqual({ city: { local: 'Leuven', remote: 'Brugge', detectedAt: NOW.toISOString() } });
  });

  it('does not report a known conflict as new again', () => {
    const known: LocalState = { ...local, conflicts: { city: { local: 'Leuven', remote: 'Brugge', detectedAt: 'before' } } };
    const merge = mergeRemote(known, values({ email: 'old@x.be', city: 'Brugge', phone: '+32471111111' }), NOW);
    expect(merge.newConflicts).toEqual([]);
    expect(merge.conflicts.city?.detectedAt).toBe('before');
  });
});

describe('resolveConflicts', () => {
  const local: LocalState = {
    values: values({ city: 'Leuven' }),
    pending: { city: { base: 'Gent', editedAt: 'e' } },
    conflicts: { city: { local: 'Leuven', remote: 'Brugge', detectedAt: 'd' } },
  };

  it('LOCAL keeps our value pending over Robaws value as the new base', () => {
    expect(resolveConflicts(local, ['city'], 'LOCAL')).toEqual({ values: {}, pending: { city: { base: 'Brugge', editedAt: 'e' } }, conflicts: {} });
  });

  it('REMOTE takes Robaws value and drops the edit', () => {
    expect(resolveConflicts(local, ['city'], 'REMOTE')).toEqual({ values: { city: 'Brugge' }, pending: {}, conflicts: {} });
  });

  it('ignores fields that are not in conflict', () => {
    expect(resolveConflicts(local, ['email'], 'REMOTE').conflicts).toEqual(local.conflicts);
  });
});

describe('buildPushPatch', () => {
  it('guards each present field with a test, then replaces it, in Robaws names', () => {
    const raw = { id: 1, email: 'old@x.be', tel: '0470 11 11 11', address: { city: 'Gent' } };
    expect(buildPushPatch(raw, ['email', 'phone', 'city'], { email: 'new@x.be', phone: '+32470000000', city: 'Leuven' }, null)).toEqual([
      { op: 'test', path: '/email', value: 'old@x.be' },
      { op: 'replace', path: '/email', value: 'new@x.be' },
      { op: 'test', path: '/tel', value: '0470 11 11 11' },
      { op: 'replace', path: '/tel', value: '+32470000000' },
      { op: 'test', path: '/address/city', value: 'Gent' },
      { op: 'replace', path: '/address/city', value: 'Leuven' },
    ]);
  });

  it('adds missing fields and parents, and removes cleared ones', () => {
    const raw = { id: 1, gsm: '0470 22 22 22' };
    expect(buildPushPatch(raw, ['postalCode', 'city', 'mobile'], { postalCode: '9000', city: 'Gent', mobile: null }, null)).toEqual([
      { op: 'add', path: '/address', value: {} },
      { op: 'add', path: '/address/postalCode', value: '9000' },
      { op: 'add', path: '/address/city', value: 'Gent' },
      { op: 'test', path: '/gsm', value: '0470 22 22 22' },
      { op: 'remove', path: '/gsm' },
    ]);
  });

  it('writes the role into the custom field Robaws keeps it in', () => {
    expect(buildPushPatch({ extraFields: { role: { type: 'SELECT', stringValue: 'POV' } } }, ['role'], { role: 'BROKER' }, null)).toEqual([
      { op: 'test', path: '/extraFields/role/stringValue', value: 'POV' },
      { op: 'replace', path: '/extraFields/role/stringValue', value: 'BROKER' },
    ]);
    expect(buildPushPatch({ extraFields: {} }, ['role'], { role: 'BROKER' }, 'c0ffee')).toEqual([
      { op: 'add', path: '/extraFields/c0ffee', value: { type: 'SELECT', group: null } },
      { op: 'add', path: '/extraFields/c0ffee/stringValue', value: 'BROKER' },
    ]);
  });
});
