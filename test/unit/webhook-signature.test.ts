import * as crypto from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { computeSignature, signatureHeader, verifySignature } from '../../src/robaws/signature.js';

vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return { ...original, timingSafeEqual: vi.fn(original.timingSafeEqual) };
});

const SECRET = 'whsec_unit';
const NOW = Date.parse('2026-11-23T12:00:00Z');
const T = NOW / 1000;
const BODY = Buffer.from('{"id":"e1","event":"client.updated","data":{"id":7,"name":"Café Ölçü"}}');

describe('verifySignature over the raw body bytes', () => {
  beforeEach(() => {
    vi.mocked(crypto.timingSafeEqual).mockClear();
  });

  it('accepts a valid signature, comparing with timingSafeEqual on equal-length buffers', () => {
    expect(verifySignature({ header: signatureHeader(SECRET, BODY, T), rawBody: BODY, secrets: [SECRET], now: NOW })).toBe('VALID');
    const [[expected, candidate]] = vi.mocked(crypto.timingSafeEqual).mock.calls as [[Buffer, Buffer]];
    expect(expected.length).toBe(32);
    expect(candidate.length).toBe(32);
  });

  it('compares a wrong signature of the right length in constant time too (no early exit on the first byte)', () => {
    const wrong = computeSignature('other', T, BODY);
    expect(verifySignature({ header: `t=${T},v1=${wrong}`, rawBody: BODY, secrets: [SECRET], now: NOW })).toBe('MISMATCH');
    expect(crypto.timingSafeEqual).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a wrong secret', signatureHeader('not-it', BODY, T), BODY, 'MISMATCH'],
    ['an altered body', signatureHeader(SECRET, BODY, T), Buffer.concat([BODY, Buffer.from(' ')]), 'MISMATCH'],
    ['one byte changed in a multi-byte character', signatureHeader(SECRET, BODY, T), Buffer.from(BODY.toString().replace('é', 'è')), 'MISMATCH'],
    ['a timestamp 301 s old', signatureHeader(SECRET, BODY, T - 301), BODY, 'EXPIRED'],
    ['a timestamp 301 s ahead', signatureHeader(SECRET, BODY, T + 301), BODY, 'EXPIRED'],
    ['no header', undefined, BODY, 'MISSING'],
    ['a header without v1', `t=${T}`, BODY, 'MALFORMED'],
    ['a short v1', `t=${T},v1=abcd`, BODY, 'MISMATCH'],
    ['a v1 that is not hex', `t=${T},v1=${'z'.repeat(64)}`, BODY, 'MISMATCH'],
  ])('rejects %s', (_label, header, body, verdict) => {
    expect(verifySignature({ header, rawBody: body, secrets: [SECRET], now: NOW })).toBe(verdict);
  });

  it('accepts a timestamp 300 s away (the tolerance is inclusive)', () => {
    expect(verifySignature({ header: signatureHeader(SECRET, BODY, T - 300), rawBody: BODY, secrets: [SECRET], now: NOW })).toBe('VALID');
  });

  it('accepts any of several secrets and any of several v1 values (rotation)', () => {
    const header = `t=${T},v1=${computeSignature('old', T, BODY)},v1=${computeSignature(SECRET, T, BODY)}`;
    expect(verifySignature({ header, rawBody: BODY, secrets: ['unrelated', SECRET], now: NOW })).toBe('VALID');
  });
});
