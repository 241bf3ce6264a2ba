import { describe, expect, it } from 'vitest';
import { formatRunTable, parseSyncArgs, progressLine } from '../../src/cli/sync-command.js';
import type { SyncRun } from '../../src/generated/prisma/client.js';

describe('parseSyncArgs', () => {
  it.each([
    [[], { kind: 'INCREMENTAL', dryRun: false, limit: null }],
    [['--full'], { kind: 'FULL', dryRun: false, limit: null }],
    [['--incremental', '--dry-run'], { kind: 'INCREMENTAL', dryRun: true, limit: null }],
    [['--full', '--limit', '25'], { kind: 'FULL', dryRun: false, limit: 25 }],
    [['--dry-run', '--limit=10'], { kind: 'INCREMENTAL', dryRun: true, limit: 10 }],
    [['--client-id', '3473'], { kind: 'SINGLE', robawsClientId: '3473', dryRun: false }],
    [['--push'], { kind: 'PUSH', dryRun: false }],
    [['--push', '--dry-run'], { kind: 'PUSH', dryRun: true }],
  ])('%j', (argv, expected) => {
    expect(parseSyncArgs(argv)).toEqual({ trigger: 'CLI', ...expected });
  });

  it.each([
    [['--full', '--incremental'], /exclude each other/],
    [['--push', '--full'], /exclude each other/],
    [['--push', '--limit', '3'], /--push takes only --dry-run/],
    [['--limit', '0'], /--limit takes a whole number above 0/],
    [['--limit', 'ten'], /--limit takes a whole number above 0, not "ten"/],
    [['--client-id', 'abc'], /--client-id takes a Robaws client id/],
    [['--fulll'], /Unknown option '--fulll'/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseSyncArgs(argv)).toThrow(message);
  });
});

describe('formatRunTable', () => {
  it('prints the counts, one per line', () => {
    const run = {
      id: 'r1', kind: 'FULL', dryRun: false, status: 'SUCCEEDED', pagesDone: 41, pagesTotal: 41, fetched: 4017, created: 4017,
      updated: 0, unchanged: 0, skipped: 0, failed: 0, markedGone: 0, error: null,
      startedAt: new Date('2026-01-01T00:00:00Z'), finishedAt: new Date('2026-01-01T00:00:01.5Z'),
    } as unknown as SyncRun;
    const table = formatRunTable(run);
    expect(table).toContain('Status       SUCCEEDED');
    expect(table).toContain('Created      4017');
    expect(table).toContain('Pages        41/41');
    expect(table).toContain('Duration     1500 ms');
  });
});

describe('progressLine', () => {
  it('fills the bar in proportion to the pages done', () => {
    expect(progressLine({ kind: 'FULL', pagesDone: 10, pagesTotal: 40, fetched: 1000, pushed: 0 }, 20)).toBe(
      '[#####---------------] 10/40 pages  1000 fetched',
    );
    expect(progressLine({ kind: 'PUSH', pagesDone: 3, pagesTotal: 3, fetched: 0, pushed: 2 }, 10)).toBe('[##########] 3/3 customers  2 pushed');
    expect(progressLine({ kind: 'INCREMENTAL', pagesDone: 0, pagesTotal: null, fetched: 0, pushed: 0 }, 4)).toBe('[----] 0/? pages  0 fetched');
  });
});
