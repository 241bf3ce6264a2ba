import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { helpText, positiveInteger, readSettings, type Benchmark, type NamedBenchmark } from './benchmark.js';
import { formatTable, medianTables, misses, tableOfLine, type Table } from './figures.js';
import { DATABASE_VARIABLES } from './support.js';

/**
 * `npm run bench`: runs each bench/*.bench.ts BENCH_RUNS times, each run in a process of its own (so
 * one's memory does not colour another's), and prints the median of each figure, with MISS beside
 * those that miss their target. `npm run bench -- sync` runs only the benchmarks whose name contains
 * "sync"; `--help` lists them and what they read. Not a test: it asserts nothing, it measures; it
 * exits 1 when a benchmark crashes.
 */

const RUNNER_VARIABLES = {
  BENCH_RUNS: positiveInteger('runs of each benchmark; every figure is their median', 3),
};
const SHARED_VARIABLES = { ...RUNNER_VARIABLES, ...DATABASE_VARIABLES };

const BENCH_DIR = new URL('.', import.meta.url);
const BENCH_SUFFIX = '.bench.ts';

async function loadBenchmarks(): Promise<NamedBenchmark[]> {
  const files = readdirSync(BENCH_DIR).filter((file) => file.endsWith(BENCH_SUFFIX)).sort();
  return Promise.all(
    files.map(async (file) => ({
      name: file.slice(0, -BENCH_SUFFIX.length),
      benchmark: ((await import(new URL(file, BENCH_DIR).href)) as { benchmark: Benchmark }).benchmark,
    })),
  );
}

interface RunResult {
  tables: Table[];
  /** Why the run crashed; null when it ended well. */
  crash: string | null;
}

/** One run in its own process: its tables, and whether it crashed. Other output goes through as it comes. */
function runOnce(name: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('run-one.ts', BENCH_DIR)), fileURLToPath(new URL(`${name}${BENCH_SUFFIX}`, BENCH_DIR))], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tables: Table[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      const table = tableOfLine(line);
      if (table) tables.push(table);
      else console.log(line);
    });
    child.once('error', (error) => resolve({ tables, crash: error.message }));
    child.once('close', (code, signal) => {
      if (code === 0) resolve({ tables, crash: null });
      else resolve({ tables, crash: signal ? `killed by ${signal}` : `exit code ${code}` });
    });
  });
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const args = process.argv.slice(2);
const benchmarks = await loadBenchmarks();
if (args.includes('--help') || args.includes('-h')) {
  console.log(helpText(benchmarks, SHARED_VARIABLES));
  process.exit(0);
}
const unknownOption = args.find((arg) => arg.startsWith('-'));
if (unknownOption) fail(`Unknown option ${unknownOption}; npm run bench -- --help lists what there is.`);
const selected = args.length === 0 ? benchmarks : benchmarks.filter(({ name }) => args.some((arg) => name.includes(arg)));
if (selected.length === 0) fail(`No benchmark is named like ${args.join(', ')}; there are: ${benchmarks.map(({ name }) => name).join(', ')}.`);
const problems = [RUNNER_VARIABLES, ...selected.map(({ benchmark }) => benchmark.variables)].flatMap((variables) => {
  try {
    readSettings(variables, process.env);
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
});
if (problems.length > 0) fail(problems.join('\n'));
const runs = readSettings(RUNNER_VARIABLES, process.env).BENCH_RUNS;

const crashes: string[] = [];
let missed = 0;
let measured = false;
for (const { name } of selected) {
  const results: Table[][] = [];
  for (let run = 1; run <= runs; run++) {
    console.log(`\n=== ${name}: run ${run} of ${runs}`);
    const { tables, crash } = await runOnce(name);
    if (crash) {
      crashes.push(`${name} crashed in run ${run} (${crash})`);
      break;
    }
    results.push(tables);
  }
  const tables = medianTables(results);
  missed += tables.flatMap((table) => table.figures).filter(misses).length;
  measured ||= tables.length > 0;
  for (const table of tables) console.log(`\n${formatTable(table).join('\n')}`);
}

console.log('');
for (const crash of crashes) console.log(`CRASHED: ${crash}`);
if (missed > 0) console.log(`${missed} figure${missed === 1 ? ' misses its target' : 's miss their targets'} (MISS).`);
else if (measured) console.log('Every figure meets its target.');
process.exit(crashes.length > 0 ? 1 : 0);
