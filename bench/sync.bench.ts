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
import { forEachBenchDatabase, formatMs, printTable } from './support.js';

/**
 * Sync speed against the sandbox with 100 ms latency per request, on both databases, beside the
 * plan's algorithm (one page after another, one upsert per client); then 100,000 clients with no
 * latency in a process of its own, for time and peak memory.
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

/** The plan's syncAllCustomers: pages one after another, updateOrCreate per client. */
async function planAlgorithm(db: Db, robaws: RobawsHttpClient): Promise<number> {
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

async function benchAt(databaseUrl: string, label: string): Promise<void> {
  const sandbox = await startSandbox({ port: 0, latencyMs: LATENCY_MS, rateLimitPerSecond: 0 });
  const db = createDb(databaseUrl);
  const robaws = robawsClientFor(sandbox);
  const sync = new SyncService({ db, robaws, locks: createAdvisoryLocks(databaseUrl), logger: silentLogger, settings: SETTINGS, normalize: NORMALIZATION });
  try {
    const full = await timed(() => sync.run({ kind: 'FULL', trigger: 'CLI' }));
    const before = await rowVersions(db);
    const again = await timed(() => sync.run({ kind: 'FULL', trigger: 'CLI' }));
    const unchangedWrites = rowsWritten(before, await rowVersions(db));
    sandbox.store.changeRandom(50, 5);
    const beforeIncremental = await rowVersions(db);
    const incremental = await timed(() => sync.run({ kind: 'INCREMENTAL', trigger: 'CLI' }));
    const incrementalWrites = rowsWritten(beforeIncremental, await rowVersions(db));

    await db.$executeRawUnsafe('TRUNCATE customers CASCADE');
    const baseline = await timed(() => planAlgorithm(db, robaws));
    printTable(`Sync, ${label} database, sandbox latency ${LATENCY_MS} ms, ${full.result.run.fetched} clients, ${SETTINGS.pageConcurrency} pages at once`, [
      ['full sync into an empty database', formatMs(full.ms), '<= 3 s'],
      ["the plan's algorithm (baseline)", formatMs(baseline.ms), ''],
      ['speed-up over the baseline', `${(baseline.ms / full.ms).toFixed(1)}x`, '>= 20x'],
      ['full sync, nothing changed', formatMs(again.ms), '<= 1.5 s'],
      ['  rows written', String(unchangedWrites), '0'],
      ['  reported unchanged', String(again.result.run.unchanged), String(full.result.run.fetched)],
      ['incremental sync, 50 changed', formatMs(incremental.ms), '<= 0.5 s'],
      ['  fetched / rows written', `${incremental.result.run.fetched} / ${incrementalWrites}`, '50 / 50'],
    ]);
  } finally {
    await db.$disconnect();
    await sandbox.close();
  }
}

/** 100,000 clients: the sync runs in a child process (`bench/full-sync-once.ts`) so its peak RSS is its own. */
async function bench100k(databaseUrl: string, label: string): Promise<void> {
  const sandbox = await startSandbox({ port: 0, clients: 100_000, rateLimitPerSecond: 0 });
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
    if (!report) throw new Error('the 100k sync printed no figures');
    const figures = report as { ms: number; maxRssMb: number; fetched: number; created: number; status: string };
    printTable(`Full sync of 100,000 clients, ${label} database, no latency, default settings (4 pages at once)`, [
      ['time', formatMs(figures.ms), '< 30 s'],
      ['peak RSS of the syncing process', `${figures.maxRssMb} MB`, '< 300 MB'],
      ['status / created', `${figures.status} / ${figures.created}`, 'SUCCEEDED / 100000'],
    ]);
  } finally {
    await sandbox.close();
  }
}

await forEachBenchDatabase(async ({ url, label }) => {
  await benchAt(url, label);
});
await forEachBenchDatabase(async ({ url, label }) => {
  await bench100k(url, label);
});
