import type { Random } from '../random.js';
import { randomDraft, type Draft, type Identity } from './draft.js';
import type { DuplicateGroup, DuplicateReason } from './types.js';
import type { UniqueValues } from './unique-values.js';

/** About 30 duplicate groups in an account of 4,017 clients. */
const CLIENTS_PER_DUPLICATE_GROUP = 134;

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
export function seedDuplicates(random: Random, unique: UniqueValues, drafts: Draft[], reserved: ReadonlySet<number>): DuplicateGroup[] {
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
