import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import { createDb, sqlPool, type Db } from '../src/db/client.js';
import type { Prisma } from '../src/generated/prisma/client.js';
import { silentLogger } from '../src/log.js';
import { RobawsHttpClient } from '../src/robaws/client.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { toCustomerRecord } from '../src/customers/customer-record.js';
import { createAdvisoryLocks } from '../src/sync/locks.js';
import { SyncService, type SyncSettings } from '../src/sync/sync-service.js';
import { defineBenchmark, positiveInteger } from './benchmark.js';
import { atLeast, atMost, equals, type Table } from './figures.js';
import { forEachBenchDatabase } from './support.js';

/**
 * Sync speed against the sandbox with 100 ms latency per request, on both databases, beside the
 * simplest sync (one page after another, one upsert per client); then a large sandbox with no
 * latency, synced in a process of its own, for time and peak memory.
 */

const LATENCY_MS = 100;
/** The live default pace (ROBAWS_REQUESTS_PER_SECOND), and "no pace" for the runs that measure our own cost. */
const LIVE_PACE = 8;
const UNLIMITED_PACE = 100_000;
/** As `npm run sync` starts node (package.json). */
const SYNC_NODE_FLAGS = ['--max-old-space-size=128'];
const SETTINGS: SyncSettings = {
  pageSize: 100,
  pageConcurrency: 8,
  writeBatchSize: 500,
  incrementalOverlapMs: 120_000,
  resumeMaxAgeMs: 3_600_000,
  pushConcurrency: 4,
};
const NORMALIZATION = { defaultCountry: 'BE', roleFieldId: null } as const;

function robawsClientFor(sandbox: Sandbox): RobawsHttpClient {
  return new RobawsHttpClient({
    baseUrl: sandbox.url,
    username: sandbox.options.username,
    password: sandbox.options.password,
    requestsPerSecond: 100,
    maxConcurrentRequests: SETTINGS.pageConcurrency,
  });
}

/** Row versions (ctid) by id: any write to a row gives it a new one. */
async function rowVersions(db: Db): Promise<Map<number, string>> {
  const rows = await db.$queryRawUnsafe<Array<{ id: number; ctid: string }>>('SELECT id, ctid::text AS ctid FROM customers');
  return new Map(rows.map((row) => [row.id, row.ctid]));
}

function rowsWritten(before: Map<number, string>, after: Map<number, string>): number {
  return [...after].filter(([id, ctid]) => before.get(id) !== ctid).length;
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

/** The simplest sync: pages one after another, an upsert per client. */
async function simplestSync(db: Db, robaws: RobawsHttpClient): Promise<number> {
  let written = 0;
  for (let page = 0; ; page++) {
    const { records, totalItems } = await robaws.listClients({ page, size: 100 });
    for (const record of records) {
      const customer = toCustomerRecord(record, NORMALIZATION);
      const { issues, robawsClientId, rawJson: _rawJson, ...columns } = customer;
      const data = { ...columns, dataIssues: issues as unknown as Prisma.InputJsonValue, raw: customer.raw as Prisma.InputJsonValue, lastSyncedAt: new Date() };
      await db.customer.upsert({ where: { robawsClientId }, create: { robawsClientId, ...data }, update: data });
      written++;
    }
    if (records.length < 100 || written >= totalItems) return written;
  }
}

async function benchAt(databaseUrl: string, label: string, clients: number): Promise<Table> {
  const sandbox = await startSandbox({ port: 0, clients, latencyMs: LATENCY_MS, rateLimitPerSecond: 0 });
  const db = createDb(databaseUrl);
  const robaws = robawsClientFor(sandbox);
  const sync = new SyncService({ db, robaws, locks: createAdvisoryLocks(databaseUrl), logger: silentLogger, settings: SETTINGS, normalize: NORMALIZATION });
  try {
    // Unmeasured: a process's first sync also compiles our code and loads Prisma's query compiler and the
    // phone metadata, which the baseline, run last, would find done.
    await sync.run({ kind: 'FULL', trigger: 'CLI' });
    await emptied(db);
    const full = await timed(() => sync.run({ kind: 'FULL', trigger: 'CLI' }));
    const before = await rowVersions(db);
    const again = await timed(() => sync.run({ kind: 'FULL', trigger: 'CLI' }));
    const unchangedWrites = rowsWritten(before, await rowVersions(db));
    const changed = Math.min(50, clients);
    sandbox.store.changeRandom(changed, 5);
    const beforeIncremental = await rowVersions(db);
    const incremental = await timed(() => sync.run({ kind: 'INCREMENTAL', trigger: 'CLI' }));
    const incrementalWrites = rowsWritten(beforeIncremental, await rowVersions(db));

    await db.$executeRawUnsafe('TRUNCATE customers CASCADE');
    const baseline = await timed(() => simplestSync(db, robaws));
    return {
      title: `Sync, ${label} database, sandbox latency ${LATENCY_MS} ms, ${clients} clients, ${SETTINGS.pageConcurrency} pages at once`,
      figures: [
        { label: 'full sync into an empty database', value: full.ms, unit: 'ms', target: atMost(3000) },
        { label: 'one page after another, an upsert per client (baseline)', value: baseline.ms, unit: 'ms' },
        { label: 'speed-up over the baseline', value: baseline.ms / full.ms, unit: 'times', target: atLeast(20) },
        { label: 'full sync, nothing changed', value: again.ms, unit: 'ms', target: atMost(1500) },
        { label: '  rows written', value: unchangedWrites, target: equals(0) },
        { label: '  reported unchanged', value: again.result.run.unchanged, target: equals(clients) },
        { label: `incremental sync, ${changed} changed`, value: incremental.ms, unit: 'ms', target: atMost(500) },
        { label: '  fetched', value: incremental.result.run.fetched, target: equals(changed) },
        { label: '  rows written', value: incrementalWrites, target: equals(changed) },
      ],
    };
  } finally {
    await db.$disconnect();
    await sandbox.close();
  }
}

/** A database as a first sync finds it: no customers, no runs. */
async function emptied(db: Db): Promise<void> {
  await db.$executeRawUnsafe('TRUNCATE customers, sync_runs, sync_run_seen CASCADE');
}

interface SandboxProcess {
  url: string;
  stop(): Promise<void>;
}

/** The sandbox in a process of its own (compiled), so that its cost is not counted as ours. */
async function sandboxProcess(clients: number, knobs: Record<string, unknown>): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['dist/sandbox/main.js'], { env: { ...process.env, SANDBOX_CLIENTS: String(clients), SANDBOX_PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const found = /at (http:\/\/[\d.:]+)\/api\/v2/.exec(line);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
  });
  const response = await fetch(`${url}/__sandbox/knobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(knobs) });
  if (!response.ok) throw new Error(`the sandbox refused its knobs: ${response.status}`);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** Linux's /proc/<pid>/stat fields after the command name: the parent's pid, then (from index 11) user and system time, and those of the reaped children. */
function procStat(pid: number | 'self'): { parent: number; ownMs: number; reapedMs: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const fields = text.slice(text.lastIndexOf(') ') + 2).split(' ').map(Number);
  // Clock ticks of 10 ms (USER_HZ is 100 on Linux).
  return { parent: fields[1]!, ownMs: (fields[11]! + fields[12]!) * 10, reapedMs: (fields[13]! + fields[14]!) * 10 };
}

/** Our children's CPU time so far: a child's is counted here once it has exited. */
const reapedChildrenCpuMs = () => procStat('self')!.reapedMs;

/**
 * Every Postgres process's CPU time so far: the postmaster's own, that of the backends it has reaped, and
 * that of those alive (background writers, connections). Null when the server is not on this machine.
 */
async function postgresCpuMs(db: Db): Promise<number | null> {
  const { rows } = await sqlPool(db).query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const backend = procStat(rows[0]!.pid);
  const postmaster = backend && procStat(backend.parent);
  if (!backend || !postmaster) return null;
  let alive = 0;
  for (const entry of readdirSync('/proc')) {
    const stat = /^\d+$/.test(entry) ? procStat(Number(entry)) : null;
    if (stat?.parent === backend.parent) alive += stat.ownMs;
  }
  return postmaster.ownMs + postmaster.reapedMs + alive;
}

interface CliRun {
  ms: number;
  /** CPU time of the syncing process, and of Postgres meanwhile (null when it is not on this machine). */
  cpuMs: { ours: number; postgres: number | null };
  /** From the start of the process to its first Robaws request going out (the first answer, less its duration). */
  firstRequestMs: number | null;
  peakRssMb: number;
  /** The engine's own end line: the run's counts, its duration (from its start, not the process's) and its phase timings. */
  run: { status: string; durationMs: number; fetched: number; created: number; unchanged: number; timingsMs?: Record<string, number> };
}

/** `npm run sync -- --full` as it runs (compiled), with its peak RSS read from /proc while it runs. */
async function compiledFullSync(db: Db, databaseUrl: string, sandboxUrl: string, requestsPerSecond: number): Promise<CliRun> {
  const postgresBefore = await postgresCpuMs(db);
  const reapedBefore = reapedChildrenCpuMs();
  const started = performance.now();
  const child = spawn(process.execPath, [...SYNC_NODE_FLAGS, 'dist/cli/sync.js', '--full'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      ROBAWS_BASE_URL: sandboxUrl,
      ROBAWS_USERNAME: 'sandbox',
      ROBAWS_PASSWORD: 'sandbox',
      ROBAWS_REQUESTS_PER_SECOND: String(requestsPerSecond),
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      SCHEDULER_ENABLED: 'false',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let firstRequestMs: number | null = null;
  let run: CliRun['run'] | null = null;
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (!line.startsWith('{')) return;
    const entry = JSON.parse(line) as { msg?: string } & CliRun['run'];
    if (entry.msg === 'Robaws answered') firstRequestMs ??= performance.now() - started - entry.durationMs;
    if (entry.msg === 'sync succeeded' || entry.msg === 'sync failed') run = { ...entry, status: entry.msg === 'sync succeeded' ? 'SUCCEEDED' : 'FAILED' };
  });
  let peakKb = 0;
  const sampler = setInterval(() => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
  }, 20);
  const code = await new Promise((resolve) => child.once('exit', resolve));
  clearInterval(sampler);
  const ms = performance.now() - started;
  if (!run) throw new Error(`the sync CLI exited with ${code} and logged no end`);
  const postgresAfter = await postgresCpuMs(db);
  const cpuMs = { ours: reapedChildrenCpuMs() - reapedBefore, postgres: postgresBefore === null || postgresAfter === null ? null : postgresAfter - postgresBefore };
  return { ms, cpuMs, firstRequestMs, peakRssMb: Math.round(peakKb / 1024), run };
}

/** What the machine's cores give in the time the large sync may take: our process and Postgres together need no more CPU than that. */
const LARGE_SYNC_TARGET_MS = 5000;
const CORES = availableParallelism();

const cpuFigures = (run: CliRun) => [
  { label: '  CPU time: the syncing process', value: run.cpuMs.ours, unit: 'ms' as const },
  { label: '  CPU time: Postgres', value: run.cpuMs.postgres ?? Number.NaN, unit: 'ms' as const },
  {
    label: `  CPU time of both, beside what ${CORES} cores give in ${LARGE_SYNC_TARGET_MS / 1000} s`,
    value: run.cpuMs.ours + (run.cpuMs.postgres ?? Number.NaN),
    unit: 'ms' as const,
    target: atMost(CORES * LARGE_SYNC_TARGET_MS),
  },
];

const phases = (run: CliRun, label: string) =>
  Object.entries(run.run.timingsMs ?? {}).map(([phase, ms]) => ({ label: `  ${label}: ${phase} (summed over pages in flight)`, value: ms, unit: 'ms' as const }));

/** The compiled CLI against a sandbox process with no latency and no pace: into an empty database, then with nothing changed. */
async function benchCompiled(databaseUrl: string, label: string, clients: number): Promise<{ table: Table; peakRssMb: number }> {
  const sandbox = await sandboxProcess(clients, { rateLimitPerSecond: 0 });
  const db = createDb(databaseUrl);
  try {
    await emptied(db);
    const empty = await compiledFullSync(db, databaseUrl, sandbox.url, UNLIMITED_PACE);
    const before = await rowVersions(db);
    const again = await compiledFullSync(db, databaseUrl, sandbox.url, UNLIMITED_PACE);
    const written = rowsWritten(before, await rowVersions(db));
    const peakRssMb = Math.max(empty.peakRssMb, again.peakRssMb);
    return {
      peakRssMb,
      table: {
        title: `Full sync of ${clients.toLocaleString('en')} clients (compiled CLI), ${label} database, sandbox in its own process, no latency, pace unlimited`,
        figures: [
          { label: 'into an empty database', value: empty.ms, unit: 'ms', target: atMost(LARGE_SYNC_TARGET_MS) },
          { label: '  status', value: empty.run.status, target: equals('SUCCEEDED') },
          { label: '  created', value: empty.run.created, target: equals(clients) },
          ...cpuFigures(empty),
          ...phases(empty, 'empty'),
          { label: 'nothing changed', value: again.ms, unit: 'ms', target: atMost(3000) },
          { label: '  rows written', value: written, target: equals(0) },
          { label: '  reported unchanged', value: again.run.unchanged, target: equals(clients) },
          { label: '  CPU time: the syncing process', value: again.cpuMs.ours, unit: 'ms' },
          { label: '  CPU time: Postgres', value: again.cpuMs.postgres ?? Number.NaN, unit: 'ms' },
          ...phases(again, 'nothing changed'),
          { label: 'peak RSS of the syncing process', value: peakRssMb, unit: 'MB', target: atMost(200) },
          { label: 'from the start of the process to its first Robaws request', value: empty.firstRequestMs ?? Number.NaN, unit: 'ms', target: atMost(500) },
        ],
      },
    };
  } finally {
    await db.$disconnect();
    await sandbox.stop();
  }
}

/** At the live pace: the wall time of a full sync beside its floor (pages divided by requests per second). */
async function benchPaced(databaseUrl: string, label: string, clients: number): Promise<Table> {
  const sandbox = await sandboxProcess(clients, { rateLimitPerSecond: 0 });
  const db = createDb(databaseUrl);
  try {
    await emptied(db);
    const pages = Math.ceil(clients / 100);
    const floorMs = (pages / LIVE_PACE) * 1000;
    const paced = await compiledFullSync(db, databaseUrl, sandbox.url, LIVE_PACE);
    return {
      title: `Full sync of ${clients.toLocaleString('en')} clients at the live pace (${LIVE_PACE} requests/s), ${label} database`,
      figures: [
        { label: `floor (${pages} pages / ${LIVE_PACE} per second)`, value: floorMs, unit: 'ms' },
        { label: "the run's wall time", value: paced.run.durationMs, unit: 'ms' },
        { label: '  over the floor', value: paced.run.durationMs / floorMs, unit: 'times', target: atMost(1.05) },
        { label: 'the whole process (start, migrations check, the run)', value: paced.ms, unit: 'ms' },
        { label: '  status', value: paced.run.status, target: equals('SUCCEEDED') },
      ],
    };
  } finally {
    await db.$disconnect();
    await sandbox.stop();
  }
}

export const benchmark = defineBenchmark({
  description: 'full, unchanged and incremental syncs against a sandbox with 100 ms latency; a large full sync for time and peak memory',
  variables: {
    BENCH_SYNC_CLIENTS: positiveInteger('clients in the sandbox with latency', 4017),
    BENCH_SYNC_LARGE_CLIENTS: positiveInteger('clients in the large sandbox', 100_000),
    BENCH_SYNC_PACED_CLIENTS: positiveInteger('clients of the large sync at the live pace (8 requests/s: 100,000 take over two minutes)', 100_000),
  },
  async run(settings, report) {
    await forEachBenchDatabase(async ({ url, label }) => report(await benchAt(url, label, settings.BENCH_SYNC_CLIENTS)));
    await forEachBenchDatabase(async ({ url, label }) => {
      const small = await benchCompiled(url, label, settings.BENCH_SYNC_CLIENTS);
      const large = await benchCompiled(url, label, settings.BENCH_SYNC_LARGE_CLIENTS);
      report(small.table);
      report(large.table);
      report({
        title: `Memory, ${label} database`,
        figures: [{ label: `peak RSS, ${settings.BENCH_SYNC_LARGE_CLIENTS.toLocaleString('en')} clients over ${settings.BENCH_SYNC_CLIENTS.toLocaleString('en')}`, value: large.peakRssMb - small.peakRssMb, unit: 'MB', target: atMost(30) }],
      });
    });
    for (const clients of [settings.BENCH_SYNC_CLIENTS, settings.BENCH_SYNC_PACED_CLIENTS]) {
      await forEachBenchDatabase(async ({ url, label }) => report(await benchPaced(url, label, clients)));
    }
  },
});
