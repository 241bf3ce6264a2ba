import { belgianCheckDigits } from '../check-digits.js';
import type { CountryProfile } from '../country-profile.js';
import { chunk, type Formats, writeAs } from '../text-formats.js';

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

/** Belgian clients, Dutch- and French-speaking: the largest share of the account. */
export const belgium: CountryProfile = {
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
  companyMobileShare: 0.05,
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
    return base + belgianCheckDigits(base);
  },
  formatVat: (random, body) => writeAs(random, BELGIAN_VAT, body),
};
