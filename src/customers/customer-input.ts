import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { EditableField, FieldValue } from './customer-record.js';
import { normalizeCountryCode, normalizeEmail, normalizePhone, normalizeVat, normalizeWebsite, type FieldNormalization } from './normalize.js';
import { parseInput } from '../validation.js';
import { KNOWN_ROLES } from './roles.js';

/**
 * The customer form's rules: what a local edit may hold. Values come out normalized the way a
 * sync stores them (e-mail lower case, phones E.164, VAT compact with its prefix, web addresses with
 * a scheme), so an edit and the next sync compare equal. `undefined` leaves a field alone, `null` clears it.
 */

export const LANGUAGES = ['nl', 'fr', 'en', 'de'] as const;
export const CURRENCIES = ['EUR', 'USD', 'GBP'] as const;

export interface CustomerInputContext {
  /** The customer's country code now: phones and VAT numbers are read in its format unless the edit changes it. */
  countryCode: string | null;
  defaultPhoneCountry: CountryCode;
}

export type CustomerChanges = Partial<Record<EditableField, FieldValue>>;

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Free text: trimmed, at most `max` characters; blank is null. */
const text = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters`)
    .transform((value) => collapse(value) || null)
    .nullable();

const ROLE = /^[A-Z0-9][A-Z0-9 &/.'-]*$/;

const role = z
  .string()
  .transform(collapse)
  .pipe(
    z
      .string()
      .max(50, 'At most 50 characters')
      .refine((value) => value === '' || ROLE.test(value), {
        error: (issue) => {
          const upper = String(issue.input).toUpperCase();
          const known = KNOWN_ROLES.find((candidate) => candidate === upper);
          return known ? `Roles are written in upper case: ${known}` : `A role is one of the known roles (${KNOWN_ROLES.join(', ')}) or a new one in upper case letters`;
        },
      }),
  )
  .transform((value) => value || null)
  .nullable();

/** A value run through one of the sync's normalizers; what it cannot make sense of is an issue with `message`. */
function normalized(max: number, normalize: (value: string) => FieldNormalization, message: string) {
  return z
    .string()
    .max(max, `At most ${max} characters`)
    .transform((value, context) => {
      const result = normalize(value);
      if (!result.valid) context.addIssue({ code: 'custom', message });
      return result.value;
    })
    .nullable();
}

function customerChangesSchema(countryCode: string | null, defaultPhoneCountry: CountryCode) {
  const phone = normalized(255, (value) => normalizePhone(value, { countryCode, defaultCountry: defaultPhoneCountry }), 'Not a valid phone number');
  return z
    .strictObject({
      name: z
        .string()
        .max(255, 'At most 255 characters')
        .transform(collapse)
        .pipe(z.string().min(1, 'A customer needs a name')),
      role,
      email: normalized(255, normalizeEmail, 'Not a valid e-mail address'),
      phone,
      mobile: phone,
      website: normalized(255, normalizeWebsite, 'Not a valid web address (URL)'),
      vatNumber: normalized(255, (value) => normalizeVat(value, countryCode), 'Not a valid VAT number for the country (format or check digits)'),
      street: text(255),
      streetNumber: text(50),
      postalCode: text(20),
      city: text(255),
      country: text(255),
      countryCode: z
        .string()
        .transform((value) => value.trim().toUpperCase())
        .pipe(
          z
            .string()
            .regex(/^[A-Z]{2}$/, { error: 'Two letters, such as BE', abort: true })
            .refine((code) => normalizeCountryCode(code) === code, 'Not a known ISO 3166-1 country code'),
        )
        .nullable(),
      language: z.enum(LANGUAGES, `One of ${LANGUAGES.join(', ')}`).nullable(),
      currency: z.enum(CURRENCIES, `One of ${CURRENCIES.join(', ')}`),
    })
    .partial();
}

/** The changes an edit asks for, checked and normalized; a ValidationError names every bad field. */
export function parseCustomerChanges(input: Record<string, unknown>, context: CustomerInputContext): CustomerChanges {
  // Phones and VAT numbers are read in the format of the country the customer will have.
  const countryCode = typeof input.countryCode === 'string' ? normalizeCountryCode(input.countryCode) : input.countryCode === null ? null : context.countryCode;
  return parseInput(customerChangesSchema(countryCode, context.defaultPhoneCountry), input);
}
