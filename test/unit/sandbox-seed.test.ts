import { createHash } from 'node:crypto';
import jsvat from 'jsvat-next';
import { describe, expect, it } from 'vitest';
import { KNOWN_ROLES } from '../../src/customers/roles.js';
import { LEGAL_SUFFIXES } from '../../src/sandbox/seed/countries.js';
import { generateClients } from '../../src/sandbox/seed/generator.js';
import type { SandboxClient } from '../../src/sandbox/seed/types.js';
import { validateClient } from '../../src/sandbox/validation.js';

const { checkVAT, belgium, netherlands, france, germany, luxembourg, unitedKingdom } = jsvat;
const EU_VAT_COUNTRIES = [belgium, netherlands, france, germany, luxembourg, unitedKingdom];

const seeded = generateClients();
const byId = new Map(seeded.clients.map((client) => [client.id, client]));

// Independent of the generator's own bookkeeping: what a duplicate finder would compare.
const vatKey = (vat: string) => vat.toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/^[A-Z]{2}(?=\d)/, '');
const emailKey = (email: string) => email.trim().toLowerCase();
const suffixesLongestFirst = [...LEGAL_SUFFIXES].sort((left, right) => right.length - left.length);
function splitLegalSuffix(name: string): { stem: string; suffix: string | null } {
  const trimmed = name.trim();
  const suffix = suffixesLongestFirst.find((candidate) => trimmed.toLowerCase().endsWith(` ${candidate.toLowerCase()}`));
  return suffix ? { stem: trimmed.slice(0, -suffix.length - 1).toLowerCase(), suffix } : { stem: trimmed.toLowerCase(), suffix: null };
}

function groupsBy(key: (client: SandboxClient) => string | null): SandboxClient[][] {
  const groups = new Map<string, SandboxClient[]>();
  for (const client of seeded.clients) {
    const value = key(client);
    if (value !== null) groups.set(value, [...(groups.get(value) ?? []), client]);
  }
  return [...groups.values()].filter((group) => group.length > 1);
}

function idSets(groups: ReadonlyArray<readonly { id: number }[]>): string[] {
  return groups.map((group) => group.map(({ id }) => id).sort((left, right) => left - right).join(',')).sort();
}

describe('generateClients', () => {
  it('is deterministic: the same seed gives the same JSON, another seed other data', () => {
    expect(JSON.stringify(generateClients({ count: 4017, seed: 1 }))).toBe(JSON.stringify(seeded));
    expect(JSON.stringify(generateClients({ count: 4017, seed: 2 }).clients)).not.toBe(JSON.stringify(seeded.clients));
  });

  // Computed before the seed was split into files per country: a change of any data or draw order shows here.
  it('generates, for seed 1, exactly the data it always has', () => {
    expect(createHash('sha256').update(JSON.stringify(seeded)).digest('hex')).toBe('28136f4df9296c426b3ab7f7cdc944f089a8b9ab97b5b6349b83509fc3abd9bb');
  });

  it('generates 4,017 clients by default, with increasing ids from 1001 and a few gaps', () => {
    expect(seeded.clients).toHaveLength(4017);
    const ids = seeded.clients.map((client) => client.id);
    expect(ids[0]).toBe(1001);
    expect(ids.every((id, index) => index === 0 || id > ids[index - 1]!)).toBe(true);
    expect(ids.at(-1)! - ids[0]! + 1).toBeGreaterThan(ids.length);
  });

  it('contains the two clients seen in the live account, exactly as seen', () => {
    const cars = seeded.clients.find((client) => client.name === '222 CARS');
    expect(cars).toMatchObject({
      email: 'info@222motors.ae',
      tel: '+971559659999',
      website: 'https://www.222motors.ae',
      extraFields: { Role: { type: 'SELECT', group: null, stringValue: 'LUXURY CAR DEALER' } },
    });
    const aeon = seeded.clients.find((client) => client.name === 'Aeon Shipping LLC');
    expect(aeon?.extraFields.Role).toEqual({ type: 'SELECT', group: null, stringValue: 'FORWARDER' });
    expect(aeon?.address?.countryCode).toBe('AE');
  });

  it('gives about 90% of clients a role from the known list, a few of them in odd case or spacing', () => {
    const roles = seeded.clients.map((client) => client.extraFields.Role?.stringValue).filter((role): role is string => Boolean(role));
    expect(roles.length / seeded.clients.length).toBeGreaterThan(0.86);
    expect(roles.length / seeded.clients.length).toBeLessThan(0.94);
    expect(roles.every((role) => (KNOWN_ROLES as readonly string[]).includes(role.trim().toUpperCase()))).toBe(true);
    expect(roles.filter((role) => role !== role.trim().toUpperCase()).length).toBeGreaterThan(20);
    expect(seeded.clients.some((client) => client.extraFields.Segment?.type === 'TEXT')).toBe(true);
  });

  it('mixes countries, client types, languages and currencies', () => {
    const countryCodes = new Set(seeded.clients.map((client) => client.address?.countryCode).filter(Boolean));
    expect([...countryCodes]).toEqual(expect.arrayContaining(['BE', 'NL', 'FR', 'DE', 'AE']));
    expect(seeded.clients.some((client) => client.address?.country === 'België')).toBe(true);
    expect(seeded.clients.some((client) => client.address && client.address.country === null && client.address.countryCode)).toBe(true);
    expect(new Set(seeded.clients.map((client) => client.clientType))).toEqual(new Set(['company', 'person']));
    expect(new Set(seeded.clients.map((client) => client.language))).toEqual(new Set(['nl', 'fr', 'en', 'de']));
    const currencies = seeded.clients.map((client) => client.currency);
    expect(currencies.filter((currency) => currency === 'EUR').length / currencies.length).toBeGreaterThan(0.7);
    expect(currencies).toEqual(expect.arrayContaining(['USD', 'GBP']));
    expect(LEGAL_SUFFIXES).toEqual(expect.arrayContaining(['BV', 'NV', 'BVBA', 'SRL', 'SA', 'SARL', 'GmbH', 'LLC', 'FZE', 'Ltd']));
  });

  it('writes phones in national and international formats, a few unparseable', () => {
    const phones = seeded.clients.flatMap((client) => [client.tel, client.gsm]).filter((phone): phone is string => phone !== null);
    for (const pattern of [/^04\d\d \d\d \d\d \d\d$/, /^0\d \d{3} \d\d \d\d$/, /^06-\d{8}$/, /^0\d( \d\d){4}$/, /^\+32 /, /^0032 /, /^\+971/]) {
      expect(phones.some((phone) => pattern.test(phone)), String(pattern)).toBe(true);
    }
    expect(phones.filter((phone) => ['n/a', '12'].includes(phone)).length).toBeGreaterThan(0);
    expect(seeded.clients.filter((client) => client.gsm !== null).length).toBeGreaterThan(500);
  });

  it('writes VAT numbers with and without prefix and punctuation, nearly all checksum-valid', () => {
    const vatNumbers = seeded.clients.filter((client) => client.vatNumber !== null);
    expect(vatNumbers.some((client) => /^BE \d{4}\.\d{3}\.\d{3}$/.test(client.vatNumber!))).toBe(true);
    expect(vatNumbers.some((client) => /^[01]\d{9}$/.test(client.vatNumber!))).toBe(true);
    expect(vatNumbers.some((client) => /^NL\d{9}B\d\d$/.test(client.vatNumber!))).toBe(true);
    const prefixed = vatNumbers.filter((client) => /^(BE|NL|FR|DE|LU|GB)/i.test(client.vatNumber!));
    const valid = prefixed.filter((client) => checkVAT(client.vatNumber!, EU_VAT_COUNTRIES).isValid);
    expect(valid.length / prefixed.length).toBeGreaterThan(0.95);
    expect(valid.length).toBeLessThan(prefixed.length);
    const trns = vatNumbers.filter((client) => client.address?.countryCode === 'AE').map((client) => client.vatNumber!.replace(/[ -]/g, ''));
    expect(trns.every((trn) => /^\d{15}$/.test(trn))).toBe(true);
    expect(trns.filter((trn) => trn.startsWith('100')).length / trns.length).toBeGreaterThan(0.95);
  });

  it('generates only clients that the sandbox accepts, with past timestamps', () => {
    for (const client of seeded.clients) {
      expect(validateClient(client)).toEqual([]);
      expect(client.createdAt <= client.updatedAt).toBe(true);
      expect(client.updatedAt < '2025-11-01').toBe(true);
    }
  });

  it('lists about 30 duplicate groups that really share a VAT number, an e-mail or a name stem', () => {
    const { duplicateGroups } = seeded;
    expect(duplicateGroups.length).toBeGreaterThanOrEqual(25);
    expect(new Set(duplicateGroups.map((group) => group.reason))).toEqual(new Set(['same-vat', 'same-email', 'same-name-other-suffix']));
    for (const group of duplicateGroups) {
      const members = group.ids.map((id) => byId.get(id)!);
      expect(members.every(Boolean)).toBe(true);
      if (group.reason === 'same-vat') {
        expect(new Set(members.map((client) => vatKey(client.vatNumber!))).size).toBe(1);
      } else if (group.reason === 'same-email') {
        expect(new Set(members.map((client) => emailKey(client.email!))).size).toBe(1);
      } else {
        const names = members.map((client) => splitLegalSuffix(client.name));
        expect(new Set(names.map((name) => name.stem)).size).toBe(1);
        expect(new Set(names.map((name) => name.suffix)).size).toBe(members.length);
      }
    }
  });

  it('has no duplicates besides the listed ones (the list is the whole ground truth)', () => {
    const listed = (reason: string) => seeded.duplicateGroups.filter((group) => group.reason === reason).map((group) => group.ids.map((id) => ({ id })));
    expect(idSets(groupsBy((client) => (client.vatNumber ? vatKey(client.vatNumber) : null)))).toEqual(idSets(listed('same-vat')));
    expect(idSets(groupsBy((client) => (client.email ? emailKey(client.email) : null)))).toEqual(idSets(listed('same-email')));
    const sameStem = groupsBy((client) => splitLegalSuffix(client.name).stem);
    expect(idSets(sameStem)).toEqual(idSets(listed('same-name-other-suffix')));
  });

  // Its speed is a benchmark figure (npm run bench), not a test.
  it('generates 100,000 clients for the large benchmarks', () => {
    const { clients, duplicateGroups } = generateClients({ count: 100_000, seed: 3 });
    expect(clients).toHaveLength(100_000);
    expect(duplicateGroups.length).toBeGreaterThan(700);
  });
});
