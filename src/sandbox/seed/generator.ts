import { KNOWN_ROLES } from '../../customers/roles.js';
import { isJsonObject, type JsonObject } from '../json.js';
import { createRandom, type Random } from '../random.js';
import { PROFILE_WEIGHTS, profileForCountryCode } from './countries.js';
import { randomDraft, type Draft } from './draft.js';
import { seedDuplicates } from './duplicates.js';
import { aeonDraft, carsDraft, reserveKnownClients } from './known-clients.js';
import { fillTemplate } from './text-formats.js';
import type { SeedResult } from './types.js';
import { UniqueValues } from './unique-values.js';
import { roleField, SEGMENTS } from './vocabulary.js';

/** The size of the live Robaws account. */
export const DEFAULT_CLIENT_COUNT = 4017;
const FIRST_CLIENT_ID = 1001;
const CREATED_FROM_MS = Date.UTC(2023, 0, 2, 8);
const CREATED_TO_MS = Date.UTC(2025, 8, 30, 18);
const UPDATED_TO_MS = Date.UTC(2025, 9, 20, 18);

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

/** A realistic edit of a client, as a JSON Merge Patch: a new phone, another role, a move, ... */
export function generateClientChange(client: JsonObject, random: Random): JsonObject {
  const profile = profileForCountryCode(isJsonObject(client.address) ? client.address.countryCode : null);
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
