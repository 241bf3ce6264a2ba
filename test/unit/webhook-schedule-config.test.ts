import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/config.js';

describe('webhook and schedule configuration', () => {
  it('defaults: the plan\'s three schedules in Europe/Brussels, scheduler on, no webhook secret, a generous rate limit', () => {
    const { webhooks, schedules } = parseConfig({});
    expect(schedules).toEqual({
      enabled: true,
      catchUp: true,
      timeZone: 'Europe/Brussels',
      jobs: {
        incrementalSync: { cron: '0 3 * * *', enabled: true },
        fullSync: { cron: '0 4 * * 0', enabled: true },
        push: { cron: '0 22 * * *', enabled: true },
      },
    });
    expect(webhooks.secret).toBeUndefined();
    expect(webhooks.rateLimitPerMinute).toBe(30_000);
  });

  it('reads every variable', () => {
    const { webhooks, schedules } = parseConfig({
      ROBAWS_WEBHOOK_SECRET: 'whsec',
      WEBHOOK_RATE_LIMIT_PER_MINUTE: '600',
      WEBHOOK_MAX_ATTEMPTS: '5',
      WEBHOOK_RETRY_BASE_SECONDS: '2',
      WEBHOOK_RETRY_MAX_SECONDS: '60',
      WEBHOOK_CONCURRENCY: '4',
      WEBHOOK_LEASE_SECONDS: '30',
      WEBHOOK_REFUSALS_RECORDED_PER_MINUTE: '12',
      WEBHOOK_REFUSED_KEEP_DAYS: '2',
      WEBHOOK_REFUSED_KEEP_MAX: '50',
      SCHEDULER_ENABLED: 'false',
      SCHEDULE_CATCH_UP: 'false',
      SCHEDULE_TIME_ZONE: 'America/New_York',
      SCHEDULE_INCREMENTAL_SYNC_CRON: '*/15 * * * *',
      SCHEDULE_FULL_SYNC_ENABLED: 'no',
      SCHEDULE_PUSH_CRON: '30 21 * * 1-5',
    });
    expect(webhooks).toEqual({
      secret: 'whsec',
      rateLimitPerMinute: 600,
      maxAttempts: 5,
      retryBaseMs: 2000,
      retryMaxMs: 60_000,
      concurrency: 4,
      leaseMs: 30_000,
      refusals: { recordedPerMinute: 12, keepMs: 2 * 86_400_000, keepMax: 50 },
    });
    expect(schedules.enabled).toBe(false);
    expect(schedules.catchUp).toBe(false);
    expect(schedules.timeZone).toBe('America/New_York');
    expect(schedules.jobs.incrementalSync.cron).toBe('*/15 * * * *');
    expect(schedules.jobs.fullSync.enabled).toBe(false);
    expect(schedules.jobs.push).toEqual({ cron: '30 21 * * 1-5', enabled: true });
  });

  it('names a bad time zone and bad cron expressions, all at once', () => {
    let error: unknown;
    try {
      parseConfig({ SCHEDULE_TIME_ZONE: 'Mars/Olympus', SCHEDULE_FULL_SYNC_CRON: '0 4 * *', SCHEDULE_PUSH_CRON: '0 25 * * *', SCHEDULE_INCREMENTAL_SYNC_CRON: '0 0 3 * * *' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, problems } = error as ConfigError;
    expect(problems).toHaveLength(4);
    expect(message).toMatch(/SCHEDULE_TIME_ZONE: must be an IANA time zone.*\(got "Mars\/Olympus"\)/);
    expect(message).toMatch(/SCHEDULE_FULL_SYNC_CRON: must be a five-field cron expression/);
    expect(message).toMatch(/SCHEDULE_PUSH_CRON: must be a five-field cron expression.*\(got "0 25 \* \* \*"\)/);
    expect(message).toMatch(/SCHEDULE_INCREMENTAL_SYNC_CRON: must be a five-field cron expression/);
  });
});
