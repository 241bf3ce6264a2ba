import type { Table } from './figures.js';

/**
 * A benchmark as `npm run bench` knows it: a one-line description, the environment variables it
 * reads (each defined once, here, with its meaning and default: the help is built from them), and
 * the work, which reports its tables. Pure.
 */

export interface Variable<T> {
  meaning: string;
  default: T;
  /** Reads a set value; throws an Error saying what is allowed. */
  parse(raw: string): T;
}

export type Variables = Record<string, Variable<unknown>>;
export type Settings<V extends Variables> = { [Name in keyof V]: V[Name] extends Variable<infer T> ? T : never };

export interface Benchmark<V extends Variables = Variables> {
  description: string;
  variables: V;
  run(settings: Settings<V>, report: (table: Table) => void): Promise<void>;
}

export const defineBenchmark = <V extends Variables>(benchmark: Benchmark<V>): Benchmark<V> => benchmark;

export function positiveInteger(meaning: string, defaultValue: number): Variable<number> {
  return {
    meaning,
    default: defaultValue,
    parse(raw) {
      const value = Number(raw);
      if (!Number.isInteger(value) || value <= 0) throw new Error('a positive whole number');
      return value;
    },
  };
}

export function text(meaning: string, defaultValue: string): Variable<string> {
  return { meaning, default: defaultValue, parse: (raw) => raw };
}

/** Each variable from `env` (unset or empty: its default); one error naming every bad one. */
export function readSettings<V extends Variables>(variables: V, env: Record<string, string | undefined>): Settings<V> {
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, variable] of Object.entries(variables)) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      settings[name] = variable.default;
      continue;
    }
    try {
      settings[name] = variable.parse(raw);
    } catch (error) {
      problems.push(`${name}=${raw}: must be ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return settings as Settings<V>;
}

export interface NamedBenchmark {
  name: string;
  benchmark: Benchmark;
}

function variableLines(variables: Variables, indent: string): string[] {
  const width = Math.max(0, ...Object.keys(variables).map((name) => name.length));
  return Object.entries(variables).map(([name, variable]) => `${indent}${name.padEnd(width)}  ${variable.meaning} (default ${String(variable.default)})`);
}

/** `npm run bench -- --help`: every benchmark with its description and variables, then the variables all of them read. */
export function helpText(benchmarks: readonly NamedBenchmark[], shared: Variables): string {
  const width = Math.max(...benchmarks.map(({ name }) => name.length));
  return [
    'Usage: npm run bench [-- NAME ...]   the benchmarks whose name contains a NAME (every one without)',
    '       npm run bench -- --help       this text',
    '',
    'Each benchmark runs BENCH_RUNS times, each run in a process of its own. Every figure printed is the',
    'median of the runs, with MISS beside it when it misses its target. Exits 1 when a benchmark crashes.',
    '',
    'Benchmarks:',
    ...benchmarks.flatMap(({ name, benchmark }) => [
      `  ${name.padEnd(width)}  ${benchmark.description}`,
      ...variableLines(benchmark.variables, `  ${' '.repeat(width)}    `),
    ]),
    '',
    'Read by every benchmark:',
    ...variableLines(shared, '  '),
  ].join('\n');
}
