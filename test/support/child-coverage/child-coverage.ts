import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Profiler } from 'node:inspector';
import { mergeProcessCovs } from '@bcoe/v8-coverage';
import astV8ToIstanbul from 'ast-v8-to-istanbul';
import type { FileCoverageData, Range } from 'istanbul-lib-coverage';

/**
 * Coverage of the code that runs in child processes (the server and the CLIs the tests start with
 * `node --import tsx`). Each such process writes its V8 coverage (NODE_V8_COVERAGE) and, through
 * child-hook.mjs, the code tsx gave V8; the two are converted to Istanbul data like vitest converts
 * its own, then laid onto vitest's map of the same file.
 */

const CHILD_HOOK = new URL('./child-hook.mjs', import.meta.url);

export interface ChildCoverageDirs {
  v8: string;
  sources: string;
}

export function childCoverageDirs(root: string): ChildCoverageDirs {
  return { v8: path.join(root, 'v8'), sources: path.join(root, 'sources') };
}

/** What child processes need in their environment to be counted. */
export function childCoverageEnv(dirs: ChildCoverageDirs, nodeOptions = ''): Record<string, string> {
  return {
    NODE_V8_COVERAGE: dirs.v8,
    CHILD_COVERAGE_SOURCES: dirs.sources,
    NODE_OPTIONS: `${nodeOptions} --import=${CHILD_HOOK.href}`.trim(),
  };
}

interface ProcessCoverage {
  result: Profiler.ScriptCoverage[];
  'source-map-cache'?: Record<string, { data: Parameters<typeof astV8ToIstanbul>[0]['sourceMap'] }>;
}

interface ExecutedModule {
  url: string;
  code: string;
  sourceMap: Parameters<typeof astV8ToIstanbul>[0]['sourceMap'];
  runs: Profiler.ScriptCoverage[];
}

async function sourcesOf(processDir: string): Promise<Map<string, string>> {
  const files = await readdir(processDir);
  const entries = await Promise.all(files.map(async (file) => JSON.parse(await readFile(path.join(processDir, file), 'utf8')) as { url: string; source: string }));
  return new Map(entries.map(({ url, source }) => [url, source]));
}

/** Every recorded module's runs, across processes, grouped by the exact code that ran. */
async function executedModules(dirs: ChildCoverageDirs): Promise<ExecutedModule[]> {
  if (!existsSync(dirs.v8) || !existsSync(dirs.sources)) return [];
  const modules = new Map<string, ExecutedModule>();
  for (const file of await readdir(dirs.v8)) {
    // coverage-<pid>-<time>-<sequence>.json
    const pid = file.split('-')[1]!;
    const processDir = path.join(dirs.sources, pid);
    if (!existsSync(processDir)) continue;
    const sources = await sourcesOf(processDir);
    const coverage = JSON.parse(await readFile(path.join(dirs.v8, file), 'utf8')) as ProcessCoverage;
    for (const script of coverage.result) {
      const code = sources.get(script.url);
      if (code === undefined) continue;
      const sourceMap = coverage['source-map-cache']?.[script.url]?.data;
      if (!sourceMap) throw new Error(`${file} has no source map for ${script.url}`);
      const key = `${script.url} ${createHash('sha1').update(code).digest('hex')}`;
      const module = modules.get(key) ?? { url: script.url, code, sourceMap, runs: [] };
      module.runs.push(script);
      modules.set(key, module);
    }
  }
  return [...modules.values()];
}

/** Istanbul data of what child processes ran, one entry per source file. */
export async function childCoverage(dirs: ChildCoverageDirs, parse: (code: string) => Promise<unknown>): Promise<Record<string, FileCoverageData>> {
  const files: Record<string, FileCoverageData> = {};
  for (const module of await executedModules(dirs)) {
    const merged = mergeProcessCovs(module.runs.map((run) => ({ result: [run] }))).result[0]!;
    const converted = await astV8ToIstanbul<unknown, unknown>({
      code: module.code,
      sourceMap: module.sourceMap,
      ast: parse(module.code),
      coverage: { url: module.url, functions: merged.functions },
    });
    for (const [file, data] of Object.entries(converted)) files[file] = data as unknown as FileCoverageData;
  }
  return files;
}

const startOf = (range: Range) => `${range.start.line}:${range.start.column}`;

function countsByStart<T, C>(entries: Record<string, T>, counts: Record<string, C>, key: (entry: T) => string, larger: (a: C, b: C) => C): Map<string, C> {
  const byStart = new Map<string, C>();
  for (const [id, entry] of Object.entries(entries)) {
    const count = counts[id];
    if (count === undefined) continue;
    const seen = byStart.get(key(entry));
    byStart.set(key(entry), seen === undefined ? count : larger(seen, count));
  }
  return byStart;
}

const branchKey = (branch: FileCoverageData['branchMap'][string]) => `${branch.type}@${startOf(branch.loc)}`;

/**
 * `onto`'s structure with the counts `from` has for the same code. The two come from different
 * transforms of one source (vite's for the tests, tsx's for child processes): their statements,
 * functions and branches start at the same places, while their ends can differ by a character and tsx
 * adds helpers of its own; so entries are matched by where they start, and those only `from` has are
 * left out. A few places map differently (an `else if`, a constant holding an arrow function: about
 * 1 % of the statements): they get no count from child processes.
 */
export function countsOnto(onto: FileCoverageData, from: FileCoverageData): FileCoverageData {
  const max = (a: number, b: number) => Math.max(a, b);
  const statements = countsByStart(from.statementMap, from.s, startOf, max);
  const functions = countsByStart(from.fnMap, from.f, (fn) => startOf(fn.loc), max);
  const branches = countsByStart(from.branchMap, from.b, branchKey, (a, b) => (a.length === b.length ? a.map((count, index) => Math.max(count, b[index]!)) : a));
  const mapIds = <T, C>(entries: Record<string, T>, count: (entry: T, id: string) => C) =>
    Object.fromEntries(Object.entries(entries).map(([id, entry]) => [id, count(entry, id)]));
  return {
    ...onto,
    s: mapIds(onto.statementMap, (location) => statements.get(startOf(location)) ?? 0),
    f: mapIds(onto.fnMap, (fn) => functions.get(startOf(fn.loc)) ?? 0),
    b: mapIds(onto.branchMap, (branch, id) => {
      const counts = branches.get(branchKey(branch));
      const zeros = onto.b[id]!.map(() => 0);
      return counts && counts.length === zeros.length ? counts : zeros;
    }),
  };
}
