import { describe, expect, it } from 'vitest';
import { findApiKey, grants, parseApiKeys, presentedKey } from '../../src/auth/api-keys.js';
import { ConfigError, parseConfig } from '../../src/config.js';

const READ = 'read-key-0123456789abcdef';
const ADMIN = 'admin-key-0123456789abcdef';

describe('parseApiKeys', () => {
  it('reads "<key>:<scope>" entries separated by commas', () => {
    const { keys, problems } = parseApiKeys(` ${READ}:read , ${ADMIN}:admin`);
    expect(problems).toEqual([]);
    expect(keys.map((key) => key.scope)).toEqual(['read', 'admin']);
    expect(keys[0]!.id).toMatch(/^[0-9a-f]{8}$/);
  });

  it('names every bad entry without echoing its key', () => {
    const { problems } = parseApiKeys(`short:read,${READ}:owner,${READ}:read,${READ}:write,bad key with spaces!!:read`);
    expect(problems).toEqual([
      'entry 1: the key must have at least 16 characters',
      'entry 2: write <key>:<scope> with scope one of read, write, admin, metrics',
      'entry 4: the same key is listed twice',
      'entry 5: the key may hold only letters, digits and . _ ~ + / = -',
    ]);
    expect(problems.join(' ')).not.toContain(READ);
  });

  it('names empty entries: a stray comma is a mistake, not nothing', () => {
    expect(parseApiKeys(',').problems).toEqual([
      'entry 1 is empty: write <key>:<scope>, entries separated by single commas',
      'entry 2 is empty: write <key>:<scope>, entries separated by single commas',
    ]);
    expect(parseApiKeys(`${READ}:read,,${ADMIN}:admin,`).problems).toEqual([
      'entry 2 is empty: write <key>:<scope>, entries separated by single commas',
      'entry 4 is empty: write <key>:<scope>, entries separated by single commas',
    ]);
  });
});

describe('finding the caller', () => {
  const { keys } = parseApiKeys(`${READ}:read,${ADMIN}:admin`);

  it('takes the key from Authorization: Bearer or x-api-key', () => {
    expect(presentedKey(new Headers({ authorization: `Bearer ${READ}` }))).toBe(READ);
    expect(presentedKey(new Headers({ authorization: `bearer   ${READ}` }))).toBe(READ);
    expect(presentedKey(new Headers({ 'x-api-key': ` ${READ} ` }))).toBe(READ);
    expect(presentedKey(new Headers({ authorization: `Basic ${READ}` }))).toBeNull();
    expect(presentedKey(new Headers())).toBeNull();
  });

  it('finds the configured key, whatever the length of the one presented', () => {
    expect(findApiKey(keys, ADMIN)?.scope).toBe('admin');
    expect(findApiKey(keys, `${ADMIN}x`)).toBeNull();
    expect(findApiKey(keys, 'a')).toBeNull();
  });

  it('ranks scopes read < write < admin', () => {
    expect(grants('admin', 'write')).toBe(true);
    expect(grants('write', 'write')).toBe(true);
    expect(grants('write', 'admin')).toBe(false);
    expect(grants('read', 'write')).toBe(false);
    expect(grants(null, 'read')).toBe(false);
  });

  it('gives a metrics key no scope of the API', () => {
    const { keys: [metricsKey] } = parseApiKeys(`${READ}:metrics`);
    expect(metricsKey!.scope).toBe('metrics');
    expect(grants('metrics', 'read')).toBe(false);
  });
});

describe('API_KEYS in the config', () => {
  it('is parsed into keys', () => {
    expect(parseConfig({ API_KEYS: `${READ}:read` }).api.keys).toHaveLength(1);
    expect(parseConfig({}).api.keys).toEqual([]);
  });

  it('is required with NODE_ENV=production: start-up refuses to run an open API', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/API_KEYS: at least one valid key is required when NODE_ENV=production/);
    expect(parseConfig({ NODE_ENV: 'production', API_KEYS: `${ADMIN}:admin` }).api.keys).toHaveLength(1);
  });

  it('API_KEYS="," in production stops start-up naming both empty entries, and does not open the API', () => {
    const attempt = () => parseConfig({ NODE_ENV: 'production', API_KEYS: ',' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'API_KEYS: entry 1 is empty: write <key>:<scope>, entries separated by single commas',
        'API_KEYS: entry 2 is empty: write <key>:<scope>, entries separated by single commas',
        'API_KEYS: at least one valid key is required when NODE_ENV=production (without keys the API is open to anyone who can reach it)',
      ]);
    }
  });

  it('a bad entry is a config problem', () => {
    expect(() => parseConfig({ API_KEYS: 'short:read' })).toThrow(/API_KEYS: entry 1: the key must have at least 16 characters/);
  });
});
