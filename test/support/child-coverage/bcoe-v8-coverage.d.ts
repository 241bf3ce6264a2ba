declare module '@bcoe/v8-coverage' {
  import type { Profiler } from 'node:inspector';
  /** Merges the coverage of several runs of the same scripts (by url). */
  export function mergeProcessCovs(processCovs: ReadonlyArray<{ result: Profiler.ScriptCoverage[] }>): { result: Profiler.ScriptCoverage[] };
}
