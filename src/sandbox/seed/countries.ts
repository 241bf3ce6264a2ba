import type { CountryProfile } from './country-profile.js';
import { belgium } from './countries/belgium.js';
import { france } from './countries/france.js';
import { germany } from './countries/germany.js';
import { luxembourg } from './countries/luxembourg.js';
import { netherlands } from './countries/netherlands.js';
import { unitedArabEmirates } from './countries/united-arab-emirates.js';
import { unitedKingdom } from './countries/united-kingdom.js';

/** In this order: the generator draws a country by weight over this list, so reordering it changes every seed. */
export const COUNTRY_PROFILES: readonly CountryProfile[] = [belgium, netherlands, france, germany, unitedArabEmirates, luxembourg, unitedKingdom];
export const PROFILE_WEIGHTS = COUNTRY_PROFILES.map((profile) => [profile, profile.weight] as const);

/** Every legal form the generator writes after a company name, e.g. "BV", "GmbH & Co. KG", "FZE". */
export const LEGAL_SUFFIXES: readonly string[] = [...new Set(COUNTRY_PROFILES.flatMap((profile) => profile.legalSuffixes))];

/** The profile of a country code; a client without a known country is treated as Belgian, as most are. */
export function profileForCountryCode(countryCode: unknown): CountryProfile {
  return COUNTRY_PROFILES.find((profile) => profile.code === countryCode) ?? belgium;
}
