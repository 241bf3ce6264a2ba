import { describe, expect, it } from 'vitest';
import { createLogger, MAX_LOGGED_STRING } from '../../src/log.js';

function capture(level: 'debug' | 'info' = 'debug') {
  const lines: string[] = [];
  return { logger: createLogger({ level, format: 'json', destination: (line) => lines.push(line) }), lines, parsed: () => lines.map((line) => JSON.parse(line) as Record<string, any>) };
}

describe('the logger', () => {
  it('writes one JSON object per line with a level name, an ISO time and the message', () => {
    const { logger, parsed } = capture();
    logger.child({ runId: 'r1' }).info({ pages: 3 }, 'sync started');
    expect(parsed()).toEqual([expect.objectContaining({ level: 'info', msg: 'sync started', runId: 'r1', pages: 3, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })]);
  });

  it('redacts secrets by key, at the top and nested', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        password: 'p4ss-top',
        headers: { authorization: 'Bearer key-in-header', 'x-api-key': 'key-in-x-api-key', cookie: 'session=1' },
        endpoint: { url: 'https://example.com', secret: 'endpoint-secret' },
        config: { robaws: { password: 'nested-two-levels' } },
      },
      'configured',
    );
    const line = lines.join('\n');
    for (const secret of ['p4ss-top', 'key-in-header', 'key-in-x-api-key', 'session=1', 'endpoint-secret', 'nested-two-levels']) expect(line).not.toContain(secret);
    expect(JSON.parse(lines[0]!)).toMatchObject({ headers: { authorization: '[redacted]' }, endpoint: { url: 'https://example.com', secret: '[redacted]' } });
  });

  it('cuts long values: a 1 MB argument makes a short line', () => {
    const { logger, lines } = capture();
    const huge = 'x'.repeat(1024 * 1024);
    logger.warn({ argument: huge, nested: { deeper: [huge] } }, huge);
    expect(lines[0]!.length).toBeLessThan(4 * MAX_LOGGED_STRING);
    const entry = JSON.parse(lines[0]!) as { argument: string; msg: string };
    expect(entry.argument).toBe(`${'x'.repeat(MAX_LOGGED_STRING)}… (${1024 * 1024 - MAX_LOGGED_STRING} more characters)`);
    expect(entry.msg.startsWith('x'.repeat(MAX_LOGGED_STRING))).toBe(true);
  });

  it('keeps an error\'s cause chain, under any key', () => {
    const { logger, parsed } = capture();
    const root = new Error('connection refused');
    const error = new Error('the sync failed', { cause: new Error('page 3 could not be read', { cause: root }) });
    logger.error({ err: error, reason: new TypeError('bad input') }, 'sync failed');
    const [entry] = parsed();
    expect(entry!.err).toMatchObject({ type: 'Error', message: 'the sync failed', cause: { message: 'page 3 could not be read', cause: { message: 'connection refused' } } });
    expect(entry!.err.stack).toContain('the sync failed');
    expect(entry!.reason).toMatchObject({ type: 'TypeError', message: 'bad input' });
  });

  it('does not throw on circular objects or BigInt', () => {
    const { logger, parsed } = capture();
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    expect(() => logger.info({ circular, big: 12345678901234567890n }, 'odd values')).not.toThrow();
    expect(parsed()[0]).toMatchObject({ big: '12345678901234567890', circular: { name: 'loop' } });
  });

  it('leaves out what is below its level', () => {
    const { logger, lines } = capture('info');
    logger.debug('hidden');
    logger.info('shown');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['shown']);
  });
});
