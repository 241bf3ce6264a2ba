import { afterEach, describe, expect, it } from 'vitest';
import { RunStore } from '../../src/sync/run-recorder.js';
import { runOutcome } from '../../src/sync/run-watcher.js';
import { createHarness, type Harness } from '../support/harness.js';
import { createGate, robawsWith } from '../support/robaws.js';
import { recordingLogger } from '../support/run-log.js';

/** What the engine does when clocks disagree, stamps are wrong, local decisions meet syncs, or a run's process is gone. */

const MINUTE = 60_000;
let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe("Robaws' clock is not ours", () => {
  it.each([
    ['10 minutes behind', -10 * MINUTE],
    ['10 minutes ahead', 10 * MINUTE],
  ])('with Robaws %s, incremental runs pick up every change', async (_label, clockOffsetMs) => {
    harness = await createHarness({ sandbox: { clients: 200, clockOffsetMs } });
    const { sandbox, sync, database } = harness;
    expect((await sync.run({ kind: 'FULL', trigger: 'API' })).run.status).toBe('SUCCEEDED');
    for (const round of [1, 2, 3]) {
      const changed = sandbox.store.changeRandom(5, round);
      const { run } = await sync.run({ kind: 'INCREMENTAL', trigger: 'API' });
      expect(run.status).toBe('SUCCEEDED');
      for (const id of changed) {
        const stored = await database.db.customer.findUniqueOrThrow({ where: { robawsClientId: String(id) } });
        expect(stored.robawsUpdatedAt?.toISOString()).toBe(new Date(String(sandbox.store.get(id)!.updatedAt)).toISOString());
      }
    }
  });
});

describe('a stored version stamped in the future', () => {
  it("does not freeze the customer: a full pass takes Robaws' record and logs why; an incremental pass does not", async () => {
    const { logger, lines } = recordingLogger('warn');
    harness = await createHarness({ sandbox: { clients: 20 } });
    const sync = harness.secondSyncService({ logger });
    await sync.run({ kind: 'FULL', trigger: 'API' });
    const [target] = harness.sandbox.store.list({ page: 0, size: 1 }).items;
    const id = String(target!.id);
    // A bad clock or a bad event left a stamp a year ahead, with content Robaws no longer has.
    await harness.database.db.customer.update({
      where: { robawsClientId: id },
      data: { robawsUpdatedAt: new Date(Date.now() + 365 * 24 * 60 * MINUTE), name: 'Frozen Name', contentHash: 'stale' },
    });

    await sync.run({ kind: 'INCREMENTAL', trigger: 'API' });
    expect((await harness.database.db.customer.findUniqueOrThrow({ where: { robawsClientId: id } })).name).toBe('Frozen Name');

    const { run } = await sync.run({ kind: 'FULL', trigger: 'API' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', updated: 1 });
    const repaired = await harness.database.db.customer.findUniqueOrThrow({ where: { robawsClientId: id } });
    expect(repaired.name).toBe(target!.name);
    expect(repaired.robawsUpdatedAt?.toISOString()).toBe(new Date(String(target!.updatedAt)).toISOString());
    expect(lines).toContainEqual(expect.objectContaining({ msg: "stored version was stamped later than Robaws' clock: Robaws' record taken", robawsClientId: id }));
  });
});

describe('the active flag is a local decision', () => {
  it('a customer deactivated here stays inactive when Robaws changes it and a sync brings the change', async () => {
    harness = await createHarness({ sandbox: { clients: 10 } });
    await harness.sync.run({ kind: 'FULL', trigger: 'API' });
    const customer = await harness.database.db.customer.findFirstOrThrow({ orderBy: { id: 'asc' } });
    await harness.customers.setActive([customer.id], false);
    harness.sandbox.store.update(Number(customer.robawsClientId), { name: 'Renamed In Robaws', isActive: true });
    await harness.sync.run({ kind: 'FULL', trigger: 'API' });
    const after = await harness.database.db.customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(after).toMatchObject({ name: 'Renamed In Robaws', isActive: false, robawsActive: true });
  });

  it("Robaws' own flag is kept apart and followed", async () => {
    harness = await createHarness({ sandbox: { clients: 10 } });
    await harness.sync.run({ kind: 'FULL', trigger: 'API' });
    const customer = await harness.database.db.customer.findFirstOrThrow({ orderBy: { id: 'asc' } });
    harness.sandbox.store.update(Number(customer.robawsClientId), { isActive: false });
    await harness.sync.run({ kind: 'INCREMENTAL', trigger: 'API' });
    expect(await harness.database.db.customer.findUniqueOrThrow({ where: { id: customer.id } })).toMatchObject({ isActive: true, robawsActive: false });
  });
});

describe('watching a run', () => {
  it('ends when the process running it has stopped beating, instead of waiting forever', async () => {
    harness = await createHarness({ sandbox: { clients: 2 } });
    const store = new RunStore(harness.database.db);
    const orphan = await store.create({ kind: 'SINGLE', trigger: 'WEBHOOK', status: 'RUNNING', robawsClientId: '1', heartbeatAt: new Date(Date.now() - 10 * MINUTE) });
    const outcome = await runOutcome(store, orphan.id, { pollIntervalMs: 10 });
    expect(outcome).toMatchObject({ abandoned: true, run: { id: orphan.id, status: 'RUNNING' } });
  });

  it('a run waiting on Robaws keeps beating, so that watching it does not take it for abandoned', async () => {
    harness = await createHarness({ sandbox: { clients: 300 }, sync: { pageConcurrency: 1 } });
    const gate = createGate();
    const robaws = robawsWith(harness.robaws, {
      listClients: async (params, options) => {
        if (params.page === 1) await gate.passed;
        return harness!.robaws.listClients(params, options);
      },
    });
    const sync = harness.secondSyncService({ robaws, heartbeatIntervalMs: 20 });
    const store = new RunStore(harness.database.db);
    const started = await sync.start({ kind: 'FULL', trigger: 'API' });
    // Held on page 1 with nothing to record: only the heartbeat moves.
    await expect.poll(async () => (await store.get(started.run.id))?.pagesDone).toBe(1);
    const watched: boolean[] = [];
    const following = (async () => {
      for await (const snapshot of sync.watch(started.run.id, { pollIntervalMs: 10, staleAfterMs: 500 })) watched.push(snapshot.abandoned);
    })();
    // Beats seen over more than the stale age: a run that did not beat would have been taken for abandoned by now.
    const beats: number[] = [];
    await expect
      .poll(async () => {
        beats.push((await store.get(started.run.id))!.heartbeatAt!.getTime());
        return Math.max(...beats) - Math.min(...beats);
      }, { interval: 25, timeout: 10_000 })
      .toBeGreaterThan(600);
    gate.open();
    await following;
    expect(watched.every((abandoned) => !abandoned)).toBe(true);
    expect((await store.get(started.run.id))?.status).toBe('SUCCEEDED');
  });
});
