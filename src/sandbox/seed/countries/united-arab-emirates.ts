import type { CountryProfile } from '../country-profile.js';
import { chunk, type Formats, writeAs } from '../text-formats.js';

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

/** Emirati clients: Dubai car traders and forwarders, with a Tax Registration Number instead of a VAT number. */
export const unitedArabEmirates: CountryProfile = {
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
  companyMobileShare: 0.5,
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
