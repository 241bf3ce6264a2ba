import { iso7064Mod1110CheckDigit } from '../check-digits.js';
import type { CountryProfile } from '../country-profile.js';
import { chunk, type Formats, writeAs } from '../text-formats.js';

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

/** German clients. */
export const germany: CountryProfile = {
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
  companyMobileShare: 0.05,
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
