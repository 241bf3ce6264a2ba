import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readSettings, type Benchmark } from './benchmark.js';
import { tableLine } from './figures.js';

/**
 * One run of one benchmark, in a process of its own (`bench/index.ts` starts it): its settings from
 * the environment, each table it reports on a line of stdout. Exits 1 when the benchmark throws.
 */
const file = process.argv[2];
try {
  if (!file) throw new Error('Usage: node --import tsx bench/run-one.ts <bench file>');
  const { benchmark } = (await import(pathToFileURL(path.resolve(file)).href)) as { benchmark: Benchmark };
  await benchmark.run(readSettings(benchmark.variables, process.env), (table) => console.log(tableLine(table)));
} catch (error) {
  console.error(error);
  process.exit(1);
}
// Whatever a benchmark left open (a pool, a timer) must not keep the run from ending.
process.exit(0);
