import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * API keys from config: `API_KEYS="<key>:<scope>,<key>:<scope>"`. The GraphQL API's scopes are
 * read < write < admin (each includes the ones before it). `metrics` stands apart: it lets a key read
 * /metrics and nothing else, and no other scope includes it, so the monitoring system's key opens no
 * customer data and the API's keys do not read the process's figures. Keys are kept only as sha256
 * digests, compared in constant time.
 */

export const API_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];
export const METRICS_SCOPE = 'metrics';
export const KEY_SCOPES = [...API_SCOPES, METRICS_SCOPE] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

export const MIN_API_KEY_LENGTH = 16;
const KEY_CHARACTERS = /^[A-Za-z0-9._~+/=-]+$/;

export interface ApiKey {
  /** The first 8 hex digits of the key's sha256: names the key in logs without revealing it. */
  id: string;
  scope: KeyScope;
  digest: Buffer;
}

/** Who is calling: the scope their key grants (null: no valid key) and which key it was. */
export interface Caller {
  scope: KeyScope | null;
  keyId: string | null;
}

function digestOf(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** Parses API_KEYS; every bad entry is listed, without echoing the key. */
export function parseApiKeys(text: string): { keys: ApiKey[]; problems: string[] } {
  const keys: ApiKey[] = [];
  const problems: string[] = [];
  // An empty entry is an error, not noise: `API_KEYS=","` must not start an open server.
  const entries = text.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    const separator = entry.lastIndexOf(':');
    const key = separator < 0 ? entry : entry.slice(0, separator);
    const scope = separator < 0 ? '' : entry.slice(separator + 1);
    const position = `entry ${index + 1}`;
    if (entry === '') problems.push(`${position} is empty: write <key>:<scope>, entries separated by single commas`);
    else if (!KEY_SCOPES.includes(scope as KeyScope)) problems.push(`${position}: write <key>:<scope> with scope one of ${KEY_SCOPES.join(', ')}`);
    else if (key.length < MIN_API_KEY_LENGTH) problems.push(`${position}: the key must have at least ${MIN_API_KEY_LENGTH} characters`);
    else if (!KEY_CHARACTERS.test(key)) problems.push(`${position}: the key may hold only letters, digits and . _ ~ + / = -`);
    else {
      const digest = digestOf(key);
      if (keys.some((known) => known.digest.equals(digest))) problems.push(`${position}: the same key is listed twice`);
      else keys.push({ id: digest.toString('hex').slice(0, 8), scope: scope as KeyScope, digest });
    }
  });
  return { keys, problems };
}

/** The key a request presents: `Authorization: Bearer <key>` or `x-api-key: <key>`. */
export function presentedKey(headers: Headers): string | null {
  const authorization = headers.get('authorization')?.trim();
  const bearer = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
  return bearer ?? headers.get('x-api-key')?.trim() ?? null;
}

/** The configured key matching `key`, or null. Digests have equal length, so the comparison is constant-time. */
export function findApiKey(keys: readonly ApiKey[], key: string): ApiKey | null {
  const digest = digestOf(key);
  let found: ApiKey | null = null;
  for (const candidate of keys) if (timingSafeEqual(candidate.digest, digest)) found = candidate;
  return found;
}

/** Whether a key's scope includes an API scope (a metrics key includes none). */
export function grants(held: KeyScope | null, needed: ApiScope): boolean {
  return held !== null && held !== METRICS_SCOPE && API_SCOPES.indexOf(held) >= API_SCOPES.indexOf(needed);
}
