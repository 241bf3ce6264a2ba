import type { Random } from '../random.js';
import type { City, CountryProfile } from './country-profile.js';
import { fillTemplate, writeAs } from './text-formats.js';
import type { SandboxAddress, SandboxClient, SandboxExtraField } from './types.js';
import type { UniqueValues } from './unique-values.js';
import {
  ACCOUNT_MANAGERS,
  COMPANY_ROLE_WEIGHTS,
  COUNTRY_NAMINGS,
  NAME_WORDS,
  PERSON_ROLE_WEIGHTS,
  roleField,
  SEGMENTS,
  UNPARSEABLE_PHONES,
  WEBSITE,
} from './vocabulary.js';

/** What the generator remembers of a client to seed duplicates of it. */
export interface Draft {
  client: SandboxClient;
  /** The name without its legal suffix. */
  stem: string;
  legalSuffix: string | null;
  vatBody: string | null;
  profile: CountryProfile;
}

export type Identity = Pick<SandboxClient, 'id' | 'createdAt' | 'updatedAt'>;
export type ClientType = SandboxClient['clientType'];

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
  const mobileShare = clientType === 'person' ? 0.5 : profile.companyMobileShare;
  return profile.phone(random, city.areaCode, random.chance(mobileShare) ? 'mobile' : 'landline');
}

export function randomDraft(random: Random, unique: UniqueValues, identity: Identity, profile: CountryProfile, clientType: ClientType): Draft {
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
