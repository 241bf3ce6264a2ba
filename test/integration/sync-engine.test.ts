import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateClients } from '../../src/sandbox/seed/generator.js';
import type { ClientRecord } from '../../src/sandbox/store.js';
import { createHarness, type Harness } from '../support/harness.js';

/** The pull side of the engine against a 4,017-client sandbox: incremental, deletions, failures, resume, locks. */

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness();
  const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'API' });
  expect(run.status).toBe('SUCCEEDED');
});
afterAll(() => harness.close());
afterEach(() => {
  harness.sandbox.setKnobs({ failListPagesFrom: null, malformedPages: [], latencyMs: 0 });
  harness.sandbox.resetStats();
});

const db = () => harness.database.db;

async function updatedAtById(): Promise<Map<string, number>> {
  const rows = await db().customer.findMany({ select: { robawsClientId: true, updatedAt: true } });
  return new Map(rows.map((row) => [row.robawsClientId, row.updatedAt.getTime()]));
}

describe('incremental sync', () => {
  it('fetches only the clients changed since the last mark and updates exactly those', async () => {
    const before = await updatedAtById();
    const changed = harness.sandbox.store.changeRandom(50, 7).map(String);
    harness.sandbox.resetStats();

    const { run } = await harness.sync.run({ kind: 'INCREMENTAL', trigger: 'API' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', fetched: 50, updated: 50, created: 0, unchanged: 0 });
    const { listRequests } = harness.sandbox.stats();
    expect(listRequests.length).toBeGreaterThan(0);
    expect(listRequests.every((request) => request.updatedFrom !== null)).toBe(true);

    const after = await updatedAtById();
    const rewritten = [...after].filter(([id, time]) => before.get(id) !== time).map(([id]) => id);
    expect(rewritten.sort()).toEqual([...changed].sort());
  });

  it('moves the high-water mark only when it succeeds', async () => {
    const markBefore = await harness.sync.lastHighWaterMark();
    harness.sandbox.store.changeRandom(5, 8);
    harness.sandbox.setKnobs({ failListPagesFrom: 0 });
    const { run } = await harness.sync.run({ kind: 'INCREMENTAL', trigger: 'API' });
    expect(run.status).toBe('FAILED');
    expect(await harness.sync.lastHighWaterMark()).toEqual(markBefore);

    harness.sandbox.setKnobs({ failListPagesFrom: null });
    const { run: retry } = await harness.sync.run({ kind: 'INCREMENTAL', trigger: 'API' });
    expect(retry).toMatchObject({ status: 'SUCCEEDED', updated: 5 });
    expect((await harness.sync.lastHighWaterMark())!.getTime()).toBeGreaterThan(markBefore!.getTime());
  });
});

describe('deletions', () => {
  it('a full sync marks exactly the clients deleted in Robaws as gone; one restored revives', async () => {
    const victims = (harness.sandbox.store.list({ page: 7, size: 3 }).items as unknown as Array<{ id: number }>).map((client) => client.id);
    for (const id of victims) harness.sandbox.store.delete(id);

    const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'API' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', markedGone: 3 });
    const gone = await db().customer.findMany({ where: { goneFromRobawsAt: { not: null } }, select: { robawsClientId: true, isActive: true } });
    expect(gone.map((row) => row.robawsClientId).sort()).toEqual(victims.map(String).sort());
    // Gone is a fact of its own; whether a customer is active here stays a local decision.
    expect(gone.every((row) => row.isActive)).toBe(true);
    expect(await db().customer.count()).toBe(4017);

    harness.sandbox.store.restore(victims[0]!);
    const { run: again } = await harness.sync.run({ kind: 'FULL', trigger: 'API' });
    expect(again).toMatchObject({ status: 'SUCCEEDED', revived: 1, markedGone: 0 });
    const revived = await db().customer.findUniqueOrThrow({ where: { robawsClientId: String(victims[0]) } });
    expect(revived.goneFromRobawsAt).toBeNull();
    expect(revived.isActive).toBe(true);
    expect(await db().customer.count({ where: { goneFromRobawsAt: { not: null } } })).toBe(2);
  });
});

describe('failures', () => {
  it('a Robaws outage half-way fails the run with the reason, keeps what was written, moves no mark, marks nothing gone; the next run resumes', async () => {
    const fresh = await createHarness();
    try {
      fresh.sandbox.setKnobs({ failListPagesFrom: 10 });
      const { run } = await fresh.sync.run({ kind: 'FULL', trigger: 'API' });
      expect(run.status).toBe('FAILED');
      expect(run.error).toMatch(/500/);
      expect(await fresh.database.db.customer.count()).toBe(1000);
      expect(await fresh.database.db.customer.count({ where: { goneFromRobawsAt: { not: null } } })).toBe(0);
      expect(run.highWaterMark).toBeNull();
      expect(await fresh.sync.lastHighWaterMark()).toBeNull();
      expect(run.checkpoint).toMatchObject({ nextPage: 10 });

      fresh.sandbox.setKnobs({ failListPagesFrom: null });
      fresh.sandbox.resetStats();
      const { run: resumed } = await fresh.sync.run({ kind: 'FULL', trigger: 'API' });
      expect(resumed).toMatchObject({ status: 'SUCCEEDED', resumedFromId: run.id, created: 3017, markedGone: 0, pagesDone: 41 });
      const pagesAsked = fresh.sandbox.stats().listRequests.map((request) => request.page);
      expect(Math.min(...pagesAsked)).toBe(10);
      expect(await fresh.database.db.customer.count()).toBe(4017);
    } finally {
      await fresh.close();
    }
  });

  it('a malformed page fails the run with an error naming the bad field, keeping the other pages', async () => {
    harness.sandbox.store.changeRandom(3, 11);
    harness.sandbox.setKnobs({ malformedPages: [2] });
    const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'API' });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/malformed page.*items/);
    expect(run.markedGone).toBe(0);
  });

  it('one bad record is counted and recorded with its id and reason, and never fails the run', async () => {
    const clients = generateClients({ count: 40 }).clients.map((client) => ({ ...client })) as unknown as ClientRecord[];
    const victim = clients[12]!;
    victim.updatedAt = 'yesterday';
    const fresh = await createHarness({ sandbox: { clients } });
    try {
      const { run } = await fresh.sync.run({ kind: 'FULL', trigger: 'API' });
      expect(run).toMatchObject({ status: 'SUCCEEDED', fetched: 40, created: 39, failed: 1 });
      expect(run.failures).toEqual([{ robawsClientId: String(victim.id), reason: expect.stringMatching(/updatedAt/) }]);
    } finally {
      await fresh.close();
    }
  });
});

describe('one run per kind', () => {
  it('two full syncs started at once by two service instances on one database: exactly one runs', async () => {
    harness.sandbox.setKnobs({ latencyMs: 20 });
    const other = harness.secondSyncService();
    const [first, second] = await Promise.all([
      harness.sync.start({ kind: 'FULL', trigger: 'API' }),
      other.start({ kind: 'FULL', trigger: 'CRON' }),
    ]);
    expect(first.run.id).toBe(second.run.id);
    expect([first.alreadyRunning, second.alreadyRunning].sort()).toEqual([false, true]);
    const [a, b] = await Promise.all([first.completion, second.completion]);
    expect(a.run.status).toBe('SUCCEEDED');
    expect(b.run.id).toBe(a.run.id);
    expect(await db().syncRun.count({ where: { createdAt: { gte: a.run.createdAt }, kind: 'FULL' } })).toBe(1);
  });

  it('a run can be cancelled', async () => {
    harness.sandbox.setKnobs({ latencyMs: 100 });
    const { run, completion } = await harness.sync.start({ kind: 'FULL', trigger: 'API' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await harness.sync.cancel(run.id);
    const { run: finished } = await completion;
    expect(finished.status).toBe('CANCELLED');
    expect(finished.pagesDone).toBeLessThan(41);
  });

  it('a run left RUNNING by a dead process is marked failed on the next start, and no longer blocks', async () => {
    const orphan = await db().syncRun.create({ data: { kind: 'PUSH', trigger: 'CRON', status: 'RUNNING', startedAt: new Date() } });
    expect(await harness.secondSyncService().recoverOrphanedRuns()).toBe(1);
    const row = await db().syncRun.findUniqueOrThrow({ where: { id: orphan.id } });
    expect(row.status).toBe('FAILED');
    expect(row.error).toMatch(/stopped before it finished/);
  });
});

describe('dry run', () => {
  it('writes nothing (row counts and updated-at unchanged) and reports the field changes', async () => {
    const changed = harness.sandbox.store.changeRandom(4, 99).map(String);
    const [victim] = harness.sandbox.store.list({ page: 20, size: 1 }).items as unknown as Array<{ id: number }>;
    harness.sandbox.store.delete(victim!.id);
    const before = await updatedAtById();
    const runsBefore = await db().syncRun.count();

    const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'CLI', dryRun: true });
    expect(run).toMatchObject({ status: 'SUCCEEDED', dryRun: true, updated: 4, markedGone: 1 });
    expect(await updatedAtById()).toEqual(before);
    expect(await db().customer.count({ where: { goneFromRobawsAt: { not: null } } })).toBe(2);
    expect(await db().syncRun.count()).toBe(runsBefore + 1);
    const report = run.samples as { changes: Array<{ robawsClientId: string; changes: Array<{ field: string; from: unknown; to: unknown }> }>; gone: string[] };
    expect(report.changes.map((change) => change.robawsClientId).sort()).toEqual(changed.sort());
    expect(report.changes.every((change) => change.changes.length > 0 && change.changes.every((field) => field.from !== field.to))).toBe(true);
    expect(report.gone).toEqual([String(victim!.id)]);
    harness.sandbox.store.restore(victim!.id);
  });
});
