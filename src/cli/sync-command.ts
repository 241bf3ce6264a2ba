import { parseArgs } from 'node:util';
import type { SyncRun } from '../generated/prisma/client.js';
import type { DryRunReport, StartSyncOptions } from '../sync/sync-service.js';
import { RUN_COUNTERS } from '../sync/run-recorder.js';
import { commandHelp } from './help.js';

/** `npm run sync`: exits 1 when the run did not succeed, 2 on bad arguments. */

export const SYNC_HELP = commandHelp({
  usage: ['npm run sync -- [--full | --incremental | --push] [--dry-run] [--limit N] [--client-id ID]'],
  summary: 'Runs one sync now, waits for it, and prints its counts as a table (with a progress bar on a terminal).',
  options: {
    full: { type: 'boolean', default: false, description: 'Read every client from Robaws; a complete pass also marks the clients Robaws no longer has.' },
    incremental: { type: 'boolean', default: false, description: 'Read the clients Robaws changed since the last successful sync (the default).' },
    push: { type: 'boolean', default: false, description: 'Send every customer\'s unpushed local edits to Robaws.' },
    'dry-run': { type: 'boolean', default: false, description: 'Write nothing; print the first 10 clients and the changes a write would make.' },
    limit: { type: 'string', value: 'N', description: 'Stop after N clients (the mark for the next incremental sync does not move).' },
    'client-id': { type: 'string', value: 'ID', description: 'Sync this one Robaws client.' },
  },
  groups: ['general', 'log', 'database', 'robaws', 'sandbox', 'sync'],
});

export function parseSyncArgs(argv: string[]): StartSyncOptions {
  const { values } = parseArgs({ args: argv, options: SYNC_HELP.options, strict: true });
  if ([values.full, values.incremental, values.push].filter(Boolean).length > 1) throw new TypeError('--full, --incremental and --push exclude each other');
  if (values.push && (values.limit !== undefined || values['client-id'] !== undefined)) {
    throw new TypeError('--push takes only --dry-run');
  }
  if (values.push) return { kind: 'PUSH', trigger: 'CLI', dryRun: values['dry-run'] };
  const limit = values.limit === undefined ? null : Number(values.limit);
  if (limit !== null && (!Number.isInteger(limit) || limit < 1)) throw new TypeError(`--limit takes a whole number above 0, not "${values.limit}"`);
  const clientId = values['client-id'];
  if (clientId !== undefined) {
    if (!/^\d+$/.test(clientId)) throw new TypeError(`--client-id takes a Robaws client id (digits), not "${clientId}"`);
    return { kind: 'SINGLE', trigger: 'CLI', robawsClientId: clientId, dryRun: values['dry-run'] };
  }
  return { kind: values.full ? 'FULL' : 'INCREMENTAL', trigger: 'CLI', dryRun: values['dry-run'], limit };
}

/** `markedGone` is "Marked gone". */
const labelOf = (counter: string) => counter.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`).replace(/^./, (first) => first.toUpperCase());

export function formatRunTable(run: SyncRun): string {
  const rows: Array<[string, string | number]> = [
    ['Run', run.id],
    ['Kind', `${run.kind}${run.dryRun ? ' (dry run)' : ''}`],
    ['Status', run.status],
    [run.kind === 'PUSH' ? 'Customers' : 'Pages', `${run.pagesDone}/${run.pagesTotal ?? '?'}`],
    ...RUN_COUNTERS.map((counter): [string, number] => [labelOf(counter), run[counter]]),
  ];
  if (run.startedAt && run.finishedAt) rows.push(['Duration', `${run.finishedAt.getTime() - run.startedAt.getTime()} ms`]);
  if (run.error) rows.push(['Error', run.error]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

export function formatDryRunReport(report: DryRunReport): string {
  const lines = ['Sample clients (first 10):'];
  for (const [index, sample] of report.samples.entries()) {
    lines.push(`--- ${index + 1}. ${sample.name} (id ${sample.robawsClientId})`);
    lines.push(`Extracted role: ${sample.role ?? 'none'}`);
    lines.push(`Custom fields: ${JSON.stringify(sample.extraFields)}`);
  }
  if (report.changes.length > 0) {
    lines.push('', `Changes a write would make (first ${report.changes.length}):`);
    for (const change of report.changes) {
      lines.push(`${change.action} ${change.robawsClientId} ${change.name}`);
      for (const field of change.changes) lines.push(`    ${field.field}: ${JSON.stringify(field.from)} -> ${JSON.stringify(field.to)}`);
    }
  }
  return lines.join('\n');
}


/** One line of progress for a terminal: `[#########-----------] 12/41 pages  1200 fetched`. */
export function progressLine(run: Pick<SyncRun, 'kind' | 'pagesDone' | 'pagesTotal' | 'fetched' | 'pushed'>, width = 30): string {
  const total = run.pagesTotal ?? 0;
  const filled = total > 0 ? Math.min(width, Math.round((run.pagesDone / total) * width)) : 0;
  const unit = run.kind === 'PUSH' ? 'customers' : 'pages';
  const count = run.kind === 'PUSH' ? `${run.pushed} pushed` : `${run.fetched} fetched`;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${run.pagesDone}/${total || '?'} ${unit}  ${count}`;
}
