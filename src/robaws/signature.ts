import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header Robaws signs its webhook deliveries with: `t=<unix seconds>,v1=<hex hmac>[,v1=<hex hmac>]`. */
export const SIGNATURE_HEADER = 'robaws-signature';
/** Deliveries whose timestamp is further than this from now are refused (replay protection). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function computeSignature(secret: string, timestamp: number, rawBody: string | Uint8Array): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${timestamp}.`);
  hmac.update(rawBody);
  return hmac.digest('hex');
}

export function signatureHeader(secret: string, rawBody: string | Uint8Array, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${computeSignature(secret, timestamp, rawBody)}`;
}

export type SignatureVerdict = 'VALID' | 'MISSING' | 'MALFORMED' | 'EXPIRED' | 'MISMATCH';

interface ParsedHeader {
  timestamp: number;
  signatures: string[];
}

function parseHeader(header: string): ParsedHeader | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d+$/.test(value)) timestamp = Number(value);
    // Several v1 values are accepted so that a secret can be rotated (assumed, see docs/robaws-api.md).
    else if (key === 'v1' && value) signatures.push(value);
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

/** Constant-time check of every v1 value; lengths are compared first because timingSafeEqual throws on a mismatch. */
function hexEquals(expectedHex: string, candidateHex: string): boolean {
  if (!/^[0-9a-f]+$/i.test(candidateHex)) return false;
  const expected = Buffer.from(expectedHex, 'hex');
  const candidate = Buffer.from(candidateHex, 'hex');
  return expected.length === candidate.length && timingSafeEqual(expected, candidate);
}

interface TimingOptions {
  now?: number;
  toleranceSeconds?: number;
}

/**
 * The verdict the header alone decides (MISSING, MALFORMED, EXPIRED), or null when only the body can
 * tell: a delivery refused on its header is never read beyond a short excerpt.
 */
export function signatureHeaderVerdict(header: string | null | undefined, options: TimingOptions = {}): Exclude<SignatureVerdict, 'VALID' | 'MISMATCH'> | null {
  const checked = checkHeader(header, options);
  return 'verdict' in checked ? checked.verdict : null;
}

function checkHeader(header: string | null | undefined, options: TimingOptions): { verdict: 'MISSING' | 'MALFORMED' | 'EXPIRED' } | ParsedHeader {
  if (!header) return { verdict: 'MISSING' };
  const parsed = parseHeader(header);
  if (!parsed) return { verdict: 'MALFORMED' };
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > (options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return { verdict: 'EXPIRED' };
  return parsed;
}

export function verifySignature(options: TimingOptions & { header: string | null | undefined; rawBody: string | Uint8Array; secrets: readonly string[] }): SignatureVerdict {
  const checked = checkHeader(options.header, options);
  if ('verdict' in checked) return checked.verdict;
  const matches = options.secrets.some((secret) => {
    const expected = computeSignature(secret, checked.timestamp, options.rawBody);
    return checked.signatures.some((candidate) => hexEquals(expected, candidate));
  });
  return matches ? 'VALID' : 'MISMATCH';
}
