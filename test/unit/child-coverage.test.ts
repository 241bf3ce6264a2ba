import type { FileCoverageData, Range } from 'istanbul-lib-coverage';
import { describe, expect, it } from 'vitest';
import { countsOnto } from '../support/child-coverage/child-coverage.js';

/** How a child process's counts are laid onto vitest's map of the same file (test:coverage). */

const range = (line: number, column: number, endColumn: number | null = null): Range =>
  ({ start: { line, column }, end: { line, column: endColumn } }) as unknown as Range;

const fileCoverage = (parts: Partial<FileCoverageData>): FileCoverageData => ({
  path: '/project/src/main.ts',
  statementMap: {},
  fnMap: {},
  branchMap: {},
  s: {},
  f: {},
  b: {},
  ...parts,
});

describe('countsOnto', () => {
  it("keeps vitest's structure and takes the child's counts of what starts at the same place", () => {
    const vitest = fileCoverage({
      statementMap: { 0: range(3, 2), 1: range(4, 2, 30), 2: range(9, 0) },
      s: { 0: 0, 1: 0, 2: 0 },
      fnMap: { 0: { name: 'main', decl: range(2, 15, 19), loc: range(2, 0), line: 2 } },
      f: { 0: 0 },
      branchMap: { 0: { type: 'if', line: 4, loc: range(4, 2), locations: [range(4, 2), range(6, 9)] } },
      b: { 0: [0, 0] },
    });
    const child = fileCoverage({
      // Same starts, ends a character apart; plus a helper of tsx's own at 1:0.
      statementMap: { 0: range(1, 0, 9), 1: range(3, 2, 40), 2: range(4, 2, 29) },
      s: { 0: 5, 1: 2, 2: 2 },
      fnMap: { 0: { name: 'main', decl: range(2, 15, 19), loc: range(2, 0, 1), line: 2 }, 1: { name: '__name', decl: range(1, 0), loc: range(1, 0), line: 1 } },
      f: { 0: 2, 1: 7 },
      branchMap: { 0: { type: 'if', line: 4, loc: range(4, 2, 50), locations: [range(4, 2), range(6, 9)] } },
      b: { 0: [1, 1] },
    });
    expect(countsOnto(vitest, child)).toEqual({ ...vitest, s: { 0: 2, 1: 2, 2: 0 }, f: { 0: 2 }, b: { 0: [1, 1] } });
  });

  it('counts nothing for a branch whose paths differ in number', () => {
    const vitest = fileCoverage({ branchMap: { 0: { type: 'switch', line: 1, loc: range(1, 0), locations: [range(2, 0), range(3, 0)] } }, b: { 0: [0, 0] } });
    const child = fileCoverage({ branchMap: { 0: { type: 'switch', line: 1, loc: range(1, 0), locations: [range(2, 0), range(3, 0), range(4, 0)] } }, b: { 0: [1, 1, 1] } });
    expect(countsOnto(vitest, child).b).toEqual({ 0: [0, 0] });
  });
});
