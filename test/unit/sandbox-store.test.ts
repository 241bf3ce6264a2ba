import { describe, expect, it } from 'vitest';
import { applyJsonPatch, applyMergePatch, JsonPatchError, type JsonObject } from '../../src/sandbox/json.js';
import { generateClients } from '../../src/sandbox/seed/generator.js';
import { ClientNotFoundError, ClientStore, ClientValidationError, type ClientEvent } from '../../src/sandbox/store.js';

function newStore(count = 200): ClientStore {
  return new ClientStore(generateClients({ count, seed: 5 }).clients);
}

function firstId(store: ClientStore): number {
  return store.list({ size: 1 }).items[0]!.id;
}

describe('applyMergePatch (RFC 7386)', () => {
  it('merges objects recursively, removes members set to null and replaces everything else', () => {
    const target = { name: 'A', gsm: '0470', address: { city: 'Gent', postalCode: '9000' }, tags: [1, 2] };
    expect(applyMergePatch(target, { gsm: null, address: { city: 'Antwerpen' }, tags: [3] })).toEqual({
      name: 'A',
      address: { city: 'Antwerpen', postalCode: '9000' },
      tags: [3],
    });
    expect(target.gsm).toBe('0470');
  });

  it('refuses a patch that names __proto__, constructor or prototype, at any depth, rather than apply part of it', () => {
    for (const patch of ['{"constructor": 1, "name": "B"}', '{"address": {"__proto__": {"city": "X"}}, "name": "B"}', '{"prototype": null}']) {
      expect(() => applyMergePatch({ name: 'A' }, JSON.parse(patch) as JsonObject), patch).toThrow(expect.objectContaining({ failure: 'invalid' }));
    }
  });
});

describe('applyJsonPatch (RFC 6902)', () => {
  const document = { name: 'A', 'a/b': 1, address: { city: 'Gent' }, list: [1, 2] };

  it('applies test, add, replace and remove, with escaped pointers and array indexes', () => {
    expect(
      applyJsonPatch(document, [
        { op: 'test', path: '/address', value: { city: 'Gent' } },
        { op: 'replace', path: '/a~1b', value: 2 },
        { op: 'add', path: '/address/country', value: 'Belgium' },
        { op: 'add', path: '/list/-', value: 3 },
        { op: 'remove', path: '/list/0' },
        { op: 'remove', path: '/name' },
      ]),
    ).toEqual({ 'a/b': 2, address: { city: 'Gent', country: 'Belgium' }, list: [2, 3] });
    expect(document.name).toBe('A');
  });

  it('refuses a failing test and a missing path, naming why', () => {
    const failure = (operation: Parameters<typeof applyJsonPatch>[1][number]) => {
      try {
        applyJsonPatch(document, [operation]);
      } catch (error) {
        return error instanceof JsonPatchError ? error.failure : error;
      }
      return 'applied';
    };
    expect(failure({ op: 'test', path: '/name', value: 'B' })).toBe('test-failed');
    expect(failure({ op: 'test', path: '/missing', value: null })).toBe('test-failed');
    expect(failure({ op: 'replace', path: '/missing', value: 1 })).toBe('conflict');
    expect(failure({ op: 'remove', path: '/address/zip' })).toBe('conflict');
    expect(failure({ op: 'add', path: '/nowhere/x', value: 1 })).toBe('conflict');
    expect(failure({ op: 'add', path: 'name', value: 1 })).toBe('invalid');
  });
});

describe('ClientStore', () => {
  it('lists by id by default, pages, sorts, filters on a custom field and on updatedFrom', () => {
    const store = newStore();
    const all = store.list({ size: 1000 }).items;
    expect(all.map((client) => client.id)).toEqual([...all.map((client) => client.id)].sort((left, right) => left - right));
    expect(store.list({ page: 1, size: 7 }).items).toEqual(all.slice(7, 14));

    const byName = store.list({ size: 1000, sort: [{ field: 'name', direction: 'desc' }] }).items.map((client) => String(client.name));
    expect(byName).toEqual([...byName].sort((left, right) => new Intl.Collator('en').compare(right, left)));
    const byCity = store.list({ size: 1000, sort: [{ field: 'address.city', direction: 'asc' }] }).items;
    expect(byCity.at(-1)!.address).toBeFalsy();

    const forwarders = store.list({ size: 1000, filters: { extraFields: { Role: 'FORWARDER' } } });
    expect(forwarders.totalItems).toBeGreaterThan(0);
    expect(forwarders.items.every((client) => (client.extraFields as { Role: { stringValue: string } }).Role.stringValue === 'FORWARDER')).toBe(true);

    const latest = [...all].sort((left, right) => right.updatedAt.localeCompare(left.updatedAt))[0]!;
    expect(store.list({ updatedFrom: latest.updatedAt }).items.map((client) => client.id)).toEqual([latest.id]);
  });

  it("serves a page as JSON that is list's answer serialized, kept up to date by every change", () => {
    const store = newStore(30);
    const queries = [{}, { page: 1, size: 7 }, { size: 5, sort: [{ field: 'name', direction: 'desc' as const }] }, { page: 9, size: 10 }];
    const expectInStep = () => {
      for (const query of queries) expect(store.listJson(query)).toBe(JSON.stringify(store.list(query)));
    };
    expectInStep();
    const [renamed, patched, deleted] = store.list({ size: 3 }).items.map((client) => client.id);
    store.update(renamed!, { name: 'Renamed "quoted" BV' });
    store.applyJsonPatch(patched!, [{ op: 'replace', path: '/email', value: 'new@example.be' }]);
    store.delete(deleted!);
    store.create({ name: 'New client NV' });
    expectInStep();
    expect(store.listJson({ size: 1 })).toContain('Renamed \\"quoted\\" BV');
  });

  it('hands out copies', () => {
    const store = newStore();
    const id = firstId(store);
    store.get(id)!.name = 'changed by a caller';
    store.list({ size: 1 }).items[0]!.name = 'changed by a caller';
    expect(store.get(id)!.name).not.toBe('changed by a caller');
  });

  it('creates with the next id, defaults and timestamps, and refuses invalid clients', () => {
    const store = newStore();
    const created = store.create({ name: 'Delta Logistics BV', id: 1, createdAt: '2000-01-01T00:00:00Z' });
    expect(created.id).toBe(store.list({ size: 1000 }).items.at(-1)!.id);
    expect(created).toMatchObject({ clientType: 'company', currency: 'EUR', extraFields: {} });
    expect(created.createdAt).toBe(created.updatedAt);
    expect(() => store.create({ name: '  ' })).toThrow(ClientValidationError);
    expect(() => store.create({ name: 'X', email: 'no-at-sign', currency: 'EURO' })).toThrow(/email.*currency/);
  });

  it('applies merge patches and JSON patches, keeps id and createdAt, and sets a strictly increasing updatedAt', () => {
    const store = new ClientStore(generateClients({ count: 20, seed: 5 }).clients, () => Date.parse('2026-01-01T00:00:00.000Z'));
    const id = firstId(store);
    const before = store.get(id)!;
    const merged = store.update(id, { gsm: null, address: { city: 'Brugge' }, id: 5, createdAt: '2000-01-01T00:00:00Z' });
    expect(merged).not.toHaveProperty('gsm');
    expect(merged.address).toMatchObject({ city: 'Brugge' });
    expect(merged).toMatchObject({ id, createdAt: before.createdAt, updatedAt: '2026-01-01T00:00:00.000Z' });

    const patched = store.applyJsonPatch(id, [
      { op: 'test', path: '/address/city', value: 'Brugge' },
      { op: 'replace', path: '/name', value: 'Renamed NV' },
    ]);
    expect(patched).toMatchObject({ name: 'Renamed NV', updatedAt: '2026-01-01T00:00:00.001Z' });

    expect(() => store.applyJsonPatch(id, [{ op: 'test', path: '/name', value: 'Other' }, { op: 'remove', path: '/name' }])).toThrow(JsonPatchError);
    expect(() => store.update(id, { email: 'broken' })).toThrow(ClientValidationError);
    expect(store.get(id)).toEqual(patched);
    expect(() => store.update(999_999, { name: 'x' })).toThrow(ClientNotFoundError);
  });

  it('tells listeners about creations and updates, not about deletions and restores', () => {
    const store = newStore();
    const events: ClientEvent[] = [];
    const stop = store.onEvent((event) => events.push(event));
    const created = store.create({ name: 'Listener Test BV' });
    store.update(created.id, { tel: '03 123 45 67' });
    store.delete(created.id);
    store.restore(created.id);
    stop();
    store.update(created.id, { tel: '03 765 43 21' });
    expect(events.map((event) => [event.type, event.client.id])).toEqual([
      ['client.created', created.id],
      ['client.updated', created.id],
    ]);
    expect(events[1]!.client.tel).toBe('03 123 45 67');
  });

  it('deletes and restores: a deleted client is gone from get and list until restored as it was', () => {
    const store = newStore();
    const id = firstId(store);
    const before = store.get(id);
    store.delete(id);
    expect(store.get(id)).toBeUndefined();
    expect(store.list({ size: 1000 }).items.some((client) => client.id === id)).toBe(false);
    expect(store.count).toBe(199);
    expect(() => store.delete(id)).toThrow(ClientNotFoundError);
    expect(store.restore(id)).toEqual(before);
    expect(store.list({ size: 1 }).items[0]!.id).toBe(id);
    expect(() => store.restore(id)).toThrow(ClientNotFoundError);
  });

  it('changes distinct random clients, the same ones for the same seed', () => {
    const first = newStore().changeRandom(50, 9);
    expect(new Set(first).size).toBe(50);
    expect(newStore().changeRandom(50, 9)).toEqual(first);
    expect(newStore().changeRandom(50, 10)).not.toEqual(first);
    expect(newStore(20).changeRandom(50)).toHaveLength(20);
  });
});
