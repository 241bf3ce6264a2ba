import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig, type ScheduleConfig } from '../../src/config.js';
import type { SyncRun } from '../../src/generated/prisma/client.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import type { Logger } from '../../src/log.js';
import { recordingLogger, testLogger } from '../support/run-log.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** Stands in for the sync engine: records each start at the (fake) time it happens. */
class RecordingSync {
  readonly starts: Array<{ kind: string; at: string }> = [];
  readonly busy = new Set<string>();
  async start(options: { kind: string; trigger: 'CRON' }) {
    this.starts.push({ kind: options.kind, at: new Date().toISOString() });
    const run = { id: randomUUID(), kind: options.kind, status: 'RUNNING' } as SyncRun;
    return { run, alreadyRunning: this.busy.has(options.kind), completion: Promise.resolve({ run }) };
  }
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());
beforeEach(async () => {
  await database.db.scheduledRun.deleteMany();
  await database.db.syncRun.deleteMany();
});

const schedulers: Scheduler[] = [];
afterEach(async () => {
  for (const scheduler of schedulers.splice(0)) await scheduler.stop();
  vi.useRealTimers();
});

function settings(overrides: Partial<ScheduleConfig> = {}): ScheduleConfig {
  return { ...parseConfig({}).schedules, ...overrides };
}

function startScheduler(sync: RecordingSync, options: { settings?: ScheduleConfig; instance?: string; logger?: Logger } = {}): Scheduler {
  const scheduler = new Scheduler({ db: database.db, sync, logger: options.logger ?? testLogger, settings: options.settings ?? settings(), instance: options.instance });
  schedulers.push(scheduler);
  scheduler.start();
  return scheduler;
}

function useFakeClock(now: string): void {
  vi.useFakeTimers({ now: new Date(now), toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
}

/** Moves the fake clock an hour at a time, letting each slot's database work finish before going on. */
async function advanceHours(hours: number, ...running: Scheduler[]): Promise<void> {
  for (let hour = 0; hour < hours; hour++) {
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    for (const scheduler of running) await scheduler.idle();
  }
}

/** Successful runs of every kind an hour before now, so that nothing is caught up. */
async function recentSuccessOfEveryKind(): Promise<void> {
  const finishedAt = new Date(Date.now() - 60 * 60_000);
  await database.db.syncRun.createMany({
    data: (['FULL', 'INCREMENTAL', 'PUSH'] as const).map((kind) => ({ kind, trigger: 'CRON' as const, status: 'SUCCEEDED' as const, finishedAt })),
  });
}

describe('the scheduler, with a fake clock', () => {
  it.each([
    [
      'Europe/Brussels (across the switch to summer time on 29 March)',
      'Europe/Brussels',
      [
        { kind: 'PUSH', at: '2026-03-27T21:00:00.000Z' },
        { kind: 'INCREMENTAL', at: '2026-03-28T02:00:00.000Z' },
        { kind: 'PUSH', at: '2026-03-28T21:00:00.000Z' },
        { kind: 'INCREMENTAL', at: '2026-03-29T01:00:00.000Z' },
        { kind: 'FULL', at: '2026-03-29T02:00:00.000Z' },
        { kind: 'PUSH', at: '2026-03-29T20:00:00.000Z' },
      ],
    ],
    [
      'America/New_York',
      'America/New_York',
      [
        { kind: 'PUSH', at: '2026-03-28T02:00:00.000Z' },
        { kind: 'INCREMENTAL', at: '2026-03-28T07:00:00.000Z' },
        { kind: 'PUSH', at: '2026-03-29T02:00:00.000Z' },
        { kind: 'INCREMENTAL', at: '2026-03-29T07:00:00.000Z' },
        { kind: 'FULL', at: '2026-03-29T08:00:00.000Z' },
      ],
    ],
  ])('fires each job at its time in %s', async (_label, timeZone, expected) => {
    useFakeClock('2026-03-27T12:00:00Z');
    await recentSuccessOfEveryKind();
    const sync = new RecordingSync();
    const scheduler = startScheduler(sync, { settings: settings({ timeZone }) });
    await scheduler.idle();
    await advanceHours(60, scheduler);
    expect(sync.starts).toEqual(expected);
    const rows = await database.db.scheduledRun.findMany({ orderBy: { slot: 'asc' } });
    expect(rows.map((row) => [row.job, row.slot.toISOString(), row.outcome, row.catchUp])).toEqual(
      expected.map(({ kind, at }) => [{ FULL: 'full-sync', INCREMENTAL: 'incremental-sync', PUSH: 'push' }[kind], at, 'STARTED', false]),
    );
  });

  it('with two instances on one database, each scheduled run happens once', async () => {
    useFakeClock('2026-06-01T12:00:00Z');
    await recentSuccessOfEveryKind();
    const sync = new RecordingSync();
    const first = startScheduler(sync, { instance: 'replica-a' });
    const second = startScheduler(sync, { instance: 'replica-b' });
    await Promise.all([first.idle(), second.idle()]);
    await advanceHours(72, first, second);
    // 3 days from Monday noon: three pushes, three incrementals, no Sunday.
    expect(sync.starts.map((start) => start.kind).sort()).toEqual(['INCREMENTAL', 'INCREMENTAL', 'INCREMENTAL', 'PUSH', 'PUSH', 'PUSH']);
    expect(new Set(sync.starts.map((start) => `${start.kind}@${start.at}`)).size).toBe(6);
    const rows = await database.db.scheduledRun.findMany();
    expect(rows).toHaveLength(6);
  });

  it('skips a run that would overlap one of the same kind, and records and logs why', async () => {
    useFakeClock('2026-06-01T12:00:00Z');
    await recentSuccessOfEveryKind();
    const sync = new RecordingSync();
    sync.busy.add('INCREMENTAL');
    const { logger, lines } = recordingLogger();
    const scheduler = startScheduler(sync, { logger });
    await scheduler.idle();
    await advanceHours(15, scheduler);
    const row = await database.db.scheduledRun.findFirstOrThrow({ where: { job: 'incremental-sync' } });
    expect(row).toMatchObject({ outcome: 'SKIPPED', slot: new Date('2026-06-02T01:00:00Z') });
    expect(row.reason).toMatch(/^A incremental sync was already running \(run [0-9a-f-]{36}\)$/);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'scheduled run skipped', job: 'incremental-sync', reason: row.reason }));
  });

  it('catches up a missed schedule once on start when the last success is older than its period', async () => {
    useFakeClock('2026-03-31T10:00:00Z');
    await database.db.syncRun.createMany({
      data: [
        { kind: 'INCREMENTAL', trigger: 'CRON', status: 'SUCCEEDED', finishedAt: new Date('2026-03-30T01:05:00Z') },
        { kind: 'FULL', trigger: 'CRON', status: 'SUCCEEDED', finishedAt: new Date('2026-03-29T02:30:00Z') },
      ],
    });
    const sync = new RecordingSync();
    const scheduler = startScheduler(sync);
    await scheduler.idle();
    // The incremental run (33 h ago) and the push (never) are caught up, each for its latest slot; the full sync (2 days ago) is not due.
    expect(sync.starts.map((start) => start.kind)).toEqual(['INCREMENTAL', 'PUSH']);
    const rows = await database.db.scheduledRun.findMany({ orderBy: { job: 'asc' } });
    expect(rows.map((row) => [row.job, row.slot.toISOString(), row.catchUp])).toEqual([
      ['incremental-sync', '2026-03-31T01:00:00.000Z', true],
      ['push', '2026-03-30T20:00:00.000Z', true],
    ]);
    // A restart (or a second replica) does not run them again.
    const restarted = startScheduler(sync, { instance: 'after-restart' });
    await restarted.idle();
    expect(sync.starts).toHaveLength(2);
  });

  it('SCHEDULE_CATCH_UP=false starts nothing on start, even on a database that never synced; the jobs stay armed', async () => {
    useFakeClock('2026-03-31T10:00:00Z');
    const sync = new RecordingSync();
    const { logger, lines } = recordingLogger();
    const scheduler = startScheduler(sync, { settings: settings({ catchUp: false }), logger });
    await scheduler.idle();
    expect(sync.starts).toEqual([]);
    expect(await database.db.scheduledRun.count()).toBe(0);
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'catch-up of missed schedules is off (SCHEDULE_CATCH_UP=false)' }));
    await advanceHours(16, scheduler);
    expect(sync.starts.map((start) => start.kind)).toEqual(['PUSH', 'INCREMENTAL']);
  });

  it('counts a recent full sync as an incremental one', async () => {
    useFakeClock('2026-03-31T10:00:00Z');
    await database.db.syncRun.createMany({
      data: [
        { kind: 'FULL', trigger: 'API', status: 'SUCCEEDED', finishedAt: new Date('2026-03-31T09:00:00Z') },
        { kind: 'PUSH', trigger: 'API', status: 'SUCCEEDED', finishedAt: new Date('2026-03-31T09:00:00Z') },
      ],
    });
    const sync = new RecordingSync();
    await startScheduler(sync).idle();
    expect(sync.starts).toEqual([]);
  });

  it('SCHEDULER_ENABLED=false arms nothing; a job switched off never fires', async () => {
    useFakeClock('2026-06-01T12:00:00Z');
    const sync = new RecordingSync();
    const off = startScheduler(sync, { settings: settings({ enabled: false }), instance: 'off' });
    const base = settings();
    const withoutPush = startScheduler(sync, { settings: { ...base, jobs: { ...base.jobs, push: { ...base.jobs.push, enabled: false } } }, instance: 'no-push' });
    await Promise.all([off.idle(), withoutPush.idle()]);
    expect(off.schedules().every((schedule) => schedule.nextRunAt === null)).toBe(true);
    expect(withoutPush.schedules().map((schedule) => [schedule.job.id, schedule.nextRunAt?.toISOString() ?? null])).toEqual([
      ['full-sync', '2026-06-07T02:00:00.000Z'],
      ['incremental-sync', '2026-06-02T01:00:00.000Z'],
      ['push', null],
    ]);
    sync.starts.length = 0;
    await advanceHours(30, off, withoutPush);
    expect(sync.starts.map((start) => start.kind)).toEqual(['INCREMENTAL']);
  });
});
