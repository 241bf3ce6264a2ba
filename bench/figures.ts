/**
 * What a benchmark measures and what it should reach: figures with machine-readable targets, the
 * median over several runs, the tables `npm run bench` prints (MISS beside a figure that misses its
 * target), and the line a benchmark process reports a table on. Pure.
 */

export type Unit = 'ms' | 'count' | 'times' | 'MB' | 'per-second';
export type Comparison = '<' | '<=' | '=' | '>=' | '>';

export interface Target {
  comparison: Comparison;
  value: number | string;
}

export interface Figure {
  label: string;
  value: number | string;
  /** How a number is shown (and its target); a plain number when unset. */
  unit?: Unit;
  target?: Target;
}

export interface Table {
  title: string;
  figures: Figure[];
}

/** A table as printed: each figure the median of the runs that reported the table. */
export interface MedianTable extends Table {
  runs: number;
}

export const below = (value: number): Target => ({ comparison: '<', value });
export const atMost = (value: number): Target => ({ comparison: '<=', value });
export const atLeast = (value: number): Target => ({ comparison: '>=', value });
export const equals = (value: number | string): Target => ({ comparison: '=', value });

export function meets(target: Target, value: number | string): boolean {
  if (target.comparison === '=') return value === target.value;
  if (typeof value !== 'number' || typeof target.value !== 'number') return false;
  switch (target.comparison) {
    case '<':
      return value < target.value;
    case '<=':
      return value <= target.value;
    case '>=':
      return value >= target.value;
    case '>':
      return value > target.value;
  }
}

export const misses = (figure: Figure): boolean => figure.target !== undefined && !meets(figure.target, figure.value);

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('the median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Numbers: their median. Texts: the text, or every distinct one when the runs disagree. */
function combine(values: ReadonlyArray<number | string>): number | string {
  if (values.every((value) => typeof value === 'number')) return median(values);
  return [...new Set(values.map(String))].join(' | ');
}

/** The tables of several runs as one set: tables matched by title, figures by label, in the order first reported. */
export function medianTables(runs: ReadonlyArray<readonly Table[]>): MedianTable[] {
  const tables = new Map<string, { runs: number; figures: Map<string, { first: Figure; values: Array<number | string> }> }>();
  for (const run of runs) {
    for (const table of run) {
      const entry = tables.get(table.title) ?? { runs: 0, figures: new Map() };
      entry.runs++;
      // A label may stand twice in a table (a detail under each of two figures): its n-th use is one figure.
      const uses = new Map<string, number>();
      for (const figure of table.figures) {
        const use = (uses.get(figure.label) ?? 0) + 1;
        uses.set(figure.label, use);
        const key = `${use} ${figure.label}`;
        const seen = entry.figures.get(key) ?? { first: figure, values: [] };
        seen.values.push(figure.value);
        entry.figures.set(key, seen);
      }
      tables.set(table.title, entry);
    }
  }
  return [...tables].map(([title, { runs: count, figures }]) => ({
    title,
    runs: count,
    figures: [...figures.values()].map(({ first, values }) => ({ ...first, value: combine(values) })),
  }));
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

const plain = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

const UNIT_FORMATS: Record<Unit, (value: number) => string> = {
  ms: formatMs,
  count: plain,
  // Two decimals: a target such as 1.05x must read as itself.
  times: (value) => `${value.toFixed(2)}x`,
  MB: (value) => `${Math.round(value)} MB`,
  'per-second': (value) => `${Math.round(value)}/s`,
};

function show(value: number | string, unit: Unit | undefined): string {
  return typeof value === 'number' ? UNIT_FORMATS[unit ?? 'count'](value) : value;
}

export const MISS = 'MISS';

/** A table as aligned lines: figure, measured, target, and MISS beside a figure that misses its target. */
export function formatTable(table: MedianTable): string[] {
  const rows = table.figures.map((figure) => [
    figure.label,
    show(figure.value, figure.unit),
    figure.target ? `${figure.target.comparison} ${show(figure.target.value, figure.unit)}` : '',
    misses(figure) ? MISS : '',
  ]);
  const header = ['figure', 'measured', 'target', ''];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  const runs = table.runs === 1 ? '1 run' : `median of ${table.runs} runs`;
  return [`${table.title} (${runs})`, line(header), ...rows.map(line)];
}

/** A benchmark process reports each table on a line of its own, starting with this. */
const TABLE_LINE_PREFIX = 'bench-table ';

export const tableLine = (table: Table): string => `${TABLE_LINE_PREFIX}${JSON.stringify(table)}`;

export function tableOfLine(line: string): Table | null {
  return line.startsWith(TABLE_LINE_PREFIX) ? (JSON.parse(line.slice(TABLE_LINE_PREFIX.length)) as Table) : null;
}
