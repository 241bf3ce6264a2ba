import { describe, expect, it } from 'vitest';
import { bodyExcerpt, decodeBody, isJsonMediaType, parseDelivery, REFUSED_BODY_EXCERPT_BYTES, WebhookRejection } from '../../src/webhooks/delivery.js';
import { backoffDelayMs } from '../../src/concurrency.js';
import { SourceRateLimiter } from '../../src/webhooks/rate-limiter.js';

const client = { id: 3473, name: '222 CARS', email: 'info@222motors.ae', updatedAt: '2026-11-20T10:00:00.000Z', extraFields: { Role: { type: 'SELECT', group: null, stringValue: 'LUXURY CAR DEALER' } } };

function rejectionOf(body: string): WebhookRejection {
  try {
    parseDelivery(body);
  } catch (error) {
    if (error instanceof WebhookRejection) return error;
    throw error;
  }
  throw new Error('parsed');
}

describe('parseDelivery', () => {
  it('reads a client.updated delivery: event id, client id as a string, updated-at, and the raw data as sent', () => {
    const parsed = parseDelivery(JSON.stringify({ id: 'evt-1', event: 'client.updated', data: { ...client, unknownField: [1] } }));
    expect(parsed).toMatchObject({ type: 'client.updated', eventId: 'evt-1', robawsClientId: '3473', robawsUpdatedAt: new Date('2026-11-20T10:00:00Z') });
    expect(parsed.type !== 'client.deleted' && parsed.record.raw).toEqual({ ...client, unknownField: [1] });
  });

  it('reads client.deleted with only an id', () => {
    expect(parseDelivery('{"id":"evt-2","event":"client.deleted","data":{"id":"12"}}')).toEqual({
      type: 'client.deleted',
      eventId: 'evt-2',
      robawsClientId: '12',
      robawsUpdatedAt: null,
    });
  });

  it.each([
    ['{"id":', 'INVALID_JSON', 400],
    ['"just a string"', 'INVALID_PAYLOAD', 422],
    ['{"id":"","event":"client.updated","data":{"id":1}}', 'INVALID_PAYLOAD', 422],
    ['{"id":"e","event":"client.updated","data":{"id":-1}}', 'INVALID_PAYLOAD', 422],
    ['{"id":"e","event":"client.updated","data":{"id":1,"updatedAt":"yesterday"}}', 'INVALID_PAYLOAD', 422],
    ['{"id":"e","event":"offer.created","data":{"id":1}}', 'UNKNOWN_EVENT_TYPE', 422],
  ])('%s is a %s (%i)', (body, code, status) => {
    const rejection = rejectionOf(body);
    expect(rejection).toMatchObject({ code, status });
    expect(rejection.message.length).toBeGreaterThan(10);
  });

  it('names the field that does not fit', () => {
    expect(rejectionOf(JSON.stringify({ id: 'e', event: 'client.created', data: { ...client, email: 5 } })).message).toMatch(/email/);
  });
});

describe('body helpers', () => {
  it('decodeBody refuses bytes that are not UTF-8', () => {
    expect(() => decodeBody(new Uint8Array([0xc3, 0x28]))).toThrow(expect.objectContaining({ code: 'INVALID_ENCODING' }));
    expect(decodeBody(new TextEncoder().encode('Ölçü'))).toBe('Ölçü');
  });

  it('bodyExcerpt keeps what it can and replaces what Postgres text cannot hold', () => {
    expect(bodyExcerpt(new Uint8Array([0x61, 0x00, 0xff, 0x62]))).toBe('a\uFFFD\uFFFDb');
  });

  it('bodyExcerpt keeps the first 4 KiB of a body, however large', () => {
    const body = new TextEncoder().encode('x'.repeat(1024 * 1024));
    expect(bodyExcerpt(body)).toBe('x'.repeat(REFUSED_BODY_EXCERPT_BYTES));
    expect(REFUSED_BODY_EXCERPT_BYTES).toBe(4096);
  });

  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['application/vnd.robaws+json', true],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    [null, false],
  ])('isJsonMediaType(%s) is %s', (contentType, expected) => {
    expect(isJsonMediaType(contentType)).toBe(expected);
  });
});

describe('backoffDelayMs', () => {
  const policy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 60_000 };
  it('doubles per attempt, between half and all of the delay, capped', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, policy, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(2000);
    expect(backoffDelayMs(20, policy, () => 1)).toBe(60_000);
  });
});

describe('SourceRateLimiter', () => {
  it('lets a burst of a minute\'s allowance through at once, then refills at the per-minute rate', () => {
    const limiter = new SourceRateLimiter(120);
    const at = 1_000_000;
    for (let index = 0; index < 120; index++) expect(limiter.take('10.0.0.1', at)).toBeNull();
    expect(limiter.take('10.0.0.1', at)).toBe(1);
    expect(limiter.take('10.0.0.2', at)).toBeNull();
    expect(limiter.take('10.0.0.1', at + 500)).toBeNull();
    expect(limiter.take('10.0.0.1', at + 500)).toBe(1);
  });

  it('says how long to wait when the rate is slow', () => {
    const limiter = new SourceRateLimiter(2);
    expect(limiter.take('a', 0)).toBeNull();
    expect(limiter.take('a', 0)).toBeNull();
    expect(limiter.take('a', 0)).toBe(30);
  });

  it('forgets full buckets when it tracks too many sources, so memory stays bounded', () => {
    const limiter = new SourceRateLimiter(60, 2);
    limiter.take('a', 0);
    limiter.take('b', 0);
    limiter.take('c', 120_000);
    expect((limiter as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(1);
  });
});
