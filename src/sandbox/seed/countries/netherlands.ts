import { dutchElevenTestDigit } from '../check-digits.js';
import type { CountryProfile } from '../country-profile.js';
import { chunk, type Formats, writeAs } from '../text-formats.js';

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

/** Dutch clients. */
export const netherlands: CountryProfile = {
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
  companyMobileShare: 0.05,
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
    let check: number | null;
    do {
      digits = random.digits(8);
      check = dutchElevenTestDigit(digits);
    } while (check === null);
    return `${digits}${check}B${random.pick(['01', '01', '02', '03'])}`;
  },
  formatVat: (random, body) => writeAs(random, DUTCH_VAT, body),
};
