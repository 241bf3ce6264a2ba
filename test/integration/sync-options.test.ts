import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, RobawsUnavailableError } from '../../src/errors.js';
import type { DryRunReport } from '../../src/sync/sync-service.js';
import { createHarness, type Harness } from '../support/harness.js';

/** Each test gets an empty database and a sandbox of its own. */
let harness: Harness;
beforeEach(async () => {
  harness = await createHarness({ sandbox: { clients: 250 } });
});
afterEach(() => harness.close());

describe('sync options', () => {
  it('dry run writes nothing and reports the first 10 clients with their role and custom fields', async () => {
    const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'CLI', dryRun: true, limit: 30 });
    expect(run).toMatchObject({ status: 'SUCCEEDED', dryRun: true, fetched: 30, created: 30, updated: 0 });
    expect(await harness.database.db.customer.count()).toBe(0);
    const report = run.samples as unknown as DryRunReport;
    expect(report.samples).toHaveLength(10);
    for (const sample of report.samples) {
      const raw = harness.sandbox.store.get(Number(sample.robawsClientId)) as { extraFields?: { Role?: { stringValue?: string } } };
      expect(sample.extraFields).toEqual(raw.extraFields ?? null);
      expect(sample.role).toBe(raw.extraFields?.Role?.stringValue?.trim().replace(/\s+/g, ' ').toUpperCase() ?? null);
    }
    expect(report.changes[0]).toMatchObject({ action: 'create' });
    expect(report.changes[0]?.changes.map((change) => change.field)).toContain('name');
  });

  it('--limit stops after N clients, cutting the last page', async () => {
    const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'CLI', limit: 150 });
    expect(run).toMatchObject({ status: 'SUCCEEDED', fetched: 150, created: 150, pagesDone: 2, pagesTotal: 2 });
    expect(await harness.database.db.customer.count()).toBe(150);
    // A partial pass must not leave a high-water mark for incremental runs to trust.
    expect(run.highWaterMark).toBeNull();
  });

  it('dry run after a write reports per-field changes (old -> new)', async () => {
    await harness.sync.run({ kind: 'FULL', trigger: 'CLI', limit: 100 });
    const [first] = harness.sandbox.store.list({ page: 0, size: 1 }).items as Array<{ id: number }>;
    harness.sandbox.store.update(first!.id, { email: 'changed@example.com' });
    const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'CLI', dryRun: true, limit: 100 });
    const report = run.samples as unknown as DryRunReport;
    const change = report.changes.find((entry) => entry.robawsClientId === String(first!.id));
    expect(change?.action).toBe('update');
    expect(change?.changes).toContainEqual(expect.objectContaining({ field: 'email', to: 'changed@example.com' }));
    const stored = await harness.database.db.customer.findUniqueOrThrow({ where: { robawsClientId: String(first!.id) } });
    expect(stored.email).not.toBe('changed@example.com');
  });

  it('syncs a single client by id', async () => {
    const [, second] = harness.sandbox.store.list({ page: 2, size: 100 }).items as unknown as Array<{ id: number; name: string }>;
    const { customer, run } = await harness.sync.syncClient(String(second!.id), 'API');
    expect(run).toMatchObject({ kind: 'SINGLE', status: 'SUCCEEDED', fetched: 1, created: 1 });
    expect(customer.name).toBe(second!.name);
  });

  it('an id Robaws does not know is a NotFoundError, and the run says why', async () => {
    await expect(harness.sync.syncClient('999999999', 'API')).rejects.toBeInstanceOf(NotFoundError);
    const run = await harness.database.db.syncRun.findFirstOrThrow({ where: { robawsClientId: '999999999' } });
    expect(run.status).toBe('FAILED');
    expect(run.error).toMatch(/404|not found/i);
  });

  it('a client deleted in Robaws is marked gone (kept, its local active flag untouched) on a real 404 only', async () => {
    const [third] = harness.sandbox.store.list({ page: 0, size: 3 }).items.slice(2) as Array<{ id: number }>;
    const id = String(third!.id);
    await harness.sync.syncClient(id, 'API');
    // A failure that is not a 404 proves nothing.
    harness.sandbox.setKnobs({ errorRate: 1 });
    await expect(harness.sync.syncClient(id, 'API')).rejects.toBeInstanceOf(RobawsUnavailableError);
    expect((await harness.database.db.customer.findUniqueOrThrow({ where: { robawsClientId: id } })).goneFromRobawsAt).toBeNull();
    harness.sandbox.setKnobs({ errorRate: 0 });

    harness.sandbox.store.delete(third!.id);
    await expect(harness.sync.syncClient(id, 'API')).rejects.toBeInstanceOf(NotFoundError);
    const gone = await harness.database.db.customer.findUniqueOrThrow({ where: { robawsClientId: id } });
    expect(gone.goneFromRobawsAt).not.toBeNull();
    expect(gone.isActive).toBe(true);

    harness.sandbox.store.restore(third!.id);
    const { customer } = await harness.sync.syncClient(id, 'API');
    expect(customer.goneFromRobawsAt).toBeNull();
  });
});
