import { getCountries, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';

/** Languages whose country names we recognise: our clients write them in Dutch, French, German or English. */
const COUNTRY_NAME_LANGUAGES = ['en', 'nl', 'fr', 'de', 'es', 'it'] as const;

/** Names in common use that are no country's name in those languages (keys as `countryNameKey` makes them). */
const COUNTRY_NAME_ALIASES: Readonly<Record<string, CountryCode>> = {
  uae: 'AE',
  emirates: 'AE',
  usa: 'US',
  'united states of america': 'US',
  uk: 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
};

/** Case, accents, dots and other punctuation do not tell country names apart: "Émirats arabes unis", "U.A.E.". */
function countryNameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/\./g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function buildCountryCodeByName(): ReadonlyMap<string, CountryCode> {
  const codeByName = new Map(Object.entries(COUNTRY_NAME_ALIASES));
  for (const language of COUNTRY_NAME_LANGUAGES) {
    const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    for (const code of getCountries()) {
      const name = names.of(code);
      if (name) codeByName.set(countryNameKey(name), code);
    }
  }
  return codeByName;
}

/** Built at the first country name met, not when the module loads (every process loads it; few need it). */
let countryCodeByName: ReadonlyMap<string, CountryCode> | null = null;

/**
 * ISO 3166-1 alpha-2 code (upper case) of a code in any case ("be") or a country name in English, Dutch,
 * French, German, Spanish or Italian ("België", "Émirats arabes unis"); null when unknown.
 */
export function normalizeCountryCode(codeOrName: string | null | undefined): CountryCode | null {
  const text = codeOrName?.trim();
  if (!text) return null;
  const upper = text.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && isSupportedCountry(upper)) return upper;
  countryCodeByName ??= buildCountryCodeByName();
  return countryCodeByName.get(countryNameKey(text)) ?? null;
}
