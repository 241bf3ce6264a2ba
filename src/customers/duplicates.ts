/**
 * Finds customers that are probably the same company entered twice. Pure: it takes the identifying
 * fields of every customer and returns scored groups.
 *
 * Candidates come from blocking rather than from comparing every pair: customers sharing a VAT
 * number, an e-mail address, a phone number or a name key (the name without legal form and
 * punctuation). When the minimum score lets a similar name count on its own, neighbours in the
 * sorted list of name keys (and of the keys read backwards, so that a typo at either end still lands
 * next to its twin) are candidates too. Each candidate pair is then scored on everything the two
 * have in common.
 */

export interface DuplicateCandidate {
  id: number;
  name: string;
  email: string | null;
  vatNumber: string | null;
  phone: string | null;
  mobile: string | null;
}

export type DuplicateReasonKind = 'SAME_VAT' | 'SAME_EMAIL' | 'SAME_PHONE' | 'SAME_NAME' | 'SIMILAR_NAME';

export interface DuplicateReason {
  kind: DuplicateReasonKind;
  /** The shared value (for SIMILAR_NAME, the two name keys). */
  value: string;
  /** SIMILAR_NAME: the trigram similarity of the two name keys, 0..1. */
  similarity: number | null;
}

export interface DuplicatePair {
  ids: [number, number];
  score: number;
  reasons: DuplicateReason[];
}

export interface DuplicateGroup {
  ids: number[];
  /** The best pair's score: how sure we are that at least two of these are one company. */
  score: number;
  pairs: DuplicatePair[];
}

export interface DuplicateOptions {
  minScore: number;
  /** Name keys at least this similar (trigram similarity) are a SIMILAR_NAME reason. */
  similarNameThreshold?: number;
  /** How many following name keys each one is compared with. */
  window?: number;
}

/**
 * How much each reason alone says: combined as independent evidence, 1 - Π(1 - weight). A shared VAT
 * number is all but proof; a shared e-mail address or name nearly so; a phone less (switchboards are
 * shared); a similar name alone stays below the default minimum score and counts only with another reason.
 */
export const REASON_WEIGHTS: Readonly<Record<Exclude<DuplicateReasonKind, 'SIMILAR_NAME'>, number>> = {
  SAME_VAT: 0.95,
  SAME_EMAIL: 0.8,
  SAME_NAME: 0.75,
  SAME_PHONE: 0.55,
};
const SIMILAR_NAME_MAX_WEIGHT = 0.5;

export const DEFAULT_MIN_SCORE = 0.6;
const DEFAULT_SIMILAR_NAME_THRESHOLD = 0.7;
const DEFAULT_WINDOW = 8;
/** A value shared by more customers than this is a placeholder ("info@", a head office number), not an identity. */
const MAX_SHARED_VALUE_HOLDERS = 25;

/** Legal forms ignored when comparing names, written as they appear; folded like names before use. */
export const LEGAL_FORMS = [
  'LLC', 'L.L.C.', 'FZE', 'FZCO', 'FZ-LLC', 'DMCC',
  'BV', 'B.V.', 'BVBA', 'NV', 'N.V.', 'VOF', 'CV', 'CVBA', 'CommV', 'Comm.V', 'VZW',
  'SA', 'S.A.', 'SRL', 'SPRL', 'SC', 'SCRL', 'SCS', 'ASBL', 'SARL', 'S.à r.l.', 'Sàrl', 'SAS', 'SASU', 'EURL', 'SNC',
  'GmbH', 'GmbH & Co. KG', 'AG', 'KG', 'OHG', 'UG', 'e.K.',
  'Ltd', 'Ltd.', 'Limited', 'PLC', 'LLP', 'Inc', 'Inc.', 'Corp', 'Corp.', 'Co', 'Co.', '& Co',
];

/** The words of a text compared: lower case, accents stripped, dots dropped ("B.V." is "bv"), other punctuation separating. */
function wordsOf(text: string): string[] {
  if (/[^\x20-\x7e]/.test(text)) {
    const unaccented = text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\./g, '');
    return unaccented.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
  // Plain ASCII, the usual case: one pass over the characters (this runs for every customer).
  const words: string[] = [];
  let word = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) word += text[index];
    else if (code >= 65 && code <= 90) word += String.fromCharCode(code + 32);
    else if (code !== 46 && word) {
      words.push(word);
      word = '';
    }
  }
  if (word) words.push(word);
  return words;
}

/** Legal forms as words, by their last word, longest first so that "gmbh co kg" goes before "kg". */
const LEGAL_FORMS_BY_LAST_WORD: ReadonlyMap<string, readonly string[][]> = (() => {
  const forms = [...new Set(LEGAL_FORMS.map((form) => wordsOf(form).join(' ')))].map((form) => form.split(' ')).sort((a, b) => b.length - a.length);
  const byLastWord = new Map<string, string[][]>();
  for (const form of forms) byLastWord.set(form.at(-1)!, [...(byLastWord.get(form.at(-1)!) ?? []), form]);
  return byLastWord;
})();

function endsWithWords(words: readonly string[], tail: readonly string[]): boolean {
  if (tail.length >= words.length) return false;
  for (let index = 0; index < tail.length; index++) if (words[words.length - tail.length + index] !== tail[index]) return false;
  return true;
}

/** The name as compared: folded, without trailing legal forms ("Delta Freight B.V." and "DELTA FREIGHT NV" are "delta freight"). */
export function nameKey(name: string): string {
  const words = wordsOf(name);
  for (;;) {
    const form = LEGAL_FORMS_BY_LAST_WORD.get(words.at(-1) ?? '')?.find((candidate) => endsWithWords(words, candidate));
    if (!form) return words.join(' ');
    words.length -= form.length;
  }
}

/** A VAT number without its country prefix, so "BE0123456789" and "0123456789" are one key; junk (under 6 characters) is none. */
export function vatKey(vatNumber: string | null): string | null {
  const compact = vatNumber?.toUpperCase().replace(/[^A-Z0-9]/g, '').replace(/^[A-Z]{2}(?=\d)/, '');
  return compact && compact.length >= 6 ? compact : null;
}

const E164 = /^\+\d{7,15}$/;

/** Only phone numbers that normalized to E.164 identify anyone ("n/a" and "0" do not). */
export function phoneKeys(candidate: Pick<DuplicateCandidate, 'phone' | 'mobile'>): string[] {
  const phone = candidate.phone !== null && E164.test(candidate.phone) ? candidate.phone : null;
  const mobile = candidate.mobile !== null && candidate.mobile !== phone && E164.test(candidate.mobile) ? candidate.mobile : null;
  return phone ? (mobile ? [phone, mobile] : [phone]) : mobile ? [mobile] : [];
}

function emailKey(email: string | null): string | null {
  const key = email?.trim().toLowerCase();
  return key || null;
}

/**
 * Trigrams as pg_trgm makes them: each word (letters and digits) padded with two spaces before and
 * one after, so "delta" gives "  d", " de", "del", "elt", "lta", "ta ".
 */
export function trigramsOf(text: string): Set<string> {
  const trigrams = new Set<string>();
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    const padded = `  ${word} `;
    for (let index = 0; index + 3 <= padded.length; index++) trigrams.add(padded.slice(index, index + 3));
  }
  return trigrams;
}

/** pg_trgm's similarity: shared trigrams over all trigrams of the two. */
export function trigramSimilarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const trigram of small) if (large.has(trigram)) shared++;
  return shared / (a.size + b.size - shared);
}

/** A customer with its keys worked out once. */
interface Keyed {
  candidate: DuplicateCandidate;
  vat: string | null;
  email: string | null;
  phones: string[];
  name: string;
}

function keyedOf(candidate: DuplicateCandidate): Keyed {
  return { candidate, vat: vatKey(candidate.vatNumber), email: emailKey(candidate.email), phones: phoneKeys(candidate), name: nameKey(candidate.name) };
}

function combine(weights: readonly number[]): number {
  return 1 - weights.reduce((remaining, weight) => remaining * (1 - weight), 1);
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** Everything two customers have in common, and the score it adds up to. */
export function scorePair(
  a: DuplicateCandidate,
  b: DuplicateCandidate,
  options: Pick<DuplicateOptions, 'similarNameThreshold'> = {},
): { score: number; reasons: DuplicateReason[] } {
  return scoreKeyed(keyedOf(a), keyedOf(b), { similarNameThreshold: options.similarNameThreshold ?? DEFAULT_SIMILAR_NAME_THRESHOLD, placeholders: new Set(), trigrams: new Map() });
}

interface Scoring {
  similarNameThreshold: number;
  /** Values too common to identify anyone (see MAX_SHARED_VALUE_HOLDERS). */
  placeholders: ReadonlySet<string>;
  trigrams: Map<string, Set<string>>;
}

function scoreKeyed(a: Keyed, b: Keyed, scoring: Scoring): { score: number; reasons: DuplicateReason[] } {
  const reasons: DuplicateReason[] = [];
  const weights: number[] = [];
  const add = (kind: Exclude<DuplicateReasonKind, 'SIMILAR_NAME'>, value: string) => {
    if (scoring.placeholders.has(value)) return;
    reasons.push({ kind, value, similarity: null });
    weights.push(REASON_WEIGHTS[kind]);
  };
  if (a.vat && a.vat === b.vat) add('SAME_VAT', a.vat);
  if (a.email && a.email === b.email) add('SAME_EMAIL', a.email);
  const sharedPhone = a.phones.find((phone) => b.phones.includes(phone));
  if (sharedPhone) add('SAME_PHONE', sharedPhone);
  if (a.name && a.name === b.name) add('SAME_NAME', a.name);
  else if (a.name && b.name) {
    const similarity = trigramSimilarity(trigramsFor(a.name, scoring.trigrams), trigramsFor(b.name, scoring.trigrams));
    if (similarity >= scoring.similarNameThreshold) {
      reasons.push({ kind: 'SIMILAR_NAME', value: `${a.name} ~ ${b.name}`, similarity: round(similarity) });
      weights.push(SIMILAR_NAME_MAX_WEIGHT * similarity);
    }
  }
  return { score: round(combine(weights)), reasons };
}

function trigramsFor(key: string, cache: Map<string, Set<string>>): Set<string> {
  let trigrams = cache.get(key);
  if (!trigrams) cache.set(key, (trigrams = trigramsOf(key)));
  return trigrams;
}

/** A pair of indexes as one number (low * count + high): cheaper to keep in a Set than a string. */
type PairCode = number;

/** Who holds each value. Most values have one holder: it is kept as a number, a list made only for a second one. */
type Holders = Map<string, number | number[]>;

function hold(holders: Holders, value: string, index: number): void {
  const known = holders.get(value);
  if (known === undefined) holders.set(value, index);
  else if (typeof known === 'number') holders.set(value, [known, index]);
  else known.push(index);
}

/** Pairs of customers that share a value (VAT, e-mail, phone, name key), skipping (and noting) values so common they identify nobody. */
function pairsSharingValues(keyed: readonly Keyed[], into: Set<PairCode>, placeholders: Set<string>): void {
  const byKind: Holders[] = [new Map(), new Map(), new Map(), new Map()];
  const [byVat, byEmail, byPhone, byName] = byKind as [Holders, Holders, Holders, Holders];
  for (let index = 0; index < keyed.length; index++) {
    const customer = keyed[index]!;
    if (customer.vat) hold(byVat, customer.vat, index);
    if (customer.email) hold(byEmail, customer.email, index);
    for (const phone of customer.phones) hold(byPhone, phone, index);
    if (customer.name) hold(byName, customer.name, index);
  }
  for (const holders of byKind) {
    for (const [value, list] of holders) {
      if (typeof list === 'number') continue;
      if (list.length > MAX_SHARED_VALUE_HOLDERS) {
        placeholders.add(value);
        continue;
      }
      for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) into.add(list[i]! * keyed.length + list[j]!);
    }
  }
}

/**
 * Pairs of customers whose name keys are close in sort order, read forwards and backwards (one
 * customer stands for each name key: equal keys are paired by `pairsSharingValues`).
 */
function neighbouringNamePairs(keyed: readonly Keyed[], window: number, into: Set<PairCode>): void {
  const seen = new Set<string>();
  const holders = keyed.flatMap((customer, index) => (customer.name && !seen.has(customer.name) && seen.add(customer.name) ? [index] : []));
  const reversed = keyed.map((customer) => [...customer.name].reverse().join(''));
  const byKey = (keys: readonly string[]) => (a: number, b: number) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0);
  const names = keyed.map((customer) => customer.name);
  for (const order of [[...holders].sort(byKey(names)), [...holders].sort(byKey(reversed))]) {
    for (let i = 0; i < order.length; i++) {
      for (let j = i + 1; j <= i + window && j < order.length; j++) {
        const [low, high] = order[i]! < order[j]! ? [order[i]!, order[j]!] : [order[j]!, order[i]!];
        into.add(low * keyed.length + high);
      }
    }
  }
}

/** Union-find over indexes. */
function groupsOf(pairs: readonly DuplicatePair[], indexOfId: ReadonlyMap<number, number>): Map<number, DuplicatePair[]> {
  const parent = new Map<number, number>();
  const root = (node: number): number => {
    let current = node;
    while (parent.has(current) && parent.get(current) !== current) current = parent.get(current)!;
    parent.set(node, current);
    return current;
  };
  for (const pair of pairs) {
    const [a, b] = pair.ids.map((id) => root(indexOfId.get(id)!)) as [number, number];
    if (a !== b) parent.set(Math.max(a, b), Math.min(a, b));
  }
  const groups = new Map<number, DuplicatePair[]>();
  for (const pair of pairs) {
    const key = root(indexOfId.get(pair.ids[0])!);
    const list = groups.get(key);
    if (list) list.push(pair);
    else groups.set(key, [pair]);
  }
  return groups;
}

/**
 * Every pair of customers with something in common, scored: the costly part, done once per set of
 * customers (in a worker thread, see duplicate-finder.ts) and then grouped for any minimum score.
 * `similarNames` adds pairs whose names are merely alike, which only a minimum score under
 * SIMILAR_NAME_MAX_WEIGHT can let through on their own.
 */
export function scoreDuplicatePairs(
  candidates: readonly DuplicateCandidate[],
  options: Omit<DuplicateOptions, 'minScore'> & { similarNames: boolean },
): DuplicatePair[] {
  const keyed = candidates.map(keyedOf);
  const candidatePairs = new Set<PairCode>();
  const placeholders = new Set<string>();
  pairsSharingValues(keyed, candidatePairs, placeholders);
  if (options.similarNames) neighbouringNamePairs(keyed, options.window ?? DEFAULT_WINDOW, candidatePairs);

  const scoring: Scoring = { similarNameThreshold: options.similarNameThreshold ?? DEFAULT_SIMILAR_NAME_THRESHOLD, placeholders, trigrams: new Map() };
  const pairs: DuplicatePair[] = [];
  for (const code of candidatePairs) {
    const a = keyed[Math.floor(code / keyed.length)]!;
    const b = keyed[code % keyed.length]!;
    const { score, reasons } = scoreKeyed(a, b, scoring);
    if (reasons.length > 0) {
      const ids: [number, number] = a.candidate.id < b.candidate.id ? [a.candidate.id, b.candidate.id] : [b.candidate.id, a.candidate.id];
      pairs.push({ ids, score, reasons });
    }
  }
  return pairs;
}

/** Whether a minimum score lets a similar name count on its own, so that such pairs must be scored. */
export function needsSimilarNames(minScore: number): boolean {
  // A similar name alone weighs less than SIMILAR_NAME_MAX_WEIGHT; from that score up, every pair
  // that can qualify shares a value and is already a candidate.
  return minScore < SIMILAR_NAME_MAX_WEIGHT;
}

/** Pairs scoring at least `minScore`, joined into groups when they share a customer. Best groups first. */
export function groupDuplicatePairs(scored: readonly DuplicatePair[], minScore: number): DuplicateGroup[] {
  const pairs = scored.filter((pair) => pair.score >= minScore);
  const indexOfId = new Map<number, number>();
  for (const pair of pairs) for (const id of pair.ids) if (!indexOfId.has(id)) indexOfId.set(id, indexOfId.size);
  return [...groupsOf(pairs, indexOfId).values()]
    .map((groupPairs) => ({
      ids: [...new Set(groupPairs.flatMap((pair) => pair.ids))].sort((a, b) => a - b),
      score: Math.max(...groupPairs.map((pair) => pair.score)),
      pairs: groupPairs.sort((a, b) => b.score - a.score || a.ids[0] - b.ids[0] || a.ids[1] - b.ids[1]),
    }))
    .sort((a, b) => b.score - a.score || a.ids[0]! - b.ids[0]!);
}

/** Groups of customers that are probably one company, best first. */
export function findDuplicateGroups(candidates: readonly DuplicateCandidate[], options: DuplicateOptions): DuplicateGroup[] {
  return groupDuplicatePairs(scoreDuplicatePairs(candidates, { ...options, similarNames: needsSimilarNames(options.minScore) }), options.minScore);
}
