import { britishCheckDigits } from '../check-digits.js';
import type { CountryProfile } from '../country-profile.js';
import { chunk, type Formats, writeAs } from '../text-formats.js';

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

/** British clients. */
export const unitedKingdom: CountryProfile = {
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
  companyMobileShare: 0.05,
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
  vatBody: (random) => {
    const digits = random.int(1, 9) + random.digits(6);
    return digits + britishCheckDigits(digits);
  },
  formatVat: (random, body) => writeAs(random, BRITISH_VAT, body),
};
