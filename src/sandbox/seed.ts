import { KNOWN_ROLES } from '../customers/roles.js';
import type { JsonObject } from './json.js';
import { createRandom, type Random } from './random.js';

/** The size of the live Robaws account (seen in the seed documents). */
export const DEFAULT_CLIENT_COUNT = 4017;
const FIRST_CLIENT_ID = 1001;
const CREATED_FROM_MS = Date.UTC(2023, 0, 2, 8);
const CREATED_TO_MS = Date.UTC(2025, 8, 30, 18);
const UPDATED_TO_MS = Date.UTC(2025, 9, 20, 18);
/** About 30 duplicate groups in an account of 4,017 clients. */
const CLIENTS_PER_DUPLICATE_GROUP = 134;

type ClientRole = (typeof KNOWN_ROLES)[number];

export type Language = 'nl' | 'fr' | 'en' | 'de';

export type SandboxExtraField = { type: 'SELECT' | 'TEXT'; group: string | null; stringValue: string | null };

export type SandboxAddress = {
  addressLine1: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  countryCode: string | null;
};

/** A client as Robaws returns it; absent values are `null`, as a JSON API backed by a database sends them. */
export type SandboxClient = {
  id: number;
  name: string;
  clientType: 'company' | 'person';
  email: string | null;
  tel: string | null;
  gsm: string | null;
  website: string | null;
  vatNumber: string | null;
  language: Language;
  currency: string;
  isActive: boolean;
  address: SandboxAddress | null;
  extraFields: Record<string, SandboxExtraField>;
  createdAt: string;
  updatedAt: string;
};

export type DuplicateReason = 'same-vat' | 'same-name-other-suffix' | 'same-email';
export interface DuplicateGroup {
  reason: DuplicateReason;
  ids: number[];
}
export interface SeedResult {
  clients: SandboxClient[];
  /** Ground truth: every group of clients seeded as duplicates of each other, and why. */
  duplicateGroups: DuplicateGroup[];
}

type PhoneKind = 'landline' | 'mobile';

interface City {
  name: string;
  /** `#` becomes a random digit, `@` a random capital letter; empty means no postal code. */
  postalCode: string;
  /** National area code without the leading 0. */
  areaCode: string;
  language?: Language;
}

interface CountryProfile {
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

function chunk(text: string, sizes: readonly number[], separator = ' '): string {
  let result = '';
  let offset = 0;
  for (const size of sizes) {
    if (offset >= text.length) break;
    result += (offset === 0 ? '' : separator) + text.slice(offset, offset + size);
    offset += size;
  }
  return offset < text.length ? result + separator + text.slice(offset) : result;
}

/** Ways of writing one value, each with how often it is seen. Tables are built once: generation must stay fast. */
type Formats<Parts extends string[]> = ReadonlyArray<readonly [(...parts: Parts) => string, number]>;

function writeAs<Parts extends string[]>(random: Random, formats: Formats<Parts>, ...parts: Parts): string {
  return random.weighted(formats)(...parts);
}

function fillTemplate(random: Random, template: string): string {
  let text = '';
  for (const character of template) {
    if (character === '#') text += String(random.int(0, 9));
    else if (character === '@') text += String.fromCharCode(65 + random.int(0, 25));
    else text += character;
  }
  return text;
}

function mod97Check(digits: string): string {
  return String(97 - (Number(digits) % 97)).padStart(2, '0');
}

function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** ISO 7064 MOD 11,10, the German USt-IdNr check digit. */
function iso7064Mod1110CheckDigit(digits: string): string {
  let product = 10;
  for (const digit of digits) {
    let sum = (Number(digit) + product) % 10;
    if (sum === 0) sum = 10;
    product = (2 * sum) % 11;
  }
  const check = 11 - product;
  return String(check === 10 ? 0 : check);
}

function weightedSum(digits: string, firstWeight: number): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += Number(digits[i]) * (firstWeight - i);
  return sum;
}

const BELGIAN_MOBILE: Formats<[prefix: string, number: string]> = [
  [(prefix, number) => `0${prefix} ${chunk(number, [2, 2, 2])}`, 5],
  [(prefix, number) => `0${prefix}${number}`, 1],
  [(prefix, number) => `+32 ${prefix} ${chunk(number, [2, 2, 2])}`, 3],
  [(prefix, number) => `0032 ${prefix} ${number}`, 1],
  [(prefix, number) => `+32${prefix}${number}`, 1],
];
/** Subscriber numbers group as "123 45 67" after a one-digit area code, "12 34 56" after a two-digit one. */
const belgianGroups = (areaCode: string): number[] => (areaCode.length === 1 ? [3, 2, 2] : [2, 2, 2]);
const BELGIAN_LANDLINE: Formats<[areaCode: string, subscriber: string]> = [
  [(areaCode, subscriber) => `0${areaCode} ${chunk(subscriber, belgianGroups(areaCode))}`, 6],
  [(areaCode, subscriber) => `0${areaCode}/${chunk(subscriber, belgianGroups(areaCode), '.')}`, 1],
  [(areaCode, subscriber) => `+32 ${areaCode} ${chunk(subscriber, belgianGroups(areaCode))}`, 3],
  [(areaCode, subscriber) => `0032 ${areaCode} ${subscriber}`, 1],
];
const BELGIAN_VAT: Formats<[body: string]> = [
  [(body) => `BE${body}`, 5],
  [(body) => `BE ${body.slice(0, 4)}.${body.slice(4, 7)}.${body.slice(7)}`, 3],
  [(body) => body, 2],
  [(body) => `BE ${body}`, 1],
  [(body) => `${body.slice(0, 4)}.${body.slice(4, 7)}.${body.slice(7)}`, 1],
  [(body) => `be${body}`, 0.5],
];

const belgium: CountryProfile = {
  code: 'BE',
  weight: 40,
  countryNames: ['Belgium', 'België', 'Belgique'],
  cities: [
    { name: 'Antwerpen', postalCode: '2000', areaCode: '3' },
    { name: 'Antwerpen', postalCode: '2030', areaCode: '3' },
    { name: 'Beveren', postalCode: '9120', areaCode: '3' },
    { name: 'Gent', postalCode: '9000', areaCode: '9' },
    { name: 'Zeebrugge', postalCode: '8380', areaCode: '50' },
    { name: 'Brugge', postalCode: '8000', areaCode: '50' },
    { name: 'Mechelen', postalCode: '2800', areaCode: '15' },
    { name: 'Leuven', postalCode: '3000', areaCode: '16' },
    { name: 'Hasselt', postalCode: '3500', areaCode: '11' },
    { name: 'Genk', postalCode: '3600', areaCode: '89' },
    { name: 'Kortrijk', postalCode: '8500', areaCode: '56' },
    { name: 'Aalst', postalCode: '9300', areaCode: '53' },
    { name: 'Zaventem', postalCode: '1930', areaCode: '2' },
    { name: 'Bruxelles', postalCode: '1000', areaCode: '2', language: 'fr' },
    { name: 'Liège', postalCode: '4000', areaCode: '4', language: 'fr' },
    { name: 'Namur', postalCode: '5000', areaCode: '81', language: 'fr' },
    { name: 'Charleroi', postalCode: '6000', areaCode: '71', language: 'fr' },
  ],
  languages: [['nl', 90], ['en', 10]],
  currencies: [['EUR', 97], ['USD', 3]],
  legalSuffixes: ['BV', 'NV', 'BVBA', 'VOF', 'CommV', 'SRL', 'SA'],
  firstNames: ['Jan', 'Pieter', 'Luc', 'Marc', 'Sofie', 'An', 'Els', 'Koen', 'Bart', 'Tom', 'Nathalie', 'Philippe', 'Olivier', 'Isabelle', 'Lotte', 'Wout', 'Jeroen', 'Stijn', 'Hanne', 'Julie', 'Thomas', 'Nicolas', 'Camille', 'Dirk'],
  lastNames: ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'Dubois', 'Lambert', 'Dupont', 'Vermeulen', 'Van Damme', 'De Backer', 'Hermans', 'Verstraete', 'Lemmens', 'Leclercq', 'Michiels', 'Van den Broeck', 'Coppens', 'Declercq', 'Segers', 'Vandenberghe', 'Claeys', 'Dumont', 'Verbeke', 'Van Acker'],
  places: ['Antwerp', 'Antwerpen', 'Gent', 'Zeebrugge', 'Brussels', 'Liège', 'Flanders', 'Scheldt', 'Waasland', 'Kempen', 'Benelux', 'Noordzee'],
  activities: ['Logistics', 'Transport', 'Shipping', 'Cars', 'Car Export', 'Auto', 'Motors', 'Trading', 'Forwarding', 'Expeditie', 'Transporten', 'Automobielen', 'Garage', 'Bouw', 'Carrosserie', 'Car Center', 'Cargo'],
  activityFirstShare: 0.1,
  domainSuffix: 'be',
  freeMailDomains: ['gmail.com', 'telenet.be', 'skynet.be', 'hotmail.com', 'outlook.be'],
  emailLocalParts: ['info', 'info', 'sales', 'export', 'office', 'boekhouding', 'operations'],
  vatShare: 0.9,
  addressLine: (random) =>
    `${random.pick(['Noorderlaan', 'Kapelsestraat', 'Industrieweg', 'Havenlaan', 'Kerkstraat', 'Stationsstraat', 'Nijverheidsstraat', 'Schijnpoortweg', 'Leopoldlaan', 'Rue de la Station', 'Avenue Louise', "Rue de l'Industrie"])} ${random.int(1, 250)}${random.chance(0.1) ? ` bus ${random.int(1, 12)}` : ''}`,
  phone: (random, areaCode, kind) =>
    kind === 'mobile'
      ? writeAs(random, BELGIAN_MOBILE, `4${random.pick(['7', '8', '9'])}${random.int(0, 9)}`, random.digits(6))
      : writeAs(random, BELGIAN_LANDLINE, areaCode, random.digits(8 - areaCode.length)),
  vatBody: (random) => {
    const base = `${random.int(0, 1)}${random.digits(7)}`;
    return base + mod97Check(base);
  },
  formatVat: (random, body) => writeAs(random, BELGIAN_VAT, body),
};

const DUTCH_MOBILE: Formats<[number: string]> = [
  [(number) => `06-${number}`, 4],
  [(number) => `06 ${number}`, 2],
  [(number) => `06 ${chunk(number, [4, 4])}`, 1],
  [(number) => `+31 6 ${number}`, 3],
  [(number) => `+316${number}`, 1],
  [(number) => `0031 6 ${chunk(number, [4, 4])}`, 1],
];
const DUTCH_LANDLINE: Formats<[areaCode: string, subscriber: string]> = [
  [(areaCode, subscriber) => `0${areaCode}-${subscriber}`, 4],
  [(areaCode, subscriber) => `0${areaCode} ${subscriber}`, 3],
  [(areaCode, subscriber) => `0${areaCode} ${chunk(subscriber, [3, 4])}`, 2],
  [(areaCode, subscriber) => `+31 ${areaCode} ${subscriber}`, 2],
  [(areaCode, subscriber) => `+31 (0)${areaCode} ${subscriber}`, 1],
  [(areaCode, subscriber) => `0031 ${areaCode} ${subscriber}`, 1],
];
const DUTCH_VAT: Formats<[body: string]> = [
  [(body) => `NL${body}`, 6],
  [(body) => `NL ${body.slice(0, 4)}.${body.slice(4, 6)}.${body.slice(6, 9)}.${body.slice(9)}`, 2],
  [(body) => body, 1],
  [(body) => `NL ${body}`, 1],
];

const netherlands: CountryProfile = {
  code: 'NL',
  weight: 15,
  countryNames: ['Netherlands', 'Nederland', 'The Netherlands'],
  cities: [
    { name: 'Rotterdam', postalCode: '30## @@', areaCode: '10' },
    { name: 'Amsterdam', postalCode: '10## @@', areaCode: '20' },
    { name: 'Den Haag', postalCode: '25## @@', areaCode: '70' },
    { name: 'Utrecht', postalCode: '35## @@', areaCode: '30' },
    { name: 'Eindhoven', postalCode: '56## @@', areaCode: '40' },
    { name: 'Breda', postalCode: '48## @@', areaCode: '76' },
    { name: 'Tilburg', postalCode: '50## @@', areaCode: '13' },
    { name: 'Venlo', postalCode: '59## @@', areaCode: '77' },
    { name: 'Vlissingen', postalCode: '438# @@', areaCode: '118' },
    { name: 'Moerdijk', postalCode: '478# @@', areaCode: '168' },
  ],
  languages: [['nl', 85], ['en', 15]],
  currencies: [['EUR', 96], ['USD', 4]],
  legalSuffixes: ['BV', 'B.V.', 'NV', 'VOF'],
  firstNames: ['Daan', 'Sem', 'Lucas', 'Emma', 'Julia', 'Sanne', 'Bram', 'Joost', 'Marieke', 'Ruud', 'Kees', 'Anouk', 'Willem', 'Femke', 'Thijs'],
  lastNames: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit', 'Kuipers'],
  places: ['Rotterdam', 'Holland', 'Maasvlakte', 'Amsterdam', 'Brabant', 'Waalhaven', 'Rijnmond', 'Dutch'],
  activities: ['Logistics', 'Transport', 'Shipping', 'Expeditie', "Auto's", 'Autobedrijf', 'Trading', 'Forwarding', 'Cargo', 'Export', 'Car Trading'],
  activityFirstShare: 0.15,
  domainSuffix: 'nl',
  freeMailDomains: ['gmail.com', 'ziggo.nl', 'kpnmail.nl', 'hotmail.com', 'outlook.com'],
  emailLocalParts: ['info', 'info', 'sales', 'verkoop', 'planning', 'administratie'],
  vatShare: 0.85,
  addressLine: (random) =>
    `${random.pick(['Waalhaven Zuidzijde', 'Industrieweg', 'Havenweg', 'Keizersgracht', 'Stationsplein', 'Marconistraat', 'Europaweg', 'Vasteland', 'Coolsingel'])} ${random.int(1, 300)}${random.chance(0.15) ? random.pick(['a', 'b', '-C']) : ''}`,
  phone: (random, areaCode, kind) =>
    kind === 'mobile'
      ? writeAs(random, DUTCH_MOBILE, random.digits(8))
      : writeAs(random, DUTCH_LANDLINE, areaCode, random.digits(9 - areaCode.length)),
  // The company VAT number built on the RSIN, with its eleven-test check digit.
  vatBody: (random) => {
    let digits: string;
    let check: number;
    do {
      digits = random.digits(8);
      check = weightedSum(digits, 9) % 11;
    } while (check === 10);
    return `${digits}${check}B${random.pick(['01', '01', '02', '03'])}`;
  },
  formatVat: (random, body) => writeAs(random, DUTCH_VAT, body),
};

const FRENCH_PHONE: Formats<[prefix: string, number: string]> = [
  [(prefix, number) => `0${prefix} ${chunk(number, [2, 2, 2, 2])}`, 6],
  [(prefix, number) => `0${prefix}.${chunk(number, [2, 2, 2, 2], '.')}`, 1],
  [(prefix, number) => `+33 ${prefix} ${chunk(number, [2, 2, 2, 2])}`, 3],
  [(prefix, number) => `+33 (0)${prefix} ${chunk(number, [2, 2, 2, 2])}`, 1],
  [(prefix, number) => `0033 ${prefix}${number}`, 1],
];
const FRENCH_VAT: Formats<[body: string]> = [
  [(body) => `FR${body}`, 6],
  [(body) => `FR ${body.slice(0, 2)} ${body.slice(2)}`, 3],
  [(body) => `FR ${chunk(body, [2, 3, 3, 3])}`, 1],
];

const france: CountryProfile = {
  code: 'FR',
  weight: 10,
  countryNames: ['France'],
  cities: [
    { name: 'Paris', postalCode: '7500#', areaCode: '1' },
    { name: 'Lyon', postalCode: '6900#', areaCode: '4' },
    { name: 'Marseille', postalCode: '130##', areaCode: '4' },
    { name: 'Le Havre', postalCode: '76600', areaCode: '2' },
    { name: 'Nantes', postalCode: '44000', areaCode: '2' },
    { name: 'Lille', postalCode: '59000', areaCode: '3' },
    { name: 'Dunkerque', postalCode: '59140', areaCode: '3' },
    { name: 'Strasbourg', postalCode: '67000', areaCode: '3' },
    { name: 'Bordeaux', postalCode: '33000', areaCode: '5' },
  ],
  languages: [['fr', 95], ['en', 5]],
  currencies: [['EUR', 98], ['USD', 2]],
  legalSuffixes: ['SARL', 'SAS', 'SA', 'EURL'],
  firstNames: ['Jean', 'Pierre', 'Marie', 'Sophie', 'Nicolas', 'Julien', 'Camille', 'Lucie', 'Antoine', 'Claire', 'Louis', 'Chloé', 'Mathieu', 'Élodie'],
  lastNames: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'Fournier', 'Girard', 'Bonnet', 'Roux', 'Mercier'],
  places: ['Normandie', 'Atlantique', 'Provence', 'Nord', 'Méditerranée', 'Havraise', 'Lyonnaise'],
  activities: ['Transports', 'Logistique', 'Automobiles', 'Garage', 'Transit', 'Négoce', 'Maritime', 'Affrètement', 'Auto Export'],
  activityFirstShare: 0.75,
  domainSuffix: 'fr',
  freeMailDomains: ['gmail.com', 'orange.fr', 'wanadoo.fr', 'free.fr', 'yahoo.fr'],
  emailLocalParts: ['contact', 'contact', 'info', 'commercial', 'compta', 'exploitation'],
  vatShare: 0.8,
  addressLine: (random) =>
    `${random.int(1, 180)}${random.chance(0.1) ? ' bis' : ''} ${random.pick(['rue de la République', 'avenue Jean Jaurès', 'quai de la Joliette', 'boulevard Haussmann', 'rue du Port', 'route du Havre', 'rue de Paris', 'chemin des Docks'])}`,
  phone: (random, areaCode, kind) => writeAs(random, FRENCH_PHONE, kind === 'mobile' ? random.pick(['6', '7']) : areaCode, random.digits(8)),
  // Key = (12 + 3 × (SIREN mod 97)) mod 97, before a SIREN that passes the Luhn check.
  vatBody: (random) => {
    const siren = random.int(1, 9) + random.digits(7);
    const sirenWithCheck = siren + luhnCheckDigit(siren);
    const key = String((12 + 3 * (Number(sirenWithCheck) % 97)) % 97).padStart(2, '0');
    return key + sirenWithCheck;
  },
  formatVat: (random, body) => writeAs(random, FRENCH_VAT, body),
};

const GERMAN_MOBILE: Formats<[prefix: string, number: string]> = [
  [(prefix, number) => `0${prefix} ${number}`, 5],
  [(prefix, number) => `0${prefix}/${number}`, 1],
  [(prefix, number) => `+49 ${prefix} ${number}`, 3],
  [(prefix, number) => `+49${prefix}${number}`, 1],
];
const GERMAN_LANDLINE: Formats<[areaCode: string, subscriber: string]> = [
  [(areaCode, subscriber) => `0${areaCode} ${subscriber}`, 5],
  [(areaCode, subscriber) => `0${areaCode}/${subscriber}`, 1],
  [(areaCode, subscriber) => `0${areaCode}-${subscriber}`, 1],
  [(areaCode, subscriber) => `+49 ${areaCode} ${subscriber}`, 3],
  [(areaCode, subscriber) => `+49 (0)${areaCode} ${subscriber}`, 1],
  [(areaCode, subscriber) => `0049 ${areaCode} ${subscriber}`, 1],
];
const GERMAN_VAT: Formats<[body: string]> = [
  [(body) => `DE${body}`, 6],
  [(body) => `DE ${chunk(body, [3, 3, 3])}`, 2],
  [(body) => body, 1],
];

const germany: CountryProfile = {
  code: 'DE',
  weight: 10,
  countryNames: ['Germany', 'Deutschland'],
  cities: [
    { name: 'Hamburg', postalCode: '204##', areaCode: '40' },
    { name: 'Bremen', postalCode: '281##', areaCode: '421' },
    { name: 'Bremerhaven', postalCode: '275##', areaCode: '471' },
    { name: 'München', postalCode: '803##', areaCode: '89' },
    { name: 'Düsseldorf', postalCode: '402##', areaCode: '211' },
    { name: 'Köln', postalCode: '506##', areaCode: '221' },
    { name: 'Stuttgart', postalCode: '701##', areaCode: '711' },
    { name: 'Berlin', postalCode: '101##', areaCode: '30' },
    { name: 'Frankfurt am Main', postalCode: '603##', areaCode: '69' },
    { name: 'Duisburg', postalCode: '470##', areaCode: '203' },
  ],
  languages: [['de', 90], ['en', 10]],
  currencies: [['EUR', 98], ['USD', 2]],
  legalSuffixes: ['GmbH', 'AG', 'KG', 'GmbH & Co. KG', 'UG'],
  firstNames: ['Lukas', 'Jonas', 'Anna', 'Lena', 'Stefan', 'Michael', 'Thomas', 'Julia', 'Katrin', 'Andreas', 'Sabine', 'Felix', 'Jürgen', 'Monika'],
  lastNames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Braun', 'Zimmermann'],
  places: ['Hanse', 'Hanseatic', 'Elbe', 'Rhein', 'Weser', 'Nordsee', 'Bayern', 'Ruhr'],
  activities: ['Spedition', 'Logistik', 'Automobile', 'Autohaus', 'Handel', 'Transporte', 'Schifffahrt', 'Cargo', 'Fahrzeughandel', 'Baumaschinen'],
  activityFirstShare: 0.3,
  domainSuffix: 'de',
  freeMailDomains: ['gmail.com', 'gmx.de', 'web.de', 't-online.de'],
  emailLocalParts: ['info', 'kontakt', 'kontakt', 'vertrieb', 'dispo', 'buchhaltung'],
  vatShare: 0.8,
  addressLine: (random) =>
    `${random.pick(['Hafenstraße', 'Industriestraße', 'Hauptstraße', 'Bahnhofstraße', 'Am Sandtorkai', 'Großer Grasbrook', 'Kaiserstraße', 'Am Containerterminal'])} ${random.int(1, 120)}${random.chance(0.1) ? random.pick(['a', 'b']) : ''}`,
  phone: (random, areaCode, kind) => {
    if (kind === 'landline') {
      return writeAs(random, GERMAN_LANDLINE, areaCode, random.digits(Math.max(5, 10 - areaCode.length - random.int(0, 1))));
    }
    const prefix = `1${random.pick(['51', '52', '60', '62', '70', '71', '72', '76'])}`;
    return writeAs(random, GERMAN_MOBILE, prefix, random.digits(prefix.startsWith('15') ? 8 : 7));
  },
  vatBody: (random) => {
    const digits = random.int(1, 9) + random.digits(7);
    return digits + iso7064Mod1110CheckDigit(digits);
  },
  formatVat: (random, body) => writeAs(random, GERMAN_VAT, body),
};

const EMIRATI_PHONE: Formats<[prefix: string, number: string]> = [
  [(prefix, number) => `0${prefix} ${chunk(number, [3, 4])}`, 4],
  [(prefix, number) => `+971 ${prefix} ${chunk(number, [3, 4])}`, 4],
  [(prefix, number) => `+971${prefix}${number}`, 3],
  [(prefix, number) => `00971 ${prefix} ${number}`, 1],
  [(prefix, number) => `0${prefix}${number}`, 1],
];
const EMIRATI_TRN: Formats<[body: string]> = [
  [(body) => body, 8],
  [(body) => chunk(body, [3, 4, 4, 4], '-'), 1],
  [(body) => chunk(body, [3, 4, 4, 4]), 1],
];

const unitedArabEmirates: CountryProfile = {
  code: 'AE',
  weight: 17,
  countryNames: ['United Arab Emirates', 'UAE', 'U.A.E.'],
  cities: [
    { name: 'Dubai', postalCode: '', areaCode: '4' },
    { name: 'Dubai', postalCode: '#####', areaCode: '4' },
    { name: 'Jebel Ali', postalCode: '', areaCode: '4' },
    { name: 'Abu Dhabi', postalCode: '', areaCode: '2' },
    { name: 'Sharjah', postalCode: '', areaCode: '6' },
    { name: 'Ajman', postalCode: '', areaCode: '6' },
  ],
  languages: [['en', 100]],
  currencies: [['USD', 55], ['EUR', 35], ['AED', 10]],
  legalSuffixes: ['LLC', 'L.L.C', 'FZE', 'FZCO', 'FZ-LLC'],
  firstNames: ['Mohammed', 'Ahmed', 'Omar', 'Ali', 'Fatima', 'Aisha', 'Rajesh', 'Priya', 'Imran', 'Yousef', 'Khalid', 'Sara', 'Hassan', 'Vikram'],
  lastNames: ['Al Hashimi', 'Khan', 'Kumar', 'Al Suwaidi', 'Haddad', 'Raza', 'Nair', 'Saleh', 'Hussain', 'Sharma', 'Al Marri', 'Qureshi', 'Al Zarooni', 'Siddiqui'],
  places: ['Al Noor', 'Al Safa', 'Al Rashid', 'Al Khaleej', 'Al Wasl', 'Al Barsha', 'Karama', 'Desert Rose', 'Gulf Star', 'Emirates Star', 'Sahara', 'Oasis', 'Pearl', 'Falcon', 'Jumeirah', 'Deira'],
  activities: ['General Trading', 'Shipping', 'Motors', 'Cars', 'Auto Trading', 'Logistics', 'Freight', 'Heavy Equipment Trading', 'Used Cars', 'Car Rental', 'Cargo Services', 'Auto Spare Parts'],
  activityFirstShare: 0,
  domainSuffix: 'ae',
  freeMailDomains: ['gmail.com', 'hotmail.com', 'yahoo.com', 'eim.ae'],
  emailLocalParts: ['info', 'info', 'sales', 'operations', 'accounts', 'admin'],
  vatShare: 0.55,
  addressLine: (random) => {
    switch (random.int(0, 5)) {
      case 0:
        return `Office ${random.int(101, 3408)}, ${random.pick(['Jumeirah Bay X2 Tower, JLT', 'Business Bay', 'Al Moosa Tower', 'Churchill Tower'])}`;
      case 1:
        return `Warehouse ${random.int(1, 60)}, Al Quoz Industrial Area ${random.int(1, 4)}`;
      case 2:
        return `Showroom ${random.int(1, 90)}, Al Aweer Auto Market`;
      case 3:
        return `Plot S${random.int(10000, 99999)}, Jebel Ali Free Zone South`;
      case 4:
        return `Shop ${random.int(1, 40)}, Al Qusais Industrial Area ${random.int(1, 5)}`;
      default:
        return `Unit ${random.int(100, 999)}, Sharjah Airport Free Zone`;
    }
  },
  phone: (random, areaCode, kind) =>
    writeAs(random, EMIRATI_PHONE, kind === 'mobile' ? random.pick(['50', '52', '54', '55', '56', '58']) : areaCode, random.digits(7)),
  // A UAE Tax Registration Number: 15 digits, starting with 100.
  vatBody: (random) => `100${random.digits(12)}`,
  formatVat: (random, body) => writeAs(random, EMIRATI_TRN, body),
};

const LUXEMBOURG_MOBILE: Formats<[prefix: string, number: string]> = [
  [(prefix, number) => `+352 ${prefix} ${chunk(number, [3, 3])}`, 3],
  [(prefix, number) => `${prefix} ${chunk(number, [3, 3])}`, 2],
  [(prefix, number) => `00352 ${prefix}${number}`, 1],
];
const LUXEMBOURG_LANDLINE: Formats<[number: string]> = [
  [(number) => `+352 ${chunk(number, [2, 2, 2, 2])}`, 3],
  [(number) => chunk(number, [2, 2, 2, 2]), 2],
  [(number) => `00352 ${number}`, 1],
];
const LUXEMBOURG_VAT: Formats<[body: string]> = [
  [(body) => `LU${body}`, 6],
  [(body) => `LU ${chunk(body, [4, 4])}`, 2],
];

const luxembourg: CountryProfile = {
  code: 'LU',
  weight: 3,
  countryNames: ['Luxembourg', 'Lëtzebuerg'],
  cities: [
    { name: 'Luxembourg', postalCode: 'L-1###', areaCode: '' },
    { name: 'Esch-sur-Alzette', postalCode: 'L-4###', areaCode: '' },
    { name: 'Bettembourg', postalCode: 'L-32##', areaCode: '' },
    { name: 'Contern', postalCode: 'L-53##', areaCode: '' },
  ],
  languages: [['fr', 60], ['de', 30], ['en', 10]],
  currencies: [['EUR', 100]],
  legalSuffixes: ['SARL', 'SA', 'S.à r.l.'],
  firstNames: ['Marc', 'Claude', 'Anne', 'Paul', 'Luc', 'Christiane', 'Jeff', 'Nadine'],
  lastNames: ['Schmit', 'Muller', 'Weber', 'Hoffmann', 'Wagner', 'Thill', 'Schmitz', 'Kieffer', 'Reuter', 'Faber'],
  places: ['Lux', 'Moselle', 'Grand-Duché', 'Eurohub'],
  activities: ['Logistics', 'Transports', 'Trading', 'Cargo', 'Automobiles'],
  activityFirstShare: 0.3,
  domainSuffix: 'lu',
  freeMailDomains: ['gmail.com', 'pt.lu', 'internet.lu'],
  emailLocalParts: ['info', 'contact', 'office'],
  vatShare: 0.85,
  addressLine: (random) =>
    `${random.int(1, 120)}, ${random.pick(['rue de la Gare', 'route de Thionville', "boulevard d'Avranches", 'rue du Commerce', 'Z.I. Scheleck'])}`,
  phone: (random, _areaCode, kind) =>
    kind === 'mobile'
      ? writeAs(random, LUXEMBOURG_MOBILE, `6${random.pick(['21', '61', '91'])}`, random.digits(6))
      : writeAs(random, LUXEMBOURG_LANDLINE, `2${random.pick(['6', '7', '4'])}${random.digits(6)}`),
  vatBody: (random) => {
    const digits = random.int(1, 9) + random.digits(5);
    return digits + String(Number(digits) % 89).padStart(2, '0');
  },
  formatVat: (random, body) => writeAs(random, LUXEMBOURG_VAT, body),
};

const BRITISH_MOBILE: Formats<[prefix: string, number: string]> = [
  [(prefix, number) => `0${prefix} ${number}`, 5],
  [(prefix, number) => `+44 ${prefix} ${number}`, 3],
  [(prefix, number) => `+44 (0)${prefix} ${number}`, 1],
];
/** Subscriber numbers group as "7946 0123" (8 digits), "123 4567" (7) or stay whole (6). */
const britishGroups = (subscriber: string): number[] => (subscriber.length === 8 ? [4, 4] : subscriber.length === 7 ? [3, 4] : [6]);
const BRITISH_LANDLINE: Formats<[areaCode: string, subscriber: string]> = [
  [(areaCode, subscriber) => `0${areaCode} ${chunk(subscriber, britishGroups(subscriber))}`, 6],
  [(areaCode, subscriber) => `+44 ${areaCode} ${chunk(subscriber, britishGroups(subscriber))}`, 3],
  [(areaCode, subscriber) => `+44 (0)${areaCode} ${chunk(subscriber, britishGroups(subscriber))}`, 1],
];
const BRITISH_VAT: Formats<[body: string]> = [
  [(body) => `GB${body}`, 6],
  [(body) => `GB ${chunk(body, [3, 4, 2])}`, 3],
];

const unitedKingdom: CountryProfile = {
  code: 'GB',
  weight: 5,
  countryNames: ['United Kingdom', 'UK', 'Great Britain'],
  cities: [
    { name: 'London', postalCode: 'EC3N #@@', areaCode: '20' },
    { name: 'Felixstowe', postalCode: 'IP11 #@@', areaCode: '1394' },
    { name: 'Southampton', postalCode: 'SO14 #@@', areaCode: '23' },
    { name: 'Liverpool', postalCode: 'L3 #@@', areaCode: '151' },
    { name: 'Manchester', postalCode: 'M1 #@@', areaCode: '161' },
    { name: 'Dover', postalCode: 'CT17 #@@', areaCode: '1304' },
  ],
  languages: [['en', 100]],
  currencies: [['GBP', 80], ['EUR', 15], ['USD', 5]],
  legalSuffixes: ['Ltd', 'Limited', 'PLC', 'LLP'],
  firstNames: ['Oliver', 'Harry', 'George', 'Jack', 'Amelia', 'Olivia', 'Emily', 'James', 'Charlotte', 'William', 'Sophie', 'Daniel'],
  lastNames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Evans', 'Roberts', 'Walker', 'Wright', 'Thompson', 'Hughes'],
  places: ['Thames', 'Channel', 'Britannia', 'Albion', 'Mersey', 'Solent', 'Anglia'],
  activities: ['Freight', 'Shipping', 'Motors', 'Logistics', 'Car Exports', 'Haulage', 'Forwarding', 'Vehicle Exports'],
  activityFirstShare: 0,
  domainSuffix: 'co.uk',
  freeMailDomains: ['gmail.com', 'btinternet.com', 'outlook.com', 'yahoo.co.uk'],
  emailLocalParts: ['info', 'enquiries', 'sales', 'accounts', 'operations'],
  vatShare: 0.75,
  addressLine: (random) =>
    `${random.chance(0.3) ? 'Unit ' : ''}${random.int(1, 140)} ${random.pick(['Dock Road', 'High Street', 'Station Road', 'Western Avenue', 'Port of Felixstowe Road', 'Eastern Docks', 'Leman Street'])}`,
  phone: (random, areaCode, kind) =>
    kind === 'mobile'
      ? writeAs(random, BRITISH_MOBILE, `7${random.digits(3)}`, random.digits(6))
      : writeAs(random, BRITISH_LANDLINE, areaCode, random.digits(10 - areaCode.length)),
  // Weights 8..2 over the first seven digits; the last two bring the sum to a multiple of 97.
  vatBody: (random) => {
    const digits = random.int(1, 9) + random.digits(6);
    return digits + String((97 - (weightedSum(digits, 8) % 97)) % 97).padStart(2, '0');
  },
  formatVat: (random, body) => writeAs(random, BRITISH_VAT, body),
};

const COUNTRY_PROFILES: readonly CountryProfile[] = [belgium, netherlands, france, germany, unitedArabEmirates, luxembourg, unitedKingdom];
const PROFILE_WEIGHTS = COUNTRY_PROFILES.map((profile) => [profile, profile.weight] as const);

/** Every legal form the generator writes after a company name, e.g. "BV", "GmbH & Co. KG", "FZE". */
export const LEGAL_SUFFIXES: readonly string[] = [...new Set(COUNTRY_PROFILES.flatMap((profile) => profile.legalSuffixes))];

const NAME_WORDS = ['Delta', 'Nordic', 'Euro', 'Global', 'Atlas', 'Oceanic', 'Trans', 'Alpha', 'Star', 'Royal', 'Prime', 'Continental', 'Orion', 'Neptune', 'Phoenix', 'Apex', 'Vertex', 'Zenith', 'Horizon', 'Eagle', 'Blue Line', 'Northsea', 'Westland', 'Eastern', 'Sunrise', 'Silverline', 'Interworld', 'Unity', 'Polaris', 'Meridian'];

const COMPANY_ROLE_WEIGHTS: ReadonlyArray<readonly [ClientRole, number]> = [
  ['FORWARDER', 25],
  ['CAR DEALER', 15],
  ['LUXURY CAR DEALER', 5],
  ['BROKER', 8],
  ['SHIPPING LINE', 4],
  ['TRANSPORT COMPANY', 10],
  ['OEM', 3],
  ['RENTAL', 4],
  ['CONSTRUCTION COMPANY', 6],
  ['MINING COMPANY', 2],
  ['EMBASSY', 2],
  ['RORO', 3],
  ['HOLLANDICO', 1],
  ['BLACKLISTED', 1],
];
const PERSON_ROLE_WEIGHTS: ReadonlyArray<readonly [ClientRole, number]> = [
  ['POV', 60],
  ['TOURIST', 30],
  ['CAR DEALER', 7],
  ['BLACKLISTED', 3],
];
const SEGMENTS = ['Export Africa', 'Export Middle East', 'Benelux', 'Heavy machinery', 'Used cars', 'New cars', 'Project cargo', 'Ro-Ro'];
const ACCOUNT_MANAGERS = ['Patrick', 'Sofie', 'Ahmed', 'Jan', 'Nathalie'];
const UNPARSEABLE_PHONES = ['n/a', '12', '-', '0', 'tbc', '+32'];

function roleField(role: string | null): SandboxExtraField {
  return { type: 'SELECT', group: null, stringValue: role };
}

function titleCase(text: string): string {
  return text.toLowerCase().replace(/(^|\s)\S/g, (letter) => letter.toUpperCase());
}

function withoutAccents(text: string): string {
  // Normalizing is slow; most names are plain ASCII.
  return /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFD').replace(/\p{M}/gu, '');
}

function domainLabel(random: Random, stem: string): string {
  const words = withoutAccents(stem)
    .toLowerCase()
    .replace(/&/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.join(random.chance(0.6) ? '' : '-');
}

/**
 * FNV-1a over the letters and digits of `text`, ignoring case and accents ("Liège Transports" and
 * "LIEGE-TRANSPORTS" hash alike), cut to 30 bits so that V8 keeps it a small integer (fast in a Set).
 */
function compactHash(text: string, normalized = false): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code > 127 && !normalized) return compactHash(text.normalize('NFD'), true);
    if (code >= 65 && code <= 90) code += 32;
    else if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57))) continue;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  return hash & 0x3fffffff;
}

/**
 * Keeps generated names and VAT numbers unique, so that only the seeded duplicates are duplicates.
 * E-mails need no check: their domain or their local part is the name's letters and digits.
 * Values are kept as hashes (large accounts must generate fast): two values that share a hash count as
 * the same, which only costs a redraw.
 */
class UniqueValues {
  private readonly names = new Set<number>();
  private readonly vatNumbers = new Set<number>();

  private static claimIn(taken: Set<number>, hash: number): boolean {
    if (taken.has(hash)) return false;
    taken.add(hash);
    return true;
  }

  claimName(name: string): boolean {
    return UniqueValues.claimIn(this.names, compactHash(name));
  }

  claimVat(countryCode: string, body: string): boolean {
    return UniqueValues.claimIn(this.vatNumbers, compactHash(countryCode + body));
  }

  /** Draws names until one is free, telling `candidate` when the first one collided; numbering them at last always ends. */
  drawName(random: Random, candidate: (crowded: boolean) => string): string {
    for (let attempt = 0; ; attempt++) {
      const name = attempt < 25 ? candidate(attempt >= 1) : `${candidate(true)} ${random.int(2, 99_999)}`;
      if (this.claimName(name)) return name;
    }
  }
}

/** What the generator remembers of a client to seed duplicates of it. */
interface Draft {
  client: SandboxClient;
  /** The name without its legal suffix. */
  stem: string;
  legalSuffix: string | null;
  vatBody: string | null;
  profile: CountryProfile;
}

type Identity = Pick<SandboxClient, 'id' | 'createdAt' | 'updatedAt'>;
type ClientType = SandboxClient['clientType'];

type StemTemplate = (random: Random, profile: CountryProfile) => string;

const COMPANY_STEM_TEMPLATES: ReadonlyArray<readonly [StemTemplate, number]> = [
  [
    (random, profile) => {
      const activity = random.pick(profile.activities);
      const family = random.pick(profile.lastNames);
      return random.chance(profile.activityFirstShare) ? `${activity} ${family}` : `${family} ${activity}`;
    },
    30,
  ],
  [(random, profile) => `${random.pick(profile.places)} ${random.pick(profile.activities)}`, 20],
  [(random, profile) => `${random.pick(NAME_WORDS)} ${random.pick(profile.activities)}`, 25],
  [(random, profile) => acronymStem(random, profile), 15],
  [(random, profile) => `${random.pick(profile.lastNames)} & ${random.pick(profile.lastNames)}`, 10],
];

function acronymStem(random: Random, profile: CountryProfile): string {
  return `${fillTemplate(random, '@@@')} ${random.pick(profile.activities)}`;
}

/** Once the first draws collide (large accounts), names come from the larger spaces: acronyms, middle initials. */
function companyStem(random: Random, profile: CountryProfile, crowded: boolean): string {
  return crowded ? acronymStem(random, profile) : random.weighted(COMPANY_STEM_TEMPLATES)(random, profile);
}

function personStem(random: Random, profile: CountryProfile, crowded: boolean): string {
  const first = random.pick(profile.firstNames);
  const last = random.pick(profile.lastNames);
  return crowded || random.chance(0.2) ? `${first} ${fillTemplate(random, '@')}. ${last}` : `${first} ${last}`;
}

function roleFor(random: Random, clientType: ClientType): string {
  const role = random.weighted(clientType === 'person' ? PERSON_ROLE_WEIGHTS : COMPANY_ROLE_WEIGHTS);
  // Roles are typed by hand in Robaws; a few carry stray case and spaces.
  if (!random.chance(0.04)) return role;
  return random.pick([`${role.toLowerCase()} `, ` ${role}`, titleCase(role), `${role}  `]);
}

function extraFieldsFor(random: Random, clientType: ClientType): Record<string, SandboxExtraField> {
  const fields: Record<string, SandboxExtraField> = {};
  if (random.chance(0.9)) fields.Role = roleField(roleFor(random, clientType));
  else if (random.chance(0.2)) fields.Role = roleField(null);
  if (random.chance(0.3)) fields.Segment = { type: 'TEXT', group: null, stringValue: random.pick(SEGMENTS) };
  if (random.chance(0.2)) fields['Account manager'] = { type: 'SELECT', group: 'Sales', stringValue: random.pick(ACCOUNT_MANAGERS) };
  return fields;
}

/** Whether an address names its country, gives only the code, or both. */
const COUNTRY_NAMINGS = [['both', 80], ['name', 12], ['code', 8]] as const;

function addressFor(random: Random, profile: CountryProfile, city: City): SandboxAddress | null {
  if (random.chance(0.02)) return null;
  const countryName = random.chance(0.75) ? profile.countryNames[0]! : random.pick(profile.countryNames);
  const naming = random.weighted(COUNTRY_NAMINGS);
  return {
    addressLine1: random.chance(0.97) ? profile.addressLine(random) : null,
    postalCode: fillTemplate(random, city.postalCode) || null,
    city: city.name,
    country: naming === 'code' ? null : countryName,
    countryCode: naming === 'name' ? null : profile.code,
  };
}

function telFor(random: Random, profile: CountryProfile, city: City, clientType: ClientType): string | null {
  if (random.chance(0.12)) return null;
  if (random.chance(0.01)) return random.pick(UNPARSEABLE_PHONES);
  const mobileShare = clientType === 'person' || profile === unitedArabEmirates ? 0.5 : 0.05;
  return profile.phone(random, city.areaCode, random.chance(mobileShare) ? 'mobile' : 'landline');
}

const WEBSITE: Formats<[domain: string]> = [
  [(domain) => `https://www.${domain}`, 5],
  [(domain) => `www.${domain}`, 3],
  [(domain) => `http://${domain}`, 1],
  [(domain) => domain, 1],
  [(domain) => `https://${domain}/`, 1],
];

function randomDraft(random: Random, unique: UniqueValues, identity: Identity, profile: CountryProfile, clientType: ClientType): Draft {
  const city = random.pick(profile.cities);
  const isCompany = clientType === 'company';
  const stem = unique.drawName(random, (crowded) => (isCompany ? companyStem(random, profile, crowded) : personStem(random, profile, crowded)));
  const legalSuffix = isCompany && random.chance(0.88) ? random.pick(profile.legalSuffixes) : null;
  let name = legalSuffix ? `${stem} ${legalSuffix}` : stem;
  if (isCompany && random.chance(0.05)) name = name.toUpperCase();
  else if (random.chance(0.01)) name = `${name} `;

  let email: string | null = null;
  let website: string | null = null;
  if (isCompany && !random.chance(0.15)) {
    const domain = `${domainLabel(random, stem)}.${profile.domainSuffix}`;
    email = `${random.pick(profile.emailLocalParts)}@${domain}`;
    website = random.chance(0.75) ? writeAs(random, WEBSITE, domain) : null;
  } else if (random.chance(0.85)) {
    email = `${domainLabel(random, stem).replaceAll('-', '.')}@${random.pick(profile.freeMailDomains)}`;
  }

  let vatBody: string | null = null;
  let vatNumber: string | null = null;
  if (isCompany && random.chance(profile.vatShare)) {
    vatBody = profile.vatBody(random);
    // A few VAT numbers are mistyped: one digit off, which no checksum lets through.
    if (random.chance(0.02)) vatBody = vatBody.replace(/\d/, (digit) => String((Number(digit) + 1) % 10));
    if (unique.claimVat(profile.code, vatBody)) vatNumber = profile.formatVat(random, vatBody);
    else vatBody = null;
  }

  const language = city.language && !random.chance(0.1) ? city.language : random.weighted(profile.languages);
  const client: SandboxClient = {
    id: identity.id,
    name,
    clientType,
    email,
    tel: telFor(random, profile, city, clientType),
    gsm: random.chance(isCompany ? 0.35 : 0.8) ? profile.phone(random, city.areaCode, 'mobile') : null,
    website,
    vatNumber,
    language,
    currency: random.weighted(profile.currencies),
    isActive: random.chance(0.96),
    address: addressFor(random, profile, city),
    extraFields: extraFieldsFor(random, clientType),
    createdAt: identity.createdAt,
    updatedAt: identity.updatedAt,
  };
  return { client, stem, legalSuffix, vatBody, profile };
}

function dubaiAddress(addressLine1: string): SandboxAddress {
  return { addressLine1, postalCode: null, city: 'Dubai', country: 'United Arab Emirates', countryCode: 'AE' };
}

/** "222 CARS", with the values the seed documents saw in the live account. */
function carsDraft(identity: Identity): Draft {
  const client: SandboxClient = {
    id: identity.id,
    name: '222 CARS',
    clientType: 'company',
    email: 'info@222motors.ae',
    tel: '+971559659999',
    gsm: null,
    website: 'https://www.222motors.ae',
    vatNumber: null,
    language: 'en',
    currency: 'USD',
    isActive: true,
    address: dubaiAddress('Showroom 22, Al Aweer Auto Market'),
    extraFields: { Role: roleField('LUXURY CAR DEALER') },
    createdAt: identity.createdAt,
    updatedAt: identity.updatedAt,
  };
  return { client, stem: '222 CARS', legalSuffix: null, vatBody: null, profile: unitedArabEmirates };
}

/** "Aeon Shipping LLC", a forwarder in the live account. */
function aeonDraft(identity: Identity): Draft {
  const vatBody = '100384756200003';
  const client: SandboxClient = {
    id: identity.id,
    name: 'Aeon Shipping LLC',
    clientType: 'company',
    email: 'info@aeonshipping.ae',
    tel: '+971 4 883 5120',
    gsm: '+971 50 412 7731',
    website: 'https://www.aeonshipping.ae',
    vatNumber: vatBody,
    language: 'en',
    currency: 'USD',
    isActive: true,
    address: dubaiAddress('Office 1408, Jumeirah Bay X2 Tower, JLT'),
    extraFields: { Role: roleField('FORWARDER') },
    createdAt: identity.createdAt,
    updatedAt: identity.updatedAt,
  };
  return { client, stem: 'Aeon Shipping', legalSuffix: 'LLC', vatBody, profile: unitedArabEmirates };
}

function reserveKnownClients(unique: UniqueValues): void {
  // '222 Motors' and 'Aeon Shipping' also keep their e-mail domains free.
  for (const name of ['222 CARS', '222 Motors', 'Aeon Shipping']) unique.claimName(name);
  unique.claimVat('AE', '100384756200003');
}

const DUPLICATE_REASONS: readonly DuplicateReason[] = ['same-vat', 'same-name-other-suffix', 'same-email'];

function qualifiesAsOriginal(draft: Draft, reason: DuplicateReason): boolean {
  switch (reason) {
    case 'same-vat':
      return draft.vatBody !== null;
    case 'same-name-other-suffix':
      return draft.legalSuffix !== null && draft.profile.legalSuffixes.length >= 3;
    case 'same-email':
      return draft.client.email !== null;
  }
}

/** A client entered again: a fresh client that shares exactly one thing with `original`. */
function duplicateDraft(
  random: Random,
  unique: UniqueValues,
  identity: Identity,
  original: Draft,
  reason: DuplicateReason,
  suffixesInGroup: Set<string>,
): Draft {
  const { profile } = original;
  switch (reason) {
    case 'same-vat': {
      const copy = randomDraft(random, unique, identity, profile, 'company');
      let vatNumber = original.client.vatNumber;
      for (let attempt = 0; attempt < 10 && vatNumber === original.client.vatNumber; attempt++) {
        vatNumber = profile.formatVat(random, original.vatBody!);
      }
      return { ...copy, vatBody: original.vatBody, client: { ...copy.client, vatNumber } };
    }
    case 'same-name-other-suffix': {
      const copy = randomDraft(random, unique, identity, profile, 'company');
      const legalSuffix = random.pick(profile.legalSuffixes.filter((suffix) => !suffixesInGroup.has(suffix)));
      suffixesInGroup.add(legalSuffix);
      return { ...copy, stem: original.stem, legalSuffix, client: { ...copy.client, name: `${original.stem} ${legalSuffix}` } };
    }
    case 'same-email': {
      const copy = randomDraft(random, unique, identity, profile, random.chance(0.7) ? 'company' : 'person');
      const email = original.client.email!;
      const written = random.chance(0.4) ? email.charAt(0).toUpperCase() + email.slice(1) : email;
      return { ...copy, client: { ...copy.client, email: written } };
    }
  }
}

function pickIndex(random: Random, from: number, to: number, accept: (index: number) => boolean): number | null {
  for (let attempt = 0; attempt < 200; attempt++) {
    const index = random.int(from, to - 1);
    if (accept(index)) return index;
  }
  return null;
}

/** Duplicates: an original in the first half of the account, entered again in the second half. */
function seedDuplicates(random: Random, unique: UniqueValues, drafts: Draft[], reserved: ReadonlySet<number>): DuplicateGroup[] {
  const inGroup = new Set(reserved);
  const groups: DuplicateGroup[] = [];
  const half = Math.floor(drafts.length / 2);
  const groupCount = Math.round(drafts.length / CLIENTS_PER_DUPLICATE_GROUP);
  for (let group = 0; group < groupCount; group++) {
    const reason = DUPLICATE_REASONS[group % DUPLICATE_REASONS.length]!;
    const originalIndex = pickIndex(random, 0, half, (index) => !inGroup.has(index) && qualifiesAsOriginal(drafts[index]!, reason));
    if (originalIndex === null) continue;
    inGroup.add(originalIndex);
    const original = drafts[originalIndex]!;
    const ids = [original.client.id];
    const suffixesInGroup = new Set(original.legalSuffix ? [original.legalSuffix] : []);
    const copies = group % 5 === 4 ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      const copyIndex = pickIndex(random, half, drafts.length, (index) => !inGroup.has(index));
      if (copyIndex === null) break;
      inGroup.add(copyIndex);
      const { id, createdAt, updatedAt } = drafts[copyIndex]!.client;
      drafts[copyIndex] = duplicateDraft(random, unique, { id, createdAt, updatedAt }, original, reason, suffixesInGroup);
      ids.push(id);
    }
    if (ids.length > 1) groups.push({ reason, ids });
  }
  return groups;
}

export interface GenerateClientsOptions {
  count?: number;
  seed?: number;
}

/** Deterministic: the same `count` and `seed` give the same clients, byte for byte. */
export function generateClients({ count = DEFAULT_CLIENT_COUNT, seed = 1 }: GenerateClientsOptions = {}): SeedResult {
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`count must be an integer of at least 2 (got ${count})`);
  const random = createRandom(seed);
  const unique = new UniqueValues();
  reserveKnownClients(unique);
  const carsIndex = Math.min(3, count - 2);
  const aeonIndex = Math.max(Math.floor(count * 0.6), carsIndex + 1);

  const slotMs = (CREATED_TO_MS - CREATED_FROM_MS) / count;
  const drafts: Draft[] = [];
  let id = FIRST_CLIENT_ID - 1;
  for (let index = 0; index < count; index++) {
    id += random.chance(0.03) ? random.int(2, 6) : 1;
    const createdMs = CREATED_FROM_MS + Math.floor((index + random.next() * 0.9) * slotMs);
    const createdAt = new Date(createdMs).toISOString();
    const updatedAt = random.chance(0.35) ? createdAt : new Date(createdMs + Math.floor(random.next() * (UPDATED_TO_MS - createdMs))).toISOString();
    const identity = { id, createdAt, updatedAt };
    if (index === carsIndex) drafts.push(carsDraft(identity));
    else if (index === aeonIndex) drafts.push(aeonDraft(identity));
    else drafts.push(randomDraft(random, unique, identity, random.weighted(PROFILE_WEIGHTS), random.chance(0.15) ? 'person' : 'company'));
  }
  const duplicateGroups = seedDuplicates(random, unique, drafts, new Set([carsIndex, aeonIndex]));
  return { clients: drafts.map((draft) => draft.client), duplicateGroups };
}

function profileOf(client: JsonObject): CountryProfile {
  const { address } = client;
  const countryCode = address && typeof address === 'object' && !Array.isArray(address) ? address.countryCode : null;
  return COUNTRY_PROFILES.find((profile) => profile.code === countryCode) ?? belgium;
}

/** A realistic edit of a client, as a JSON Merge Patch: a new phone, another role, a move, ... */
export function generateClientChange(client: JsonObject, random: Random): JsonObject {
  const profile = profileOf(client);
  const city = random.pick(profile.cities);
  switch (random.pick(['tel', 'gsm', 'role', 'address', 'segment'] as const)) {
    case 'tel':
      return { tel: profile.phone(random, city.areaCode, 'landline') };
    case 'gsm':
      return { gsm: profile.phone(random, city.areaCode, 'mobile') };
    case 'role':
      return { extraFields: { Role: roleField(random.pick(KNOWN_ROLES)) } };
    case 'address':
      return {
        address: { addressLine1: profile.addressLine(random), postalCode: fillTemplate(random, city.postalCode) || null, city: city.name },
      };
    case 'segment':
      return { extraFields: { Segment: { type: 'TEXT', group: null, stringValue: random.pick(SEGMENTS) } } };
  }
}
