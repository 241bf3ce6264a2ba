import { frenchVatKey, luhnCheckDigit } from '../check-digits.js';
import type { CountryProfile } from '../country-profile.js';
import { chunk, type Formats, writeAs } from '../text-formats.js';

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

/** French clients. */
export const france: CountryProfile = {
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
  companyMobileShare: 0.05,
  domainSuffix: 'fr',
  freeMailDomains: ['gmail.com', 'orange.fr', 'wanadoo.fr', 'free.fr', 'yahoo.fr'],
  emailLocalParts: ['contact', 'contact', 'info', 'commercial', 'compta', 'exploitation'],
  vatShare: 0.8,
  addressLine: (random) =>
    `${random.int(1, 180)}${random.chance(0.1) ? ' bis' : ''} ${random.pick(['rue de la République', 'avenue Jean Jaurès', 'quai de la Joliette', 'boulevard Haussmann', 'rue du Port', 'route du Havre', 'rue de Paris', 'chemin des Docks'])}`,
  phone: (random, areaCode, kind) => writeAs(random, FRENCH_PHONE, kind === 'mobile' ? random.pick(['6', '7']) : areaCode, random.digits(8)),
  vatBody: (random) => {
    const siren = random.int(1, 9) + random.digits(7);
    const sirenWithCheck = siren + luhnCheckDigit(siren);
    return frenchVatKey(sirenWithCheck) + sirenWithCheck;
  },
  formatVat: (random, body) => writeAs(random, FRENCH_VAT, body),
};
