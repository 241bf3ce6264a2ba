import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { normalizeCountryCode } from './country.js';
import type { FieldNormalization } from './normalize.js';

const DEFAULT_PHONE_COUNTRY: CountryCode = 'BE';

export interface PhoneCountries {
  countryCode?: string | null;
  defaultCountry?: CountryCode;
}

/** The countries whose national formats a number is read in, in order: the client's own, then the default. */
export function phoneCountriesToTry({ countryCode, defaultCountry = DEFAULT_PHONE_COUNTRY }: PhoneCountries): CountryCode[] {
  const own = normalizeCountryCode(countryCode);
  return [...new Set(own ? [own, defaultCountry] : [defaultCountry])];
}

/**
 * E.164 form of a phone number written in any usual format. A number that no tried country accepts is
 * kept as given (trimmed): "unparseable" when it does not even have a possible length, else "invalid".
 */
export function normalizePhone(input: string | null | undefined, countries: PhoneCountries): FieldNormalization {
  const text = input?.trim();
  if (!text) return { value: null, valid: true };
  // libphonenumber only reads "00" as the international prefix when the country it tries dials that way.
  const dialable = text.replace(/^00/, '+');
  let possible = false;
  for (const country of phoneCountriesToTry(countries)) {
    const parsed = parsePhoneNumberFromString(dialable, country);
    if (parsed?.isValid()) return { value: parsed.number, valid: true };
    possible ||= parsed?.isPossible() ?? false;
  }
  return { value: text, valid: false, problem: possible ? 'invalid' : 'unparseable' };
}
