import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, parseSandboxProcessConfig } from '../../src/config.js';

describe('parseConfig', () => {
  it('starts with zero configuration: sandbox mode, embedded database, port 4000', () => {
    const config = parseConfig({});
    expect(config.robaws.mode).toBe('SANDBOX');
    expect(config.database.url).toBeUndefined();
    expect(config.database.embeddedDataDir).toBe('./.data/postgres');
    expect(config.http.port).toBe(4000);
    expect(config.sandbox.clients).toBe(4017);
  });

  it('uses live Robaws when both credentials are given', () => {
    const config = parseConfig({ ROBAWS_USERNAME: 'api', ROBAWS_PASSWORD: 'secret', DATABASE_URL: 'postgresql://u@localhost:5432/db' });
    expect(config.robaws.mode).toBe('LIVE');
    expect(config.database.url).toBe('postgresql://u@localhost:5432/db');
  });

  it('treats empty values as unset', () => {
    expect(parseConfig({ PORT: '', DATABASE_URL: '' }).http.port).toBe(4000);
  });

  it('names every bad variable, what it allows and what it got', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x/y', ROBAWS_USERNAME: 'api' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(4);
    expect(message).toMatch(/PORT: .*\(got "eighty"\)/);
    expect(message).toMatch(/LOG_LEVEL: .*"debug".*\(got "loud"\)/);
    expect(message).toMatch(/DATABASE_URL: /);
    expect(message).toMatch(/ROBAWS_PASSWORD: ROBAWS_USERNAME and ROBAWS_PASSWORD go together/);
  });

  it('reads the sandbox clock offset in seconds, ahead or behind', () => {
    expect(parseConfig({}).sandbox.clockOffsetMs).toBe(0);
    expect(parseConfig({ SANDBOX_CLOCK_OFFSET_SECONDS: '-600' }).sandbox.clockOffsetMs).toBe(-600_000);
    expect(parseConfig({ SANDBOX_CLOCK_OFFSET_SECONDS: '600' }).sandbox.clockOffsetMs).toBe(600_000);
    expect(() => parseConfig({ SANDBOX_CLOCK_OFFSET_SECONDS: 'soon' })).toThrow(/SANDBOX_CLOCK_OFFSET_SECONDS/);
  });
});

describe('parseSandboxProcessConfig', () => {
  it('reads the same sandbox variables, on port 4010 by default', () => {
    expect(parseSandboxProcessConfig({})).toEqual({ clients: 4017, seed: 1, latencyMs: 0, clockOffsetMs: 0, port: 4010 });
    expect(parseSandboxProcessConfig({ SANDBOX_PORT: '0', SANDBOX_CLIENTS: '50', SANDBOX_SEED: '7', SANDBOX_LATENCY_MS: '20', SANDBOX_CLOCK_OFFSET_SECONDS: '-90' })).toEqual({
      clients: 50,
      seed: 7,
      latencyMs: 20,
      clockOffsetMs: -90_000,
      port: 0,
    });
  });

  it('names every bad variable', () => {
    expect(() => parseSandboxProcessConfig({ SANDBOX_CLIENTS: '1', SANDBOX_PORT: 'x' })).toThrow(ConfigError);
    expect(() => parseSandboxProcessConfig({ SANDBOX_CLIENTS: '1', SANDBOX_PORT: 'x' })).toThrow(/SANDBOX_CLIENTS: .*\(got "1"\)[\s\S]*SANDBOX_PORT: .*\(got "x"\)/);
  });
});
