import type { Random } from '../random.js';

/**
 * FNV-1a over the letters and digits of `text`, ignoring case and accents ("Liège Transports" and
 * "LIEGE-TRANSPORTS" hash alike), cut to 30 bits so that V8 keeps it a small integer (fast in a Set).
 */
function compactHash(text: string, normalized = false): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code > 127 && !normalized) return compactHash(text.normalize('NFD'), true);
    if (code >= 65 && code <= 90) code += 32;
    else if (!((code >= 97 && code <= 122) || (code >= 48 && code <= 57))) continue;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  return hash & 0x3fffffff;
}

/**
 * Keeps generated names and VAT numbers unique, so that only the seeded duplicates are duplicates.
 * E-mails need no check: their domain or their local part is the name's letters and digits.
 * Values are kept as hashes (large accounts must generate fast): two values that share a hash count as
 * the same, which only costs a redraw.
 */
export class UniqueValues {
  private readonly names = new Set<number>();
  private readonly vatNumbers = new Set<number>();

  private static claimIn(taken: Set<number>, hash: number): boolean {
    if (taken.has(hash)) return false;
    taken.add(hash);
    return true;
  }

  claimName(name: string): boolean {
    return UniqueValues.claimIn(this.names, compactHash(name));
  }

  claimVat(countryCode: string, body: string): boolean {
    return UniqueValues.claimIn(this.vatNumbers, compactHash(countryCode + body));
  }

  /** Draws names until one is free, telling `candidate` when the first one collided; numbering them at last always ends. */
  drawName(random: Random, candidate: (crowded: boolean) => string): string {
    for (let attempt = 0; ; attempt++) {
      const name = attempt < 25 ? candidate(attempt >= 1) : `${candidate(true)} ${random.int(2, 99_999)}`;
      if (this.claimName(name)) return name;
    }
  }
}
