import jsvat from 'jsvat-next';
import { normalizeCountryCode } from './country.js';
import type { FieldNormalization } from './normalize.js';

type VatCountry = (typeof jsvat.countries)[number];

/** jsvat's countries by the two letters their VAT numbers start with; Greece's are EL, Northern Ireland's XI. */
const vatCountryByPrefix: ReadonlyMap<string, VatCountry> = new Map([
  ...jsvat.countries.map((country) => [country.codes[0] ?? '', country] as const),
  ['EL', jsvat.greece],
  ['XI', jsvat.unitedKingdom],
]);

/** VAT prefixes that are not the ISO country code. */
const VAT_PREFIX_BY_COUNTRY: Readonly<Record<string, string>> = { GR: 'EL', CH: 'CHE' };

/** Countries whose VAT numbers carry no letter prefix (as jsvat knows them). */
const UNPREFIXED_VAT_COUNTRIES: ReadonlySet<string> = new Set(['AU', 'BR', 'NO']);

/**
 * The one country to check a number against. jsvat left to guess from a whole list takes a bare number
 * for whichever country's numeric ISO code it starts with ("056..." Belgian, "100..." Bulgarian).
 */
function vatCountryOf(vat: string, countryCode: string | null): VatCountry | undefined {
  const prefix = /^[A-Z]{2}/.exec(vat)?.[0];
  if (prefix) return vatCountryByPrefix.get(prefix);
  return countryCode && UNPREFIXED_VAT_COUNTRIES.has(countryCode) ? vatCountryByPrefix.get(countryCode) : undefined;
}

function withVatPrefix(compact: string, countryCode: string | null): string {
  // Greece's VAT prefix is EL; GR is the usual mistake.
  if (/^GR\d/.test(compact)) return `EL${compact.slice(2)}`;
  const prefixable = countryCode !== null && vatCountryByPrefix.has(countryCode) && !UNPREFIXED_VAT_COUNTRIES.has(countryCode);
  if (/^[A-Z]{2}/.test(compact) || !prefixable) return compact;
  return `${VAT_PREFIX_BY_COUNTRY[countryCode] ?? countryCode}${compact}`;
}

/** Belgian numbers got a tenth digit in 2005 by prefixing the old nine-digit ones with 0. */
function withBelgianLeadingZero(vat: string): string {
  return /^BE\d{9}$/.test(vat) ? `BE0${vat.slice(2)}` : vat;
}

/**
 * Upper case without spaces, dots or dashes, with the country's VAT prefix added when missing, checked
 * for format and checksum by jsvat. jsvat knows European countries (and AU, BR, RU, RS) only: a number
 * from elsewhere (a UAE TRN, say), or a bare number of a client whose country we do not know, is kept
 * as cleaned, unprefixed, and counted valid: nothing here can tell a good one from a bad one, and
 * flagging every such client would only be noise.
 */
export function normalizeVat(input: string | null | undefined, countryCode?: string | null): FieldNormalization {
  const compact = input?.toUpperCase().replace(/[\s.-]/g, '');
  if (!compact) return { value: null, valid: true };
  if (!/\d/.test(compact)) return { value: compact, valid: false, problem: 'unparseable' };
  const country = normalizeCountryCode(countryCode);
  const value = withBelgianLeadingZero(withVatPrefix(compact, country));
  const vatCountry = vatCountryOf(value, country);
  if (!vatCountry || jsvat.checkVAT(value, [vatCountry]).isValid) return { value, valid: true };
  return { value, valid: false, problem: 'invalid' };
}
