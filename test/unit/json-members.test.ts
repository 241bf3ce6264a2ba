import { describe, expect, it } from 'vitest';
import { objectWithArrayTexts } from '../../src/robaws/json-members.js';
import { createRandom, type Random } from '../../src/sandbox/random.js';

/** What JSON.parse makes of `text`, split as objectWithArrayTexts splits it. */
function parsedSplit(text: string): { members: Record<string, unknown>; items: unknown[] } {
  const { items, ...members } = JSON.parse(text) as { items: unknown[] };
  return { members, items };
}

function expectSameAsJsonParse(text: string): void {
  const split = objectWithArrayTexts(text, 'items');
  expect(split).not.toBeNull();
  expect({ members: split!.members, items: split!.elements.map((element) => JSON.parse(element) as unknown) }).toEqual(parsedSplit(text));
  for (const element of split!.elements) expect(text).toContain(element);
}

/** Strings made of what a scanner can get wrong: quotes, backslashes, brackets, commas, colons, non-ASCII. */
function trickyString(random: Random): string {
  const alphabet = ['"', '\\', '{', '}', '[', ']', ',', ':', ' ', 'a', 'é', '€', '\n', '\u0000', '😀', 'items'];
  return Array.from({ length: random.int(0, 12) }, () => random.pick(alphabet)).join('');
}

function randomValue(random: Random, depth: number): unknown {
  const kind = random.int(0, depth > 3 ? 4 : 6);
  if (kind === 0) return trickyString(random);
  if (kind === 1) return random.int(-1e6, 1e6) / random.pick([1, 7, 1000]);
  if (kind === 2) return random.pick([true, false, null]);
  if (kind === 3) return random.pick([1e21, -0.5e-7, 0]);
  if (kind === 4) return '';
  if (kind === 5) return Array.from({ length: random.int(0, 4) }, () => randomValue(random, depth + 1));
  return Object.fromEntries(Array.from({ length: random.int(0, 4) }, () => [trickyString(random), randomValue(random, depth + 1)]));
}

describe('objectWithArrayTexts', () => {
  it('splits a page as JSON.parse reads it, each element an exact part of the text', () => {
    const client = { id: 1001, name: 'Say "hi" \\ {to} [all], é€😀', extraFields: { Role: { stringValue: 'POV' } }, items: [1, [2, { items: '}' }]], vat: null, active: true };
    const page = { totalItems: 2, items: [client, { id: 1002, name: '' }], page: 0, size: 100 };
    expectSameAsJsonParse(JSON.stringify(page));
    expectSameAsJsonParse(JSON.stringify(page, null, 2));
    expectSameAsJsonParse('{ "items" : [ ] , "totalItems":0 }');
    expectSameAsJsonParse('\n{"items":[1,-2.5e3,"x",true,null,[],{}],"totalItems":7}\n');
    expect(objectWithArrayTexts(JSON.stringify(page), 'items')?.elements).toEqual(page.items.map((item) => JSON.stringify(item)));
  });

  it('agrees with JSON.parse on 300 random pages, compact and indented', () => {
    const random = createRandom(7);
    for (let round = 0; round < 300; round++) {
      const items = Array.from({ length: random.int(0, 5) }, () => randomValue(random, 0));
      const page = { [trickyString(random)]: randomValue(random, 2), items, totalItems: items.length };
      expectSameAsJsonParse(JSON.stringify(page));
      expectSameAsJsonParse(JSON.stringify(page, null, random.int(1, 3)));
    }
  });

  it('keeps a member named __proto__ as a member, as JSON.parse does', () => {
    const split = objectWithArrayTexts('{"__proto__":{"polluted":true},"items":[]}', 'items');
    expect(Object.getPrototypeOf(split!.members)).toBe(Object.prototype);
    expect(split!.members).toEqual(JSON.parse('{"__proto__":{"polluted":true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['an empty text', ''],
    ['an array', '[{"items":[]}]'],
    ['a string', '"items"'],
    ['an empty object', '{}'],
    ['no items member', '{"totalItems":1}'],
    ['items that are not an array', '{"items":{"a":1},"totalItems":1}'],
    ['items twice (JSON.parse keeps the last)', '{"items":[1],"items":[2]}'],
    ['text after the object', '{"items":[]} x'],
    ['an unterminated string', '{"items":["abc]}'],
    ['an unclosed array', '{"items":[1,2}'],
    ['an unclosed element', '{"items":[{"id":1]}'],
    ['a missing comma', '{"items":[1 2]}'],
    ['a missing colon', '{"items" [1]}'],
    ['a key that is not a string', '{items:[1]}'],
    ['a member that is not JSON', '{"items":[],"totalItems":tru}'],
    ['a trailing comma', '{"items":[1,],"totalItems":1}'],
  ])('answers null (the caller parses the text whole) for %s', (_case, text) => {
    expect(objectWithArrayTexts(text, 'items')).toBeNull();
  });
});
