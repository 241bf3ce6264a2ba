import type { Random } from '../random.js';
import type { Language } from './types.js';

export type PhoneKind = 'landline' | 'mobile';

export interface City {
  name: string;
  /** `#` becomes a random digit, `@` a random capital letter; empty means no postal code. */
  postalCode: string;
  /** National area code without the leading 0. */
  areaCode: string;
  language?: Language;
}

/** How clients of one country are named, addressed and numbered, and how often the account has them. */
export interface CountryProfile {
  code: string;
  weight: number;
  /** English name first, then local spellings. */
  countryNames: readonly string[];
  cities: readonly City[];
  languages: ReadonlyArray<readonly [Language, number]>;
  currencies: ReadonlyArray<readonly [string, number]>;
  legalSuffixes: readonly string[];
  firstNames: readonly string[];
  lastNames: readonly string[];
  places: readonly string[];
  activities: readonly string[];
  /** Share of companies whose name reads "Activity Family" ("Transports Martin") rather than "Family Activity". */
  activityFirstShare: number;
  /** Share of companies whose main phone is a mobile (people's are half the time, everywhere). */
  companyMobileShare: number;
  domainSuffix: string;
  freeMailDomains: readonly string[];
  emailLocalParts: readonly string[];
  vatShare: number;
  addressLine(random: Random): string;
  phone(random: Random, areaCode: string, kind: PhoneKind): string;
  /** The VAT number (or UAE TRN) without country prefix or punctuation. */
  vatBody(random: Random): string;
  formatVat(random: Random, body: string): string;
}
