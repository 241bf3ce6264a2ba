import type { Random } from '../random.js';

/** "12345678" in groups of [2, 2, 2] -> "12 34 56 78": what is left after the groups makes one more. */
export function chunk(text: string, sizes: readonly number[], separator = ' '): string {
  let result = '';
  let offset = 0;
  for (const size of sizes) {
    if (offset >= text.length) break;
    result += (offset === 0 ? '' : separator) + text.slice(offset, offset + size);
    offset += size;
  }
  return offset < text.length ? result + separator + text.slice(offset) : result;
}

/** Ways of writing one value, each with how often it is seen. Tables are built once: generation must stay fast. */
export type Formats<Parts extends string[]> = ReadonlyArray<readonly [(...parts: Parts) => string, number]>;

export function writeAs<Parts extends string[]>(random: Random, formats: Formats<Parts>, ...parts: Parts): string {
  return random.weighted(formats)(...parts);
}

/** `#` becomes a random digit, `@` a random capital letter. */
export function fillTemplate(random: Random, template: string): string {
  let text = '';
  for (const character of template) {
    if (character === '#') text += String(random.int(0, 9));
    else if (character === '@') text += String.fromCharCode(65 + random.int(0, 25));
    else text += character;
  }
  return text;
}
