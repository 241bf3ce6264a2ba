import { luxembourgCheckDigits } from '../check-digits.js';
import type { CountryProfile } from '../country-profile.js';
import { chunk, type Formats, writeAs } from '../text-formats.js';

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

/** Luxembourg clients, who have no area codes. */
export const luxembourg: CountryProfile = {
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
  companyMobileShare: 0.05,
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
    return digits + luxembourgCheckDigits(digits);
  },
  formatVat: (random, body) => writeAs(random, LUXEMBOURG_VAT, body),
};
