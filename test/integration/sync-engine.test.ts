import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateClients } from '../../src/sandbox/seed/generator.js';
import type { ClientRecord } from '../../src/sandbox/store.js';
import { createHarness, TEST_SYNC_SETTINGS, type Harness } from '../support/harness.js';
import { createGate, robawsWith } from '../support/robaws.js';

/** The pull side of the engine against a 4,017-client sandbox: incremental, deletions, failures, resume, locks. */

let harness: Harness;
beforeAll(async () => {
  harness = await createHarness();
  const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'API' });
  expect(run.status).toBe('SUCCEEDED');
});
afterAll(() => harness.close());
afterEach(() => {
  harness.sandbox.setKnobs({ failListPagesFrom: null, malformedPages: [], latencyMs: 0, errorRate: 0 });
  harness.sandbox.resetStats();
});

const db = () => harness.database.db;

async function updatedAtById(): Promise<Map<string, number>> {
  const rows = await db().customer.findMany({ select: { robawsClientId: true, updatedAt: true } });
  return new Map(rows.map((row) => [row.robawsClientId, row.updatedAt.getTime()]));
}

/** A small sandbox of its own, fully synced, for a test that changes what the others rely on. */
async function syncedHarness(): Promise<Harness> {
  const fresh = await createHarness({ sandbox: { clients: 300 }, sync: { pageConcurrency: 1 } });
  const { run } = await fresh.sync.run({ kind: 'FULL', trigger: 'API' });
  expect(run.status).toBe('SUCCEEDED');
  return fresh;
}

describe('incremental sync', () => {
  it('asks for the clients changed since the last mark minus the overlap, and updates exactly those', async () => {
    const mark = await harness.sync.lastHighWaterMark();
    const updatedFrom = new Date(mark!.getTime() - TEST_SYNC_SETTINGS.incrementalOverlapMs).toISOString();
    const before = await updatedAtById();
    const changed = harness.sandbox.store.changeRandom(50, 7).map(String);
    harness.sandbox.resetStats();

    const { run } = await harness.sync.run({ kind: 'INCREMENTAL', trigger: 'API' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', fetched: 50, updated: 50, created: 0, unchanged: 0 });
    expect(harness.sandbox.stats().listRequests).toEqual([{ page: 0, size: TEST_SYNC_SETTINGS.pageSize, updatedFrom }]);

    const after = await updatedAtById();
    const rewritten = [...after].filter(([id, time]) => before.get(id) !== time).map(([id]) => id);
    expect(rewritten.sort()).toEqual([...changed].sort());
  });

  it('moves the high-water mark only when it succeeds, to the newest change it wrote', async () => {
    const markBefore = await harness.sync.lastHighWaterMark();
    const changed = harness.sandbox.store.changeRandom(5, 8);
    harness.sandbox.setKnobs({ failListPagesFrom: 0 });
    const { run } = await harness.sync.run({ kind: 'INCREMENTAL', trigger: 'API' });
    expect(run.status).toBe('FAILED');
    expect(await harness.sync.lastHighWaterMark()).toEqual(markBefore);

    harness.sandbox.setKnobs({ failListPagesFrom: null });
    const { run: retry } = await harness.sync.run({ kind: 'INCREMENTAL', trigger: 'API' });
    expect(retry).toMatchObject({ status: 'SUCCEEDED', updated: 5 });
    const newestChange = Math.max(...changed.map((id) => Date.parse(harness.sandbox.store.get(id)!.updatedAt)));
    expect(await harness.sync.lastHighWaterMark()).toEqual(new Date(newestChange));
  });
});

describe('the high-water mark of a full pass', () => {
  it("is Robaws' time when the pass started, so that a client changed while it ran is fetched by the next incremental run", async () => {
    const fresh = await createHarness({ sandbox: { clients: 300 }, sync: { pageConcurrency: 1, incrementalOverlapMs: 0 } });
    try {
      let changed: { id: number; updatedAt: string } | null = null;
      const robaws = robawsWith(fresh.robaws, {
        listClients: async (params, options) => {
          if (params.page === 2 && changed === null) {
            // A client of page 0, already read, is edited in Robaws; by the last page Robaws' clock is a minute on.
            const [first] = fresh.sandbox.store.list({ page: 0, size: 1 }).items;
            const updated = fresh.sandbox.store.update(first!.id, { email: 'edited.meanwhile@example.be' });
            changed = { id: updated.id, updatedAt: String(updated.updatedAt) };
            fresh.sandbox.setKnobs({ clockOffsetMs: 60_000 });
          }
          return fresh.robaws.listClients(params, options);
        },
      });
      const sync = fresh.secondSyncService({ robaws });

      const { run } = await sync.run({ kind: 'FULL', trigger: 'API' });
      expect(run).toMatchObject({ status: 'SUCCEEDED', pagesDone: 3 });
      expect(run.highWaterMark!.getTime()).toBeLessThanOrEqual(new Date(changed!.updatedAt).getTime());
      const { run: next } = await sync.run({ kind: 'INCREMENTAL', trigger: 'API' });
      expect(next).toMatchObject({ status: 'SUCCEEDED', fetched: 1, updated: 1 });
      const customer = await fresh.database.db.customer.findUniqueOrThrow({ where: { robawsClientId: String(changed!.id) } });
      expect(customer.email).toBe('edited.meanwhile@example.be');
    } finally {
      await fresh.close();
    }
  });
});

describe('deletions', () => {
  it('a full sync marks exactly the clients deleted in Robaws as gone; one restored revives', async () => {
    const victims = (harness.sandbox.store.list({ page: 7, size: 3 }).items as unknown as Array<{ id: number }>).map((client) => client.id);
    const goneBefore = await db().customer.findMany({ where: { goneFromRobawsAt: { not: null } }, select: { robawsClientId: true } });
    for (const id of victims) harness.sandbox.store.delete(id);

    const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'API' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', markedGone: 3 });
    const gone = await db().customer.findMany({
      where: { goneFromRobawsAt: { not: null }, robawsClientId: { notIn: goneBefore.map((row) => row.robawsClientId) } },
      select: { robawsClientId: true, isActive: true },
    });
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
    expect(await db().customer.count({ where: { goneFromRobawsAt: { not: null } } })).toBe(goneBefore.length + 2);
  });

  it('a client the pass missed (pages shifted under it) is asked for and kept; only one Robaws answers 404 for is marked gone', async () => {
    const fresh = await syncedHarness();
    try {
      const ids = fresh.sandbox.store.list({ size: 300 }).items.map((client) => client.id);
      const deleted = ids[250]!;
      fresh.sandbox.store.delete(deleted);
      // Deleted while the pass reads page 2: every later client moves up one place, and the first of
      // page 2 lands on page 1, already read. The pass never sees it.
      const deletedDuringPass = ids[10]!;
      const shifted = ids[200]!;
      const robaws = robawsWith(fresh.robaws, {
        listClients: async (params, options) => {
          if (params.page === 2 && fresh.sandbox.store.get(deletedDuringPass)) fresh.sandbox.store.delete(deletedDuringPass);
          return fresh.robaws.listClients(params, options);
        },
      });
      fresh.sandbox.resetStats();

      const { run } = await fresh.secondSyncService({ robaws }).run({ kind: 'FULL', trigger: 'API' });
      expect(run).toMatchObject({ status: 'SUCCEEDED', markedGone: 1 });
      expect(fresh.sandbox.stats().byRoute['GET /api/v2/clients/{id}']).toBe(2);
      const gone = await fresh.database.db.customer.findMany({ where: { goneFromRobawsAt: { not: null } }, select: { robawsClientId: true } });
      expect(gone).toEqual([{ robawsClientId: String(deleted) }]);
      const kept = await fresh.database.db.customer.findUniqueOrThrow({ where: { robawsClientId: String(shifted) } });
      expect(kept).toMatchObject({ goneFromRobawsAt: null, isActive: true });
    } finally {
      await fresh.close();
    }
  });

  it('a client the pass missed is not marked gone when Robaws fails to answer for it: the run fails', async () => {
    const fresh = await syncedHarness();
    try {
      const [, missed] = fresh.sandbox.store.list({ size: 2 }).items;
      const robaws = robawsWith(fresh.robaws, {
        listClients: async (params, options) => {
          // Without `isKnown`: every client is read into `records`, unchanged ones too, so that one can be left out.
          const page = await fresh.robaws.listClients(params, { signal: options?.signal });
          return { ...page, records: page.records.filter((record) => record.client.id !== String(missed!.id)) };
        },
        getClient: (id, options) => {
          // Robaws fails every request from now on: the check for the missed client gets 500s only.
          fresh.sandbox.setKnobs({ errorRate: 1 });
          return fresh.robaws.getClient(id, options);
        },
      });

      const { run } = await fresh.secondSyncService({ robaws }).run({ kind: 'FULL', trigger: 'API' });
      expect(run).toMatchObject({ status: 'FAILED', markedGone: 0 });
      expect(run.error).toMatch(/500/);
      expect(await fresh.database.db.customer.count({ where: { goneFromRobawsAt: { not: null } } })).toBe(0);
    } finally {
      await fresh.close();
    }
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
    const fresh = await createHarness({ sandbox: { clients: 300 } });
    try {
      fresh.sandbox.setKnobs({ malformedPages: [2] });
      const { run } = await fresh.sync.run({ kind: 'FULL', trigger: 'API' });
      expect(run.status).toBe('FAILED');
      expect(run.error).toMatch(/malformed page.*items/);
      expect(run.markedGone).toBe(0);
      expect(await fresh.database.db.customer.count()).toBe(200);
    } finally {
      await fresh.close();
    }
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
    // Robaws holds back the first page until both have started: neither run can finish before the other asks.
    const bothStarted = createGate();
    const robaws = robawsWith(harness.robaws, {
      listClients: async (params, options) => {
        await bothStarted.passed;
        return harness.robaws.listClients(params, options);
      },
    });
    const [one, other] = [harness.secondSyncService({ robaws }), harness.secondSyncService({ robaws })];
    const [first, second] = await Promise.all([one.start({ kind: 'FULL', trigger: 'API' }), other.start({ kind: 'FULL', trigger: 'CRON' })]);
    bothStarted.open();
    expect(first.run.id).toBe(second.run.id);
    expect([first.alreadyRunning, second.alreadyRunning].sort()).toEqual([false, true]);
    const [a, b] = await Promise.all([first.completion, second.completion]);
    expect(a.run.status).toBe('SUCCEEDED');
    expect(b.run.id).toBe(a.run.id);
    expect(await db().syncRun.count({ where: { createdAt: { gte: a.run.createdAt }, kind: 'FULL' } })).toBe(1);
  });

  it('a run can be cancelled: it ends after the pages it has read, reading no more', async () => {
    // Pages 0 to 3 are answered; page 4 and later wait until the run has been asked to stop.
    const cancelled = createGate();
    const robaws = robawsWith(harness.robaws, {
      listClients: async (params, options) => {
        if (params.page >= 4) await cancelled.passed;
        return harness.robaws.listClients(params, options);
      },
    });
    const sync = harness.secondSyncService({ robaws });
    const { run, completion } = await sync.start({ kind: 'FULL', trigger: 'API' });
    await expect.poll(async () => (await db().syncRun.findUniqueOrThrow({ where: { id: run.id } })).pagesDone).toBe(4);
    await sync.cancel(run.id);
    cancelled.open();
    const { run: finished } = await completion;
    expect(finished).toMatchObject({ status: 'CANCELLED', pagesDone: 4, fetched: 400 });
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
    const goneBefore = await db().customer.count({ where: { goneFromRobawsAt: { not: null } } });
    const runsBefore = await db().syncRun.count();

    try {
      const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'CLI', dryRun: true });
      expect(run).toMatchObject({ status: 'SUCCEEDED', dryRun: true, updated: 4, markedGone: 1 });
      expect(await updatedAtById()).toEqual(before);
      expect(await db().customer.count({ where: { goneFromRobawsAt: { not: null } } })).toBe(goneBefore);
      expect(await db().syncRun.count()).toBe(runsBefore + 1);
      const report = run.samples as { changes: Array<{ robawsClientId: string; changes: Array<{ field: string; from: unknown; to: unknown }> }>; gone: string[] };
      expect(report.changes.map((change) => change.robawsClientId).sort()).toEqual(changed.sort());
      expect(report.changes.every((change) => change.changes.length > 0 && change.changes.every((field) => field.from !== field.to))).toBe(true);
      expect(report.gone).toEqual([String(victim!.id)]);
    } finally {
      harness.sandbox.store.restore(victim!.id);
    }
  });
});
