import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defineBenchmark, helpText, positiveInteger, readSettings, text } from '../../bench/benchmark.js';
import { atLeast, atMost, below, equals, formatTable, median, medianTables, meets, tableLine, tableOfLine, type Table } from '../../bench/figures.js';

/** The pure parts of `npm run bench`: medians, the MISS decision, the printed table, the help. */

describe('median', () => {
  it('is the middle value of an odd count, whatever the order', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([7])).toBe(7);
  });

  it('is the mean of the two middle values of an even count', () => {
    expect(median([40, 10, 30, 20])).toBe(25);
  });

  it('refuses no values', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('meets (the MISS decision)', () => {
  it.each([
    [below(100), 99, true],
    [below(100), 100, false],
    [atMost(100), 100, true],
    [atMost(100), 101, false],
    [atLeast(20), 20, true],
    [atLeast(20), 19.9, false],
    [{ comparison: '>', value: 5 } as const, 5, false],
    [{ comparison: '>', value: 5 } as const, 6, true],
    [equals(0), 0, true],
    [equals(0), 1, false],
    [equals('SUCCEEDED'), 'SUCCEEDED', true],
    [equals('SUCCEEDED'), 'FAILED', false],
    [atMost(100), 'fast', false],
  ])('%o with %o: %s', (target, value, expected) => {
    expect(meets(target, value)).toBe(expected);
  });
});

const run = (ms: number, status: string, rows: number): Table[] => [
  {
    title: 'Sync',
    figures: [
      { label: 'full sync', value: ms, unit: 'ms', target: atMost(3000) },
      { label: '  rows written', value: rows, target: equals(0) },
      { label: 'status', value: status, target: equals('SUCCEEDED') },
      { label: '  rows written', value: 50, target: equals(50) },
    ],
  },
];

describe('medianTables', () => {
  it('gives each figure the median of the runs, keeping a label used twice as two figures', () => {
    const [table] = medianTables([run(2000, 'SUCCEEDED', 0), run(4000, 'SUCCEEDED', 0), run(2500, 'SUCCEEDED', 3)]);
    expect(table).toEqual({
      title: 'Sync',
      runs: 3,
      figures: [
        { label: 'full sync', value: 2500, unit: 'ms', target: atMost(3000) },
        { label: '  rows written', value: 0, target: equals(0) },
        { label: 'status', value: 'SUCCEEDED', target: equals('SUCCEEDED') },
        { label: '  rows written', value: 50, target: equals(50) },
      ],
    });
  });

  it('shows every value of a text the runs disagree on, and counts the runs that reported each table', () => {
    const tables = medianTables([run(1, 'SUCCEEDED', 0), [...run(1, 'FAILED', 0), { title: 'Large', figures: [{ label: 'time', value: 9 }] }]]);
    expect(tables.map((table) => [table.title, table.runs])).toEqual([
      ['Sync', 2],
      ['Large', 1],
    ]);
    expect(tables[0]!.figures[2]!.value).toBe('SUCCEEDED | FAILED');
  });
});

describe('formatTable', () => {
  it('prints MISS beside each figure that misses its target, and says how many runs the figures are the median of', () => {
    const [table] = medianTables([run(4000, 'SUCCEEDED', 2), run(3500, 'SUCCEEDED', 2), run(3800, 'SUCCEEDED', 2)]);
    expect(formatTable(table!)).toEqual([
      'Sync (median of 3 runs)',
      'figure          measured   target',
      'full sync       3.80 s     <= 3.00 s    MISS',
      '  rows written  2          = 0          MISS',
      'status          SUCCEEDED  = SUCCEEDED',
      '  rows written  50         = 50',
    ]);
  });

  it('prints a figure without a target with an empty target, never MISS', () => {
    const [table] = medianTables([[{ title: 'Once', figures: [{ label: 'speed-up', value: 3.44, unit: 'times' }] }]]);
    expect(formatTable(table!)).toEqual(['Once (1 run)', 'figure    measured  target', 'speed-up  3.44x']);
  });
});

describe('the line a benchmark process reports a table on', () => {
  it('carries the table whole, and other output is not taken for one', () => {
    const [table] = run(1234.5, 'SUCCEEDED', 0);
    expect(tableOfLine(tableLine(table!))).toEqual(table);
    expect(tableOfLine('(no real Postgres at postgresql://127.0.0.1:5432/postgres)')).toBeNull();
  });
});

describe('settings from the environment', () => {
  const variables = {
    BENCH_CLIENTS: positiveInteger('clients', 4017),
    BENCH_DATABASE_URL: text('a real server', 'postgresql://localhost/postgres'),
  };

  it('takes the defaults for unset and empty variables, and the values of set ones', () => {
    expect(readSettings(variables, { BENCH_CLIENTS: '' })).toEqual({ BENCH_CLIENTS: 4017, BENCH_DATABASE_URL: 'postgresql://localhost/postgres' });
    expect(readSettings(variables, { BENCH_CLIENTS: '300', BENCH_DATABASE_URL: 'postgresql://db/x' })).toEqual({ BENCH_CLIENTS: 300, BENCH_DATABASE_URL: 'postgresql://db/x' });
  });

  it('names every bad value at once', () => {
    const both = { BENCH_CLIENTS: positiveInteger('clients', 1), BENCH_RUNS: positiveInteger('runs', 3) };
    expect(() => readSettings(both, { BENCH_CLIENTS: '1.5', BENCH_RUNS: '0' })).toThrow(
      'BENCH_CLIENTS=1.5: must be a positive whole number\nBENCH_RUNS=0: must be a positive whole number',
    );
  });
});

describe('helpText', () => {
  it('lists each benchmark with its description and the variables it reads, then those every benchmark reads', () => {
    const noop = async () => {};
    const help = helpText(
      [
        { name: 'sync', benchmark: defineBenchmark({ description: 'sync speed', variables: { BENCH_SYNC_CLIENTS: positiveInteger('clients', 4017) }, run: noop }) },
        { name: 'webhooks', benchmark: defineBenchmark({ description: 'webhook ingest', variables: { BENCH_WEBHOOK_SECONDS: positiveInteger('seconds of load', 30) }, run: noop }) },
      ],
      { BENCH_RUNS: positiveInteger('runs of each benchmark', 3) },
    );
    const lines = help.split('\n');
    expect(lines.slice(lines.indexOf('Benchmarks:'))).toEqual([
      'Benchmarks:',
      '  sync      sync speed',
      '              BENCH_SYNC_CLIENTS  clients (default 4017)',
      '  webhooks  webhook ingest',
      '              BENCH_WEBHOOK_SECONDS  seconds of load (default 30)',
      '',
      'Read by every benchmark:',
      '  BENCH_RUNS  runs of each benchmark (default 3)',
    ]);
  });
});

describe('npm run bench, as the README runs it', () => {
  const runner = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'bench/index.ts', ...args], { encoding: 'utf8' });

  it('-- --help lists every benchmark and runs none', () => {
    const { status, stdout } = runner('--help');
    expect(status).toBe(0);
    for (const name of ['graphql', 'sync', 'webhooks']) expect(stdout).toMatch(new RegExp(`^ {2}${name} {2,}\\S`, 'm'));
    expect(stdout).not.toContain('===');
  });

  it('-- NAME that names no benchmark says which there are, and exits 2', () => {
    const { status, stderr } = runner('nosuch');
    expect(status).toBe(2);
    expect(stderr).toContain('there are: graphql, sync, webhooks');
  });
});
