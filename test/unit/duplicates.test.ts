import { describe, expect, it } from 'vitest';
import { normalizeClient } from '../../src/customers/normalize.js';
import {
  findDuplicateGroups,
  nameKey,
  phoneKeys,
  scorePair,
  trigramSimilarity,
  trigramsOf,
  vatKey,
  type DuplicateCandidate,
} from '../../src/customers/duplicates.js';
import { withoutDismissed } from '../../src/customers/duplicate-dismissals.js';
import { generateClients } from '../../src/sandbox/seed/generator.js';

let nextId = 1;
/** A name of its own: letters scrambled from the id, so no two share more than a trigram or two. */
const scrambled = (id: number) => (Math.imul(id, 2654435761) >>> 0).toString(26).replace(/\d/g, (digit) => 'qrstuvwxyz'[Number(digit)]!);
function candidate(fields: Partial<DuplicateCandidate>): DuplicateCandidate {
  const id = nextId++;
  return { id, name: `${scrambled(id)} ${scrambled(id * 31)}`, email: null, vatNumber: null, phone: null, mobile: null, ...fields };
}

describe('nameKey', () => {
  it.each([
    ['Delta Freight B.V.', 'delta freight'],
    ['DELTA FREIGHT NV', 'delta freight'],
    ['Delta-Freight bvba', 'delta freight'],
    ['Müller Logistik GmbH & Co. KG', 'muller logistik'],
    ['Aeon Shipping L.L.C.', 'aeon shipping'],
    ['Liège Transports S.à r.l.', 'liege transports'],
    ['Britannia Haulage Ltd.', 'britannia haulage'],
    ['Star Motors Holding SA', 'star motors holding'],
    ['Peeters & Janssens', 'peeters janssens'],
  ])('%s -> %s', (name, key) => {
    expect(nameKey(name)).toBe(key);
  });

  it('strips legal forms only at the end, and never the whole name', () => {
    expect(nameKey('NV Delta')).toBe('nv delta');
    expect(nameKey('BV')).toBe('bv');
    expect(nameKey('Trading Co Ltd')).toBe('trading');
  });
});

describe('vatKey and phoneKeys', () => {
  it('a VAT number without its country prefix; too short is no key', () => {
    expect(vatKey('BE0123456749')).toBe('0123456749');
    expect(vatKey('be 0123.456.749')).toBe('0123456749');
    expect(vatKey('100384756200003')).toBe('100384756200003');
    expect(vatKey('BE12')).toBeNull();
    expect(vatKey(null)).toBeNull();
  });

  it('only E.164 numbers identify anyone', () => {
    expect(phoneKeys({ phone: '+3231234567', mobile: '+3231234567' })).toEqual(['+3231234567']);
    expect(phoneKeys({ phone: 'n/a', mobile: '0' })).toEqual([]);
  });
});

describe('trigram similarity (as pg_trgm computes it)', () => {
  it("pads each word like pg_trgm's show_trgm", () => {
    expect([...trigramsOf('word')].sort()).toEqual(['  w', ' wo', 'ord', 'rd ', 'wor']);
  });

  it("similarity('word', 'two words') is 0.363636..., as in the pg_trgm documentation", () => {
    expect(trigramSimilarity(trigramsOf('word'), trigramsOf('two words'))).toBeCloseTo(0.363636, 5);
    expect(trigramSimilarity(trigramsOf('abc'), trigramsOf(''))).toBe(0);
  });
});

describe('scorePair', () => {
  it('a shared VAT number alone is 0.95', () => {
    const result = scorePair(candidate({ vatNumber: 'BE0123456749' }), candidate({ vatNumber: '0123456749' }));
    expect(result).toEqual({ score: 0.95, reasons: [{ kind: 'SAME_VAT', value: '0123456749', similarity: null }] });
  });

  it('combines reasons as independent evidence', () => {
    const result = scorePair(
      candidate({ name: 'Delta Freight BV', email: 'info@delta.be', phone: '+3231234567' }),
      candidate({ name: 'Delta Freight NV', email: 'INFO@delta.be', mobile: '+3231234567' }),
    );
    expect(result.reasons.map((reason) => reason.kind)).toEqual(['SAME_EMAIL', 'SAME_PHONE', 'SAME_NAME']);
    expect(result.score).toBeCloseTo(1 - 0.2 * 0.45 * 0.25, 3);
  });

  it('a similar name alone stays under the default minimum score of 0.6', () => {
    const result = scorePair(candidate({ name: 'Aeon Shipping LLC' }), candidate({ name: 'Aeon Shiping LLC' }));
    expect(result.reasons).toEqual([{ kind: 'SIMILAR_NAME', value: 'aeon shipping ~ aeon shiping', similarity: expect.any(Number) }]);
    expect(result.score).toBeGreaterThan(0.3);
    expect(result.score).toBeLessThan(0.6);
  });

  it('different companies share nothing', () => {
    expect(scorePair(candidate({ name: 'Atlas Freight', email: 'a@atlas.be' }), candidate({ name: 'Orion Motors', email: 'b@orion.de' }))).toEqual({
      score: 0,
      reasons: [],
    });
  });
});

describe('findDuplicateGroups', () => {
  it('joins pairs that share a customer into one group, best groups first', () => {
    const a = candidate({ name: 'Alpha Cargo BV', vatNumber: 'BE0123456749' });
    const b = candidate({ name: 'Something Else NV', vatNumber: 'BE0123456749', email: 'ops@alpha.be' });
    const c = candidate({ name: 'Third Name', email: 'ops@alpha.be' });
    const d = candidate({ name: 'Nordic Haulage Ltd' });
    const e = candidate({ name: 'Nordic Haulage Limited' });
    const groups = findDuplicateGroups([a, b, c, d, e, candidate({})], { minScore: 0.6 });
    expect(groups.map((group) => group.ids)).toEqual([[a.id, b.id, c.id], [d.id, e.id]]);
    expect(groups[0]!.score).toBe(0.95);
    expect(groups[0]!.pairs.map((pair) => pair.ids)).toEqual([
      [a.id, b.id],
      [b.id, c.id],
    ]);
  });

  it('a value shared by very many customers is a placeholder, not an identity', () => {
    const many = Array.from({ length: 30 }, () => candidate({ phone: '+3220000000' }));
    expect(findDuplicateGroups(many, { minScore: 0.1 })).toEqual([]);
  });

  it('finds similar names among neighbours only when the minimum score lets a similar name count alone', () => {
    const pair = [candidate({ name: 'Meridian Shipping' }), candidate({ name: 'Meridian Shiping' })];
    const fillers = Array.from({ length: 50 }, () => candidate({}));
    expect(findDuplicateGroups([...pair, ...fillers], { minScore: 0.6 })).toEqual([]);
    expect(findDuplicateGroups([...pair, ...fillers], { minScore: 0.3 }).map((group) => group.ids)).toEqual([pair.map((customer) => customer.id)]);
  });

  it('finds similar names that differ in their first letter, which sorted forwards lie far apart', () => {
    // Forwards, the names starting with b to y sort between the two; read backwards, the two are neighbours.
    const pair = [candidate({ name: 'Aeridian Shipping' }), candidate({ name: 'Zeridian Shipping' })];
    const between = Array.from({ length: 24 }, (_, index) => candidate({ name: `${String.fromCharCode(98 + index)}${scrambled(index + 1)} Cargo` }));
    expect(findDuplicateGroups([...pair, ...between], { minScore: 0.3, window: 8 }).map((group) => group.ids)).toEqual([pair.map((customer) => customer.id)]);
  });

  it('finds exactly the duplicates a 1,000-client sandbox seeded (normalized as a sync stores them)', () => {
    const { clients, duplicateGroups } = generateClients({ count: 1000, seed: 7 });
    const candidates = clients.map((client) => {
      const customer = normalizeClient({ ...client, id: String(client.id) } as never, { defaultCountry: 'BE' });
      return { id: client.id, name: customer.name, email: customer.email, vatNumber: customer.vatNumber, phone: customer.phone, mobile: customer.mobile };
    });
    const found = findDuplicateGroups(candidates, { minScore: 0.6 }).map((group) => group.ids.join(','));
    expect(duplicateGroups.length).toBeGreaterThan(5);
    expect(found.sort()).toEqual(duplicateGroups.map((group) => [...group.ids].sort((a, b) => a - b).join(',')).sort());
  });
});

describe('withoutDismissed', () => {
  const group = (ids: number[]) => ({ ids, score: 0.9, pairs: [] });

  it('leaves out a group within one dismissed set, whole or part of it, and keeps a group another customer joined', () => {
    const groups = [group([1, 2]), group([3, 4, 5]), group([6, 7]), group([8, 9])];
    expect(withoutDismissed(groups, [[1, 2], [3, 4, 5, 10], [6, 8]]).map((kept) => kept.ids)).toEqual([[6, 7], [8, 9]]);
  });

  it('a group spread over two dismissed sets is still shown: no one dismissed it as a whole', () => {
    expect(withoutDismissed([group([1, 2, 3])], [[1, 2], [3, 4]]).map((kept) => kept.ids)).toEqual([[1, 2, 3]]);
  });
});
