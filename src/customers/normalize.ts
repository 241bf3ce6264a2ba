import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { RobawsClient } from '../robaws/types.js';
import { normalizeCountryCode } from './country.js';
import { normalizePhone, phoneCountriesToTry } from './phone.js';
import { normalizeVat } from './vat.js';

export { normalizeCountryCode } from './country.js';
export { normalizePhone } from './phone.js';
export { normalizeVat } from './vat.js';

/** "unparseable": we could not make sense of the value at all; "invalid": it has the right shape but fails a check. */
export type NormalizationIssueCode = 'unparseable' | 'invalid';

export interface NormalizationIssue {
  field: 'phone' | 'mobile' | 'vatNumber' | 'email' | 'website' | 'countryCode';
  code: NormalizationIssueCode;
  value: string;
  message: string;
}

/** One field's normalized value. A value that fails is kept (as cleaned as it safely can be), never dropped. */
export type FieldNormalization =
  | { value: string | null; valid: true }
  | { value: string; valid: false; problem: NormalizationIssueCode };

export interface NormalizedCustomer {
  robawsClientId: string;
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
  mobile: string | null;
  address: string | null;
  street: string | null;
  streetNumber: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  countryCode: string | null;
  vatNumber: string | null;
  website: string | null;
  language: string | null;
  currency: string;
  clientType: string | null;
  /** Robaws' own flag; whether a customer is active here is decided here. */
  robawsActive: boolean;
  robawsUpdatedAt: Date | null;
  searchText: string;
  issues: NormalizationIssue[];
}

export interface NormalizeOptions {
  /** The country whose national phone formats are tried after the client's own; default BE. */
  defaultCountry?: CountryCode;
  /** Key of the role field in `extraFields` when Robaws keys custom fields by id rather than by name. */
  roleFieldId?: string | null;
}

export const DEFAULT_CURRENCY = 'EUR';

const emailSchema = z.email();

/** First argument that holds text other than whitespace, trimmed. */
function firstText(...values: Array<string | null | undefined>): string | null {
  for (const value of values) {
    const text = value?.trim();
    if (text) return text;
  }
  return null;
}

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function entriesOf(value: unknown): Array<[string, unknown]> {
  return isRecord(value) ? Object.entries(value) : [];
}

function nameOf(field: unknown): unknown {
  return isRecord(field) ? field['name'] : undefined;
}

function isRoleLabel(label: unknown): boolean {
  return typeof label === 'string' && label.trim().toLowerCase() === 'role';
}

/** The word "role" on its own, so that "Customer role" counts and the Dutch "Controle" does not. */
function mentionsRole(label: unknown): boolean {
  return typeof label === 'string' && /(?:^|[^\p{L}])role(?:[^\p{L}]|$)/iu.test(label);
}

/** A custom field's text: the field itself when it is a string, else its first non-blank string value. */
function fieldText(field: unknown): string | null {
  if (typeof field === 'string') return firstText(field);
  if (!isRecord(field)) return null;
  const candidates = [field['stringValue'], field['value'], field['textValue']];
  return firstText(...candidates.filter((candidate): candidate is string => typeof candidate === 'string'));
}

function roleFieldsOf(client: Record<string, unknown>, roleFieldId: string | null | undefined): unknown[] {
  const extraFields = entriesOf(client['extraFields']);
  const customFields = entriesOf(client['custom_fields']);
  return [
    ...extraFields.filter(([key]) => roleFieldId && key === roleFieldId),
    ...extraFields.filter(([key, field]) => isRoleLabel(key) || isRoleLabel(nameOf(field))),
    ...customFields.filter(([key]) => isRoleLabel(key)),
    ...customFields.filter(([, field]) => mentionsRole(nameOf(field))),
  ].map(([, field]) => field);
}

/**
 * The client's role, upper case, from its "Role" custom field (matched by key or name in any case, or by
 * `roleFieldId`), or from a `custom_fields` shape some integrations send. Never derived from `clientType`:
 * a client without a role has none.
 */
export function extractRole(
  client: Pick<RobawsClient, 'extraFields'> & Record<string, unknown>,
  options: { roleFieldId?: string | null } = {},
): string | null {
  for (const field of roleFieldsOf(client, options.roleFieldId)) {
    const text = fieldText(field);
    if (text) return collapseWhitespace(text).toUpperCase();
  }
  return null;
}

export function normalizeEmail(input: string | null | undefined): FieldNormalization {
  const value = input?.trim().toLowerCase();
  if (!value) return { value: null, valid: true };
  return emailSchema.safeParse(value).success ? { value, valid: true } : { value, valid: false, problem: 'invalid' };
}

const WEB_ADDRESS = /^(https?):\/\/([^/?#]*)(.*)$/i;
const HOST = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+\.?(?::\d+)?$/u;

/** A web address with its scheme (https:// when none was given) and a lower-case host. */
export function normalizeWebsite(input: string | null | undefined): FieldNormalization {
  const text = input?.trim();
  if (!text) return { value: null, valid: true };
  const withScheme = /^[a-z][a-z\d+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  const [, scheme = '', host = '', rest = ''] = WEB_ADDRESS.exec(withScheme) ?? [];
  if (/\s/.test(text) || !HOST.test(host)) return { value: text, valid: false, problem: 'invalid' };
  return { value: `${scheme.toLowerCase()}://${host.toLowerCase()}${rest}`, valid: true };
}

/** Lower case, accents stripped, whitespace collapsed: what both the stored search text and a search term go through. */
function foldForSearch(text: string): string {
  return collapseWhitespace(text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
}

/** Name, e-mail and VAT number (with and without its country prefix), folded for a substring search. */
export function searchTextOf(fields: { name: string | null; email: string | null; vatNumber: string | null }): string {
  const vatWithoutPrefix = fields.vatNumber?.trim().replace(/^[A-Z]{2}(?=[A-Z\d])/i, '');
  const parts = [fields.name, fields.email, fields.vatNumber, vatWithoutPrefix].map((part) => foldForSearch(part ?? ''));
  return [...new Set(parts.filter(Boolean))].join(' ');
}

const VAT_LIKE_TERM = /^(?:[a-z]{2})?\d{8,12}$/;

/**
 * A user's search input folded like `searchTextOf`. A term that looks like a VAT number ("BE 0123.456.789")
 * is compacted ("be0123456789") so that it matches the stored form whatever separators were typed.
 */
export function normalizeSearchTerm(term: string): string {
  const folded = foldForSearch(term);
  const compact = folded.replace(/[\s.-]/g, '');
  return VAT_LIKE_TERM.test(compact) ? compact : folded;
}

interface StreetParts {
  street: string | null;
  streetNumber: string | null;
}

const HOUSE_NUMBER = String.raw`\d+[a-z]?(?:\s*[-/]\s*\d+[a-z]?)?(?:\s+(?:bus|box|bte)\s*\w+)?`;
const NUMBER_AFTER_STREET = new RegExp(String.raw`^(.*?\p{L}.*?)[\s,]+(${HOUSE_NUMBER})$`, 'iu');
const NUMBER_BEFORE_STREET = new RegExp(String.raw`^(\d+[a-z]?)[\s,]+(.*\p{L}.*)$`, 'iu');

/** "Kerkstraat 12", "Rue de la Loi 16A", "12 Main Street"; a line without a house number is all street. */
export function splitAddressLine(line: string): StreetParts {
  const after = NUMBER_AFTER_STREET.exec(line);
  if (after) return { street: after[1] ?? null, streetNumber: after[2] ?? null };
  const before = NUMBER_BEFORE_STREET.exec(line);
  if (before) return { street: before[2] ?? null, streetNumber: before[1] ?? null };
  return { street: line, streetNumber: null };
}

function streetPartsOf(client: RobawsClient): StreetParts {
  const street = firstText(client.address?.street, client.street);
  const streetNumber = firstText(client.address?.streetNumber, client.streetNumber);
  const line = firstText(client.address?.addressLine1);
  if (street || !line) return { street, streetNumber };
  return streetNumber ? { street: line, streetNumber } : splitAddressLine(line);
}

function joinPresent(parts: Array<string | null>, separator: string): string | null {
  return parts.filter(Boolean).join(separator) || null;
}

export interface AddressParts {
  street: string | null;
  streetNumber: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
}

/** The one-line address: "Kerkstraat 12, 2000 Antwerpen, Belgium". */
export function addressLineOf(parts: AddressParts): string | null {
  return joinPresent(
    [joinPresent([parts.street, parts.streetNumber], ' '), joinPresent([parts.postalCode, parts.city], ' '), parts.country],
    ', ',
  );
}

function languageOf(input: string | null | undefined): string | null {
  const [, language] = /^([a-z]{2})(?:[-_][a-z]{2})?$/i.exec(input?.trim() ?? '') ?? [];
  return language?.toLowerCase() ?? null;
}

function currencyOf(input: string | null | undefined): string {
  const currency = input?.trim().toUpperCase() ?? '';
  return /^[A-Z]{3}$/.test(currency) ? currency : DEFAULT_CURRENCY;
}

function issueOf(
  field: NormalizationIssue['field'],
  result: FieldNormalization,
  describe: (value: string, code: NormalizationIssueCode) => string,
): NormalizationIssue[] {
  if (result.valid) return [];
  return [{ field, code: result.problem, value: result.value, message: describe(result.value, result.problem) }];
}

function describePhoneProblem(label: string, triedCountries: readonly string[]) {
  const tried = `(tried ${triedCountries.join(', ')})`;
  return (value: string, code: NormalizationIssueCode) =>
    code === 'unparseable'
      ? `${label} "${value}" could not be parsed as a phone number ${tried}`
      : `${label} "${value}" is not a valid phone number ${tried}`;
}

function describeVatProblem(value: string, code: NormalizationIssueCode): string {
  return code === 'unparseable'
    ? `VAT number "${value}" contains no digits`
    : `VAT number "${value}" fails the format or checksum check of its country`;
}

/** A Robaws client as we store it: every field cleaned, and what could not be cleaned listed in `issues`. */
export function normalizeClient(client: RobawsClient, options: NormalizeOptions = {}): NormalizedCustomer {
  const country = firstText(client.address?.country);
  const givenCountryCode = firstText(client.address?.countryCode, client.countryCode);
  const knownCountryCode = normalizeCountryCode(givenCountryCode);
  const countryCode = knownCountryCode ?? normalizeCountryCode(country);
  const countryCodeCheck: FieldNormalization =
    givenCountryCode && !knownCountryCode ? { value: givenCountryCode, valid: false, problem: 'invalid' } : { value: countryCode, valid: true };

  const phoneCountries = { countryCode, defaultCountry: options.defaultCountry };
  const triedCountries = phoneCountriesToTry(phoneCountries);
  const phone = normalizePhone(client.tel, phoneCountries);
  const mobile = normalizePhone(client.gsm, phoneCountries);
  const vatNumber = normalizeVat(client.vatNumber, countryCode);
  const email = normalizeEmail(client.email);
  const website = normalizeWebsite(client.website);

  const name = collapseWhitespace(client.name ?? '') || `Client ${client.id}`;
  const { street, streetNumber } = streetPartsOf(client);
  const postalCode = firstText(client.address?.postalCode);
  const city = firstText(client.address?.city);

  return {
    robawsClientId: client.id,
    name,
    role: extractRole(client, { roleFieldId: options.roleFieldId }),
    email: email.value,
    phone: phone.value,
    mobile: mobile.value,
    address: addressLineOf({ street, streetNumber, postalCode, city, country }),
    street,
    streetNumber,
    postalCode,
    city,
    country,
    countryCode,
    vatNumber: vatNumber.value,
    website: website.value,
    language: languageOf(client.language),
    currency: currencyOf(client.currency),
    clientType: firstText(client.clientType),
    robawsActive: client.isActive ?? true,
    robawsUpdatedAt: client.updatedAt ? new Date(client.updatedAt) : null,
    searchText: searchTextOf({ name, email: email.value, vatNumber: vatNumber.value }),
    issues: [
      ...issueOf('phone', phone, describePhoneProblem('Phone', triedCountries)),
      ...issueOf('mobile', mobile, describePhoneProblem('Mobile', triedCountries)),
      ...issueOf('vatNumber', vatNumber, describeVatProblem),
      ...issueOf('email', email, (value) => `E-mail "${value}" is not a valid e-mail address`),
      ...issueOf('website', website, (value) => `Website "${value}" is not a usable web address`),
      ...issueOf('countryCode', countryCodeCheck, (value) => `Country code "${value}" is not a known ISO 3166-1 alpha-2 code`),
    ],
  };
}
