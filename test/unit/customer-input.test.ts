import { describe, expect, it } from 'vitest';
import { parseCustomerChanges } from '../../src/customers/customer-input.js';
import { PHONE_EXAMPLE } from '../../src/customers/intakes.js';
import { normalizePhone } from '../../src/customers/normalize.js';
import { ValidationError } from '../../src/errors.js';

const belgian = { countryCode: 'BE', defaultPhoneCountry: 'BE' as const };

function issuesOf(input: Record<string, unknown>, context = belgian) {
  try {
    parseCustomerChanges(input, context);
  } catch (error) {
    if (error instanceof ValidationError) return Object.fromEntries(error.issues.map((issue) => [issue.path, issue.message]));
    throw error;
  }
  throw new Error('accepted');
}

describe("parseCustomerChanges: the plan's form rules", () => {
  it('normalizes values as a sync stores them; leaves out what was not given; null clears', () => {
    expect(
      parseCustomerChanges({ email: ' Info@Example.BE ', phone: '03 231 45 67', website: 'example.be', vatNumber: '0403.170.701', city: '  Gent ', street: null }, belgian),
    ).toEqual({ email: 'info@example.be', phone: '+3232314567', website: 'https://example.be', vatNumber: 'BE0403170701', city: 'Gent', street: null });
  });

  it('reads phones and VAT numbers in the format of the country the edit gives', () => {
    expect(parseCustomerChanges({ countryCode: 'nl', phone: '020 123 4567' }, belgian)).toEqual({ countryCode: 'NL', phone: '+31201234567' });
    expect(issuesOf({ countryCode: 'NL', vatNumber: '0403.170.701' })).toEqual({ vatNumber: 'Not a valid VAT number for the country (format or check digits)' });
  });

  it('roles: a known one, or a new one in upper case', () => {
    expect(parseCustomerChanges({ role: ' car   dealer '.toUpperCase() }, belgian)).toEqual({ role: 'CAR DEALER' });
    expect(parseCustomerChanges({ role: 'PORT AGENT' }, belgian)).toEqual({ role: 'PORT AGENT' });
    expect(parseCustomerChanges({ role: '' }, belgian)).toEqual({ role: null });
    expect(issuesOf({ role: 'Broker' })).toEqual({ role: 'Roles are written in upper case: BROKER' });
    expect(issuesOf({ role: 'port agent' }).role).toMatch(/^A role is one of the known roles \(FORWARDER, POV, .*\) or a new one in upper case letters$/);
  });

  it('language nl/fr/en/de, currency EUR/USD/GBP, a known two-letter country code', () => {
    expect(issuesOf({ language: 'es', currency: 'JPY', countryCode: 'XX' })).toEqual({
      language: 'One of nl, fr, en, de',
      currency: 'One of EUR, USD, GBP',
      countryCode: 'Not a known ISO 3166-1 country code',
    });
    expect(issuesOf({ countryCode: 'BEL' })).toEqual({ countryCode: 'Two letters, such as BE' });
  });

  it('lengths, e-mail, web address; name and currency cannot be cleared; unknown fields are refused', () => {
    expect(issuesOf({ name: '', currency: null, email: 'x@', website: 'http://', postalCode: '1'.repeat(21), nickname: 'x' })).toEqual({
      name: 'A customer needs a name',
      currency: 'One of EUR, USD, GBP',
      email: 'Not a valid e-mail address',
      website: 'Not a valid web address (URL)',
      postalCode: 'At most 20 characters',
      '': 'Unrecognized key: "nickname"',
    });
  });
});

describe('the example in the intake form phone error', () => {
  it('is a number the same check accepts', () => {
    expect(normalizePhone(PHONE_EXAMPLE, { defaultCountry: 'BE' })).toMatchObject({ valid: true, value: '+3232345678' });
  });
});
