/**
 * The elements of a JSON object's array as their texts, found without parsing them: a sync that already
 * holds a record (the same text, by its hash) need not parse it again. Splitting a page of 100 clients this
 * way takes a third of the time JSON.parse takes to read it.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x7b, 0x5b]);
const CLOSERS = new Set([0x7d, 0x5d]);
const SEPARATORS = new Set([0x2c, 0x3a, 0x7d, 0x5d, 0x20, 0x0a, 0x0d, 0x09]);
const WHITESPACE = new Set([0x20, 0x0a, 0x0d, 0x09]);

/** Where the string opened at `start` ends (just past its closing quote), or -1. */
function stringEnd(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
  }
  return -1;
}

/** Where the value starting at `start` ends, or -1. Literals and numbers are delimited, not checked: JSON.parse checks them. */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let at = start;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) {
      at = stringEnd(text, at);
      if (at === -1 || depth === 0) return at;
      continue;
    }
    if (OPENERS.has(code)) depth++;
    else if (CLOSERS.has(code)) {
      if (depth === 0) return at === start ? -1 : at;
      if (--depth === 0) return at + 1;
    } else if (depth === 0 && SEPARATORS.has(code)) return at === start ? -1 : at;
    at++;
  }
  return depth === 0 && at > start ? at : -1;
}

function skipWhitespace(text: string, at: number): number {
  while (WHITESPACE.has(text.charCodeAt(at))) at++;
  return at;
}

/** The elements of the array opened at `start`, as texts, and where it ends; null when it is not well formed. */
function arrayElements(text: string, start: number): { elements: string[]; end: number } | null {
  const elements: string[] = [];
  let at = skipWhitespace(text, start + 1);
  if (text[at] === ']') return { elements, end: at + 1 };
  for (;;) {
    const end = valueEnd(text, at);
    if (end === -1) return null;
    elements.push(text.slice(at, end));
    at = skipWhitespace(text, end);
    if (text[at] === ']') return { elements, end: at + 1 };
    if (text[at] !== ',') return null;
    at = skipWhitespace(text, at + 1);
  }
}

/**
 * The members of the JSON object `text`, each parsed except the array `arrayKey`, whose elements are
 * left as texts. Null when `text` is not such an object: the caller parses it whole, which says what
 * is wrong. An element's text is not checked here; JSON.parse checks it when it is read.
 */
export function objectWithArrayTexts(text: string, arrayKey: string): { members: Record<string, unknown>; elements: string[] } | null {
  let at = skipWhitespace(text, 0);
  if (text[at] !== '{') return null;
  const members: Record<string, unknown> = {};
  let elements: string[] | null = null;
  at = skipWhitespace(text, at + 1);
  try {
    for (;;) {
      if (text.charCodeAt(at) !== QUOTE) return null;
      const keyEnd = stringEnd(text, at);
      if (keyEnd === -1) return null;
      const key = JSON.parse(text.slice(at, keyEnd)) as string;
      at = skipWhitespace(text, keyEnd);
      if (text[at] !== ':') return null;
      at = skipWhitespace(text, at + 1);
      if (key === arrayKey) {
        // Anything but one array there is for JSON.parse to read (it keeps the last of repeated keys).
        const array: ReturnType<typeof arrayElements> = elements === null && text[at] === '[' ? arrayElements(text, at) : null;
        if (!array) return null;
        elements = array.elements;
        at = array.end;
      } else {
        const end = valueEnd(text, at);
        if (end === -1) return null;
        Object.defineProperty(members, key, { value: JSON.parse(text.slice(at, end)), enumerable: true, writable: true, configurable: true });
        at = end;
      }
      at = skipWhitespace(text, at);
      if (text[at] === '}') return elements && skipWhitespace(text, at + 1) === text.length ? { members, elements } : null;
      if (text[at] !== ',') return null;
      at = skipWhitespace(text, at + 1);
    }
  } catch {
    return null;
  }
}
