import { describe, expect, it } from 'vitest';
import {
  extractRole,
  normalizeClient,
  normalizeCountryCode,
  normalizeEmail,
  normalizePhone,
  normalizeSearchTerm,
  normalizeVat,
  normalizeWebsite,
  searchTextOf,
  splitAddressLine,
  type FieldNormalization,
} from '../../src/customers/normalize.js';
import type { PhoneCountries } from '../../src/customers/phone.js';
import { robawsClientSchema, type RobawsClient } from '../../src/robaws/types.js';

const valid = (value: string | null): FieldNormalization => ({ value, valid: true });
const invalid = (value: string): FieldNormalization => ({ value, valid: false, problem: 'invalid' });
const unparseable = (value: string): FieldNormalization => ({ value, valid: false, problem: 'unparseable' });

describe('normalizePhone', () => {
  it.each<[string | null | undefined, PhoneCountries, FieldNormalization]>([
    ['0470 12 34 56', {}, valid('+32470123456')],
    ['0470/12.34.56', { countryCode: 'BE' }, valid('+32470123456')],
    ['(03) 231-45-67', {}, valid('+3232314567')],
    ['+32 (0)470 12.34.56', {}, valid('+32470123456')],
    ['0032 470 12 34 56', { defaultCountry: 'US' }, valid('+32470123456')],
    ['06 12345678', { countryCode: 'NL' }, valid('+31612345678')],
    ['06 12345678', { countryCode: 'Nederland' }, valid('+31612345678')],
    ['06-12345678', { defaultCountry: 'NL' }, valid('+31612345678')],
    ['01 23 45 67 89', { countryCode: 'fr' }, valid('+33123456789')],
    ['030 1234567', { countryCode: 'DE' }, valid('+49301234567')],
    ['055 965 9999', { countryCode: 'AE' }, valid('+971559659999')],
    ['+971559659999', {}, valid('+971559659999')],
    ['00971 55 965 9999', { countryCode: 'BE' }, valid('+971559659999')],
    ['0470 12 34 56', { countryCode: 'AE' }, valid('+32470123456')],
    ['  +1 (650) 253-0000 ', {}, valid('+16502530000')],
    ['12', {}, unparseable('12')],
    [' call me ', {}, unparseable('call me')],
    ['06 12345678', {}, invalid('06 12345678')],
    ['0470 12 34 56', { countryCode: 'XX', defaultCountry: 'NL' }, invalid('0470 12 34 56')],
    [null, {}, valid(null)],
    [undefined, {}, valid(null)],
    ['', {}, valid(null)],
    ['   ', {}, valid(null)],
  ])('%j with %j', (input, countries, expected) => {
    expect(normalizePhone(input, countries)).toEqual(expected);
  });
});

describe('normalizeVat', () => {
  it.each<[string | null | undefined, string | null | undefined, FieldNormalization]>([
    ['BE 0403.170.701', null, valid('BE0403170701')],
    ['be0403170701', 'BE', valid('BE0403170701')],
    ['0403170701', 'BE', valid('BE0403170701')],
    ['0403-170-701', 'be', valid('BE0403170701')],
    ['403170701', 'BE', valid('BE0403170701')],
    ['BE 403.170.701', undefined, valid('BE0403170701')],
    ['BE0403170702', null, invalid('BE0403170702')],
    ['0123.456.789', 'BE', invalid('BE0123456789')],
    ['094259216', 'GR', valid('EL094259216')],
    ['GR 094 259 216', null, valid('EL094259216')],
    ['004495445B01', 'NL', valid('NL004495445B01')],
    ['nl004495445b01', null, valid('NL004495445B01')],
    ['DE129273398', 'DE', valid('DE129273398')],
    ['DE129273399', 'DE', invalid('DE129273399')],
    ['FR 40 303 265 045', 'FR', valid('FR40303265045')],
    ['26375245', 'Luxembourg', valid('LU26375245')],
    ['PL 526-025-02-74', 'PL', valid('PL5260250274')],
    ['A28015865', 'ES', valid('ESA28015865')],
    ['00743110157', 'IT', valid('IT00743110157')],
    ['U13585627', 'AT', valid('ATU13585627')],
    ['ATU13585628', 'AT', invalid('ATU13585628')],
    ['116.281.710', 'CH', valid('CHE116281710')],
    ['100000000000003', 'AE', valid('100000000000003')],
    ['100-000-000-000-003', 'United Arab Emirates', valid('100000000000003')],
    ['0403170701', null, valid('0403170701')],
    ['N/A', 'BE', unparseable('N/A')],
    [null, 'BE', valid(null)],
    ['', 'BE', valid(null)],
    ['  ', null, valid(null)],
  ])('%j in %j', (input, countryCode, expected) => {
    expect(normalizeVat(input, countryCode)).toEqual(expected);
  });
});

describe('extractRole', () => {
  type RoleInput = Parameters<typeof extractRole>[0];
  // Robaws may send what our schema would reject (wrong types inside a field): extractRole must cope.
  const raw = (client: Record<string, unknown>) => client as RoleInput;

  it.each<[string, RoleInput, string | null | undefined, string | null]>([
    ['the Role field', raw({ extraFields: { Role: { type: 'SELECT', group: null, stringValue: 'LUXURY CAR DEALER' } } }), undefined, 'LUXURY CAR DEALER'],
    ['trimmed and upper-cased', raw({ extraFields: { Role: { stringValue: 'forwarder ' } } }), undefined, 'FORWARDER'],
    ['inner whitespace collapsed', raw({ extraFields: { Role: { stringValue: '  shipping \t line ' } } }), undefined, 'SHIPPING LINE'],
    ['a lower-case key', raw({ extraFields: { role: { stringValue: 'agent' } } }), undefined, 'AGENT'],
    ['an upper-case key', raw({ extraFields: { ROLE: { stringValue: 'agent' } } }), undefined, 'AGENT'],
    ['a field named Role under an id', raw({ extraFields: { 'a1b2-c3': { name: ' role ', stringValue: 'carrier' } } }), undefined, 'CARRIER'],
    ['the configured field id', raw({ extraFields: { 'f3c1-99': { stringValue: 'haulier' } } }), 'f3c1-99', 'HAULIER'],
    ['an id that is not configured', raw({ extraFields: { 'f3c1-99': { stringValue: 'haulier' } } }), null, null],
    ['the configured id before the Role key', raw({ extraFields: { Role: { stringValue: 'old' }, 'f3c1-99': { stringValue: 'new' } } }), 'f3c1-99', 'NEW'],
    ['value when stringValue is absent', raw({ extraFields: { Role: { value: 'broker' } } }), undefined, 'BROKER'],
    ['textValue when the others are absent', raw({ extraFields: { Role: { textValue: 'consignee' } } }), undefined, 'CONSIGNEE'],
    ['value when stringValue is not a string', raw({ extraFields: { Role: { stringValue: 42, value: 'agent' } } }), undefined, 'AGENT'],
    ['no string value at all', raw({ extraFields: { Role: { stringValue: 42, value: { id: 1 } } } }), undefined, null],
    ['a blank value', raw({ extraFields: { Role: { stringValue: '   ' } } }), undefined, null],
    ['a blank stringValue before textValue', raw({ extraFields: { Role: { stringValue: '', textValue: 'shipper' } } }), undefined, 'SHIPPER'],
    ['a field that is a plain string', raw({ extraFields: { Role: 'carrier' } }), undefined, 'CARRIER'],
    ['a null field', raw({ extraFields: { Role: null } }), undefined, null],
    ['extraFields that are not an object', raw({ extraFields: 'Role' }), undefined, null],
    ['no extraFields', raw({ extraFields: null }), undefined, null],
    ['other fields only', raw({ extraFields: { Remarks: { stringValue: 'forwarder' } } }), undefined, null],
    ['never clientType', raw({ clientType: 'company', extraFields: {} }), undefined, null],
    ['custom_fields.role', raw({ custom_fields: { role: 'forwarder' } }), undefined, 'FORWARDER'],
    ['a custom field whose name mentions role', raw({ custom_fields: [{ name: 'Customer role', value: 'agent' }] }), undefined, 'AGENT'],
    ['not a custom field named Controle', raw({ custom_fields: [{ name: 'Controle', value: 'ok' }] }), undefined, null],
    ['extraFields before custom_fields', raw({ extraFields: { Role: { stringValue: 'a' } }, custom_fields: { role: 'b' } }), undefined, 'A'],
  ])('%s', (_, client, roleFieldId, expected) => {
    expect(extractRole(client, { roleFieldId })).toBe(expected);
  });
});

describe('normalizeEmail', () => {
  it.each<[string | null | undefined, FieldNormalization]>([
    ['INFO@222motors.ae ', valid('info@222motors.ae')],
    ['Jan.Peeters+Sales@Bedrijf.be', valid('jan.peeters+sales@bedrijf.be')],
    ['info.zoe.be', invalid('info.zoe.be')],
    ['jan peeters@bedrijf.be', invalid('jan peeters@bedrijf.be')],
    ['info@zoe', invalid('info@zoe')],
    ['info@222motors.ae; sales@222motors.ae', invalid('info@222motors.ae; sales@222motors.ae')],
    [null, valid(null)],
    ['   ', valid(null)],
  ])('%j', (input, expected) => {
    expect(normalizeEmail(input)).toEqual(expected);
  });
});

describe('normalizeWebsite', () => {
  it.each<[string | null | undefined, FieldNormalization]>([
    ['www.222motors.ae', valid('https://www.222motors.ae')],
    [' WWW.Example.BE/Contact ', valid('https://www.example.be/Contact')],
    ['http://Example.com', valid('http://example.com')],
    ['HTTPS://shop.example.com:8443/a?b=C', valid('https://shop.example.com:8443/a?b=C')],
    ['example.be/', valid('https://example.be/')],
    ['not a website', invalid('not a website')],
    ['localhost', invalid('localhost')],
    ['ftp://files.example.com', invalid('ftp://files.example.com')],
    ['-', invalid('-')],
    [null, valid(null)],
    ['', valid(null)],
  ])('%j', (input, expected) => {
    expect(normalizeWebsite(input)).toEqual(expected);
  });
});

describe('normalizeCountryCode', () => {
  it.each<[string | null | undefined, string | null]>([
    ['be', 'BE'],
    [' NL ', 'NL'],
    ['Belgium', 'BE'],
    ['België', 'BE'],
    ['belgie', 'BE'],
    ['Belgique', 'BE'],
    ['Belgien', 'BE'],
    ['United Arab Emirates', 'AE'],
    ['Verenigde Arabische Emiraten', 'AE'],
    ['Émirats arabes unis', 'AE'],
    ['Vereinigte Arabische Emirate', 'AE'],
    ['UAE', 'AE'],
    ['U.A.E.', 'AE'],
    ['Nederland', 'NL'],
    ['Pays-Bas', 'NL'],
    ['Niederlande', 'NL'],
    ['The Netherlands', 'NL'],
    ['Frankrijk', 'FR'],
    ['Allemagne', 'DE'],
    ['Deutschland', 'DE'],
    ['Luxemburg', 'LU'],
    ['United Kingdom', 'GB'],
    ['Royaume-Uni', 'GB'],
    ['Vereinigtes Königreich', 'GB'],
    ['UK', 'GB'],
    ['Verenigde Staten', 'US'],
    ['États-Unis', 'US'],
    ['USA', 'US'],
    ['Spanje', 'ES'],
    ['Espagne', 'ES'],
    ['Italië', 'IT'],
    ['Italien', 'IT'],
    ['Zwitserland', 'CH'],
    ['Suisse', 'CH'],
    ['Oostenrijk', 'AT'],
    ['Österreich', 'AT'],
    ['Pologne', 'PL'],
    ['Polen', 'PL'],
    ['XX', null],
    ['Atlantis', null],
    ['', null],
    [null, null],
  ])('%j', (input, expected) => {
    expect(normalizeCountryCode(input)).toBe(expected);
  });
});

describe('splitAddressLine', () => {
  it.each<[string, string, string | null]>([
    ['Kerkstraat 12', 'Kerkstraat', '12'],
    ['Rue de la Loi 16A', 'Rue de la Loi', '16A'],
    ['12 Main Street', 'Main Street', '12'],
    ['12, rue de la Paix', 'rue de la Paix', '12'],
    ['Kerkstraat 12 bus 3', 'Kerkstraat', '12 bus 3'],
    ['Industrieweg 40-42', 'Industrieweg', '40-42'],
    ['Avenue 2000 12', 'Avenue 2000', '12'],
    ['Industriezone Noord', 'Industriezone Noord', null],
  ])('%j', (line, street, streetNumber) => {
    expect(splitAddressLine(line)).toEqual({ street, streetNumber });
  });
});

describe('searchTextOf', () => {
  it.each<[Parameters<typeof searchTextOf>[0], string]>([
    [{ name: 'Café Zoë BV', email: 'info@zoe.be', vatNumber: 'BE0123456789' }, 'cafe zoe bv info@zoe.be be0123456789 0123456789'],
    [{ name: '  Aeon   Shipping LLC ', email: null, vatNumber: null }, 'aeon shipping llc'],
    [{ name: 'Müller GmbH', email: 'INFO@MUELLER.DE', vatNumber: 'DE129273398' }, 'muller gmbh info@mueller.de de129273398 129273398'],
    [{ name: '222 CARS', email: null, vatNumber: '100000000000003' }, '222 cars 100000000000003'],
    [{ name: null, email: null, vatNumber: null }, ''],
  ])('%j', (fields, expected) => {
    expect(searchTextOf(fields)).toBe(expected);
  });
});

describe('normalizeSearchTerm', () => {
  it.each<[string, string]>([
    ['BE 0123.456.789', 'be0123456789'],
    ['0123.456.789', '0123456789'],
    ['be-0123-456-789', 'be0123456789'],
    ['  Café   ZOË ', 'cafe zoe'],
    ['Aeon-Shipping', 'aeon-shipping'],
    ['1234567', '1234567'],
    ['BE 0123.456.789.012.3', 'be 0123.456.789.012.3'],
    ['INFO@222motors.ae', 'info@222motors.ae'],
  ])('%j', (term, expected) => {
    expect(normalizeSearchTerm(term)).toBe(expected);
  });
});

describe('normalizeClient', () => {
  const client = (record: Record<string, unknown>): RobawsClient => robawsClientSchema.parse(record);

  it('normalizes the real 222 CARS record', () => {
    const record = client({
      id: 222,
      name: '222 CARS',
      email: 'INFO@222motors.ae ',
      tel: '+971559659999',
      website: 'www.222motors.ae',
      address: { country: 'United Arab Emirates' },
      extraFields: { Role: { type: 'SELECT', group: null, stringValue: 'LUXURY CAR DEALER' } },
    });

    expect(normalizeClient(record)).toEqual({
      robawsClientId: '222',
      name: '222 CARS',
      role: 'LUXURY CAR DEALER',
      email: 'info@222motors.ae',
      phone: '+971559659999',
      mobile: null,
      address: 'United Arab Emirates',
      street: null,
      streetNumber: null,
      postalCode: null,
      city: null,
      country: 'United Arab Emirates',
      countryCode: 'AE',
      vatNumber: null,
      website: 'https://www.222motors.ae',
      language: null,
      currency: 'EUR',
      clientType: null,
      robawsActive: true,
      robawsUpdatedAt: null,
      searchText: '222 cars info@222motors.ae',
      issues: [],
    });
  });

  it('upper-cases the role of the real Aeon Shipping LLC record', () => {
    const record = client({ id: 1043, name: 'Aeon Shipping LLC', extraFields: { Role: { type: 'SELECT', group: null, stringValue: 'forwarder ' } } });

    expect(normalizeClient(record)).toMatchObject({ name: 'Aeon Shipping LLC', role: 'FORWARDER', issues: [] });
  });

  it('gives a company without a Role field no role', () => {
    const record = client({ id: 5, name: 'Acme', clientType: 'company', extraFields: { Remarks: { stringValue: 'x' } } });

    expect(normalizeClient(record)).toMatchObject({ role: null, clientType: 'company' });
  });

  it('builds a Belgian address, phones and VAT from a structured record', () => {
    const record = client({
      id: '17',
      name: '  Café   Zoë  BV ',
      email: 'Info@Zoe.be',
      tel: '03 231 45 67',
      gsm: '0470 12 34 56',
      vatNumber: '0403.170.701',
      website: 'http://zoe.be',
      language: 'NL',
      currency: 'eur',
      clientType: 'company',
      isActive: false,
      address: { addressLine1: 'Kerkstraat 12', postalCode: '2000', city: ' Antwerpen ', country: 'Belgium', countryCode: 'be' },
      updatedAt: '2024-05-01T10:00:00.000+02:00',
    });

    expect(normalizeClient(record)).toEqual({
      robawsClientId: '17',
      name: 'Café Zoë BV',
      role: null,
      email: 'info@zoe.be',
      phone: '+3232314567',
      mobile: '+32470123456',
      address: 'Kerkstraat 12, 2000 Antwerpen, Belgium',
      street: 'Kerkstraat',
      streetNumber: '12',
      postalCode: '2000',
      city: 'Antwerpen',
      country: 'Belgium',
      countryCode: 'BE',
      vatNumber: 'BE0403170701',
      website: 'http://zoe.be',
      language: 'nl',
      currency: 'EUR',
      clientType: 'company',
      robawsActive: false,
      robawsUpdatedAt: new Date('2024-05-01T08:00:00.000Z'),
      searchText: 'cafe zoe bv info@zoe.be be0403170701 0403170701',
      issues: [],
    });
  });

  it('prefers structured street fields and falls back to the top-level ones', () => {
    const record = client({
      id: 8,
      name: 'Dupont',
      street: 'Rue de la Loi',
      streetNumber: '16A',
      countryCode: 'FR',
      tel: '01 23 45 67 89',
      address: { addressLine1: 'ignored 1', postalCode: '75001', city: 'Paris' },
    });

    expect(normalizeClient(record)).toMatchObject({
      street: 'Rue de la Loi',
      streetNumber: '16A',
      address: 'Rue de la Loi 16A, 75001 Paris',
      country: null,
      countryCode: 'FR',
      phone: '+33123456789',
    });
  });

  it('keeps what it cannot clean and lists one issue per bad field', () => {
    const record = client({
      id: 9,
      name: '   ',
      tel: '12',
      gsm: '06 12345678',
      vatNumber: 'BE0403170702',
      email: 'not an email',
      website: 'not a website',
      countryCode: 'XX',
      address: { country: 'Belgique' },
      language: 'Dutch',
      currency: 'euro',
    });

    expect(normalizeClient(record)).toMatchObject({
      name: 'Client 9',
      phone: '12',
      mobile: '06 12345678',
      vatNumber: 'BE0403170702',
      email: 'not an email',
      website: 'not a website',
      countryCode: 'BE',
      language: null,
      currency: 'EUR',
      issues: [
        { field: 'phone', code: 'unparseable', value: '12', message: 'Phone "12" could not be parsed as a phone number (tried BE)' },
        { field: 'mobile', code: 'invalid', value: '06 12345678', message: 'Mobile "06 12345678" is not a valid phone number (tried BE)' },
        { field: 'vatNumber', code: 'invalid', value: 'BE0403170702', message: 'VAT number "BE0403170702" fails the format or checksum check of its country' },
        { field: 'email', code: 'invalid', value: 'not an email', message: 'E-mail "not an email" is not a valid e-mail address' },
        { field: 'website', code: 'invalid', value: 'not a website', message: 'Website "not a website" is not a usable web address' },
        { field: 'countryCode', code: 'invalid', value: 'XX', message: 'Country code "XX" is not a known ISO 3166-1 alpha-2 code' },
      ],
    });
  });

  it('names the countries it tried in a phone issue, and takes the default country from the options', () => {
    const record = client({ id: 10, name: 'Tokyo Trading', tel: '12', address: { countryCode: 'AE' } });

    expect(normalizeClient(record, { defaultCountry: 'NL' }).issues).toEqual([
      { field: 'phone', code: 'unparseable', value: '12', message: 'Phone "12" could not be parsed as a phone number (tried AE, NL)' },
    ]);
  });

  it('reads the role from the configured field id', () => {
    const record = client({ id: 11, name: 'Shipper', extraFields: { '7f0c-1a': { type: 'SELECT', stringValue: 'shipper' } } });

    expect(normalizeClient(record, { roleFieldId: '7f0c-1a' }).role).toBe('SHIPPER');
    expect(normalizeClient(record).role).toBeNull();
  });
});
