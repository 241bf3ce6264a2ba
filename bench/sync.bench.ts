import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createDb, type Db } from '../src/db/client.js';
import type { Prisma } from '../src/generated/prisma/client.js';
import { silentLogger } from '../src/log.js';
import { RobawsHttpClient } from '../src/robaws/client.js';
import { startSandbox, type Sandbox } from '../src/sandbox/server.js';
import { toCustomerRecord } from '../src/customers/customer-record.js';
import { createAdvisoryLocks } from '../src/sync/locks.js';
import { SyncService, type SyncSettings } from '../src/sync/sync-service.js';
import { defineBenchmark, positiveInteger } from './benchmark.js';
import { atLeast, atMost, below, equals, type Table } from './figures.js';
import { forEachBenchDatabase } from './support.js';

/**
 * Sync speed against the sandbox with 100 ms latency per request, on both databases, beside the
 * simplest sync (one page after another, one upsert per client); then a large sandbox with no
 * latency, synced in a process of its own, for time and peak memory.
 */

const LATENCY_MS = 100;
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
      const { issues, robawsClientId, ...columns } = customer;
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

/** A large sandbox: the sync runs in a child process (`bench/full-sync-once.ts`) so its peak RSS is its own. */
async function benchLarge(databaseUrl: string, label: string, clients: number): Promise<Table> {
  const sandbox = await startSandbox({ port: 0, clients, rateLimitPerSecond: 0 });
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/full-sync-once.ts'], {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        ROBAWS_BASE_URL: sandbox.url,
        ROBAWS_USERNAME: sandbox.options.username,
        ROBAWS_PASSWORD: sandbox.options.password,
        ROBAWS_REQUESTS_PER_SECOND: '1000',
        ROBAWS_MAX_CONCURRENCY: '8',
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let report: { ms: number; maxRssMb: number; fetched: number; created: number; status: string } | null = null;
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{')) report = JSON.parse(line);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    if (!report) throw new Error('the large sync printed no figures');
    const measured = report as { ms: number; maxRssMb: number; fetched: number; created: number; status: string };
    return {
      title: `Full sync of ${clients.toLocaleString('en')} clients, ${label} database, no latency, default settings (4 pages at once)`,
      figures: [
        { label: 'time', value: measured.ms, unit: 'ms', target: below(30_000) },
        { label: 'peak RSS of the syncing process', value: measured.maxRssMb, unit: 'MB', target: below(300) },
        { label: 'status', value: measured.status, target: equals('SUCCEEDED') },
        { label: 'created', value: measured.created, target: equals(clients) },
      ],
    };
  } finally {
    await sandbox.close();
  }
}

export const benchmark = defineBenchmark({
  description: 'full, unchanged and incremental syncs against a sandbox with 100 ms latency; a large full sync for time and peak memory',
  variables: {
    BENCH_SYNC_CLIENTS: positiveInteger('clients in the sandbox with latency', 4017),
    BENCH_SYNC_LARGE_CLIENTS: positiveInteger('clients in the large sandbox', 100_000),
  },
  async run(settings, report) {
    await forEachBenchDatabase(async ({ url, label }) => report(await benchAt(url, label, settings.BENCH_SYNC_CLIENTS)));
    await forEachBenchDatabase(async ({ url, label }) => report(await benchLarge(url, label, settings.BENCH_SYNC_LARGE_CLIENTS)));
  },
});
