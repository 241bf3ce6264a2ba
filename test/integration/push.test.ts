import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/generated/prisma/client.js';
import { createHarness, type Harness } from '../support/harness.js';
import { robawsWith } from '../support/robaws.js';

/** The push side: local edits reach Robaws without clobbering what changed there. */

let harness: Harness;
let clientIds: number[];
beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 60 } });
  await harness.sync.run({ kind: 'FULL', trigger: 'API' });
  clientIds = (harness.sandbox.store.list({ page: 0, size: 60 }).items as unknown as Array<{ id: number }>).map((client) => client.id);
});
afterAll(() => harness.close());

let next = 0;
/** Each test takes clients of its own. */
async function takeCustomer(): Promise<Customer> {
  const id = clientIds[next++]!;
  return harness.database.db.customer.findUniqueOrThrow({ where: { robawsClientId: String(id) } });
}

const robawsRecord = (customer: Customer) => harness.sandbox.store.get(Number(customer.robawsClientId)) as Record<string, any>;

describe('pushCustomer', () => {
  it('sends the edited fields; Robaws holds the new values and lastPushedToRobawsAt is set', async () => {
    const customer = await takeCustomer();
    const edited = await harness.customers.edit(customer.id, { email: 'new.address@example.be', city: 'Gent', phone: '+3293001122' });
    expect(edited.pendingChanges).toMatchObject({ email: { base: customer.email }, city: { base: customer.city }, phone: { base: customer.phone } });
    expect(edited.lastPushedToRobawsAt).toBeNull();

    const result = await harness.sync.pushCustomer(customer.id);
    expect(result.outcome).toBe('PUSHED');
    expect(result.pushedFields.sort()).toEqual(['city', 'email', 'phone']);
    const remote = robawsRecord(customer);
    expect(remote.email).toBe('new.address@example.be');
    expect(remote.tel).toBe('+3293001122');
    expect(remote.address.city).toBe('Gent');
    expect(remote.name).toBe(customer.raw && (customer.raw as { name: string }).name);
    expect(result.customer.lastPushedToRobawsAt).not.toBeNull();
    expect(result.customer.pendingChanges).toEqual({});
    expect(result.customer.raw).toMatchObject({ email: 'new.address@example.be' });
  });

  it('an edit of the same field in Robaws meanwhile is a conflict: nothing is overwritten, both values are kept', async () => {
    const customer = await takeCustomer();
    await harness.customers.edit(customer.id, { email: 'ours@example.be' });
    harness.sandbox.store.update(Number(customer.robawsClientId), { email: 'theirs@example.be' });

    const result = await harness.sync.pushCustomer(customer.id);
    expect(result.outcome).toBe('CONFLICT');
    expect(result.conflictFields).toEqual(['email']);
    expect(robawsRecord(customer).email).toBe('theirs@example.be');
    expect(result.customer.email).toBe('ours@example.be');
    expect(result.customer.conflicts).toMatchObject({ email: { local: 'ours@example.be', remote: 'theirs@example.be' } });
    expect(result.customer.lastPushedToRobawsAt).toBeNull();
  });

  it('resolving with LOCAL pushes our value over Robaws', async () => {
    const customer = await takeCustomer();
    await harness.customers.edit(customer.id, { name: 'Ours NV' });
    harness.sandbox.store.update(Number(customer.robawsClientId), { name: 'Theirs BV' });
    expect((await harness.sync.pushCustomer(customer.id)).outcome).toBe('CONFLICT');

    const resolved = await harness.customers.resolveConflict(customer.id, ['name'], 'LOCAL');
    expect(resolved.conflicts).toEqual({});
    expect(resolved.pendingChanges).toMatchObject({ name: { base: 'Theirs BV' } });
    const pushed = await harness.sync.pushCustomer(customer.id);
    expect(pushed.outcome).toBe('PUSHED');
    expect(robawsRecord(customer).name).toBe('Ours NV');
  });

  it('resolving with REMOTE takes Robaws value and drops the local edit', async () => {
    const customer = await takeCustomer();
    await harness.customers.edit(customer.id, { website: 'https://ours.example' });
    harness.sandbox.store.update(Number(customer.robawsClientId), { website: 'https://theirs.example' });
    expect((await harness.sync.pushCustomer(customer.id)).outcome).toBe('CONFLICT');

    const resolved = await harness.customers.resolveConflict(customer.id, ['website'], 'REMOTE');
    expect(resolved.website).toBe('https://theirs.example');
    expect(resolved.pendingChanges).toEqual({});
    expect(resolved.conflicts).toEqual({});
    expect((await harness.sync.pushCustomer(customer.id)).outcome).toBe('NOTHING_TO_PUSH');
    expect(robawsRecord(customer).website).toBe('https://theirs.example');
  });

  it('edits to different fields on each side merge', async () => {
    const customer = await takeCustomer();
    await harness.customers.edit(customer.id, { postalCode: '9000' });
    harness.sandbox.store.update(Number(customer.robawsClientId), { email: 'changed.in.robaws@example.be' });

    const result = await harness.sync.pushCustomer(customer.id);
    expect(result.outcome).toBe('PUSHED');
    expect(robawsRecord(customer).address.postalCode).toBe('9000');
    expect(robawsRecord(customer).email).toBe('changed.in.robaws@example.be');
    expect(result.customer).toMatchObject({ postalCode: '9000', email: 'changed.in.robaws@example.be', pendingChanges: {} });
  });

  it('a change in Robaws between our read and our write is caught by the patch guard, and becomes a conflict', async () => {
    const customer = await takeCustomer();
    await harness.customers.edit(customer.id, { email: 'ours.too@example.be' });
    let interfered = false;
    // Robaws changes the field right after we read it: the patch's `test` must refuse our write.
    const racing = robawsWith(harness.robaws, {
      jsonPatchClient: async (id, operations) => {
        if (!interfered) {
          interfered = true;
          harness.sandbox.store.update(Number(id), { email: 'raced@example.be' });
        }
        return harness.robaws.jsonPatchClient(id, operations);
      },
    });
    const result = await harness.secondSyncService({ robaws: racing }).pushCustomer(customer.id);
    expect(interfered).toBe(true);
    expect(result.outcome).toBe('CONFLICT');
    expect(robawsRecord(customer).email).toBe('raced@example.be');
    expect(result.customer.conflicts).toMatchObject({ email: { local: 'ours.too@example.be', remote: 'raced@example.be' } });
  });

  it('a rejection by Robaws is stored with its message, counted as failed, and the edit kept for a retry', async () => {
    const customer = await takeCustomer();
    // A value our own checks would refuse, stored as an edit as it stands (Robaws may refuse what we accept).
    await harness.database.db.customer.update({
      where: { id: customer.id },
      data: { language: 'dutch', pendingChanges: { language: { base: customer.language, editedAt: new Date().toISOString() } } },
    });
    const result = await harness.sync.pushCustomer(customer.id);
    expect(result.outcome).toBe('REJECTED');
    expect(result.message).toMatch(/language/);
    expect(result.customer.pushError).toMatch(/language/);
    expect(result.customer.pendingChanges).toHaveProperty('language');
    expect(robawsRecord(customer).language).not.toBe('dutch');
  });
});

describe('pulls never overwrite unpushed edits', () => {
  it('a full sync merges: Robaws changes to other fields are taken, the edited field stays ours', async () => {
    const customer = await takeCustomer();
    await harness.customers.edit(customer.id, { city: 'Leuven' });
    harness.sandbox.store.update(Number(customer.robawsClientId), { email: 'pulled@example.be' });
    await harness.sync.run({ kind: 'FULL', trigger: 'API' });
    const merged = await harness.database.db.customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(merged).toMatchObject({ city: 'Leuven', email: 'pulled@example.be', conflicts: {} });
    expect(merged.pendingChanges).toHaveProperty('city');
  });

  it('a full sync that sees the edited field changed in Robaws records a conflict and keeps ours', async () => {
    const customer = await takeCustomer();
    await harness.customers.edit(customer.id, { city: 'Brugge' });
    harness.sandbox.store.update(Number(customer.robawsClientId), { address: { city: 'Oostende' } });
    const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'API' });
    expect(run.conflicts).toBe(1);
    const merged = await harness.database.db.customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(merged.city).toBe('Brugge');
    expect(merged.conflicts).toMatchObject({ city: { local: 'Brugge', remote: 'Oostende' } });
  });
});

describe('push all pending', () => {
  it('a dry run reports per customer what would be sent and writes nothing', async () => {
    const customer = await takeCustomer();
    await harness.customers.edit(customer.id, { city: 'Mechelen' });
    const { run } = await harness.sync.run({ kind: 'PUSH', trigger: 'CLI', dryRun: true });
    expect(run.status).toBe('SUCCEEDED');
    const report = run.samples as { changes: Array<{ robawsClientId: string; changes: Array<{ field: string; from: unknown; to: unknown }> }> };
    expect(report.changes).toContainEqual({
      robawsClientId: customer.robawsClientId,
      name: customer.name,
      action: 'update',
      changes: [{ field: 'city', from: customer.city, to: 'Mechelen' }],
    });
    expect(robawsRecord(customer).address?.city ?? null).toBe(customer.city);
    const after = await harness.database.db.customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(after.pendingChanges).toHaveProperty('city');
    expect(after.lastPushedToRobawsAt).toBeNull();
  });

  it('pushes every customer with unpushed edits as one PUSH run, counting the pushed, the conflicts and the refused', async () => {
    const fresh = await createHarness({ sandbox: { clients: 10 } });
    try {
      await fresh.sync.run({ kind: 'FULL', trigger: 'API' });
      const { db } = fresh.database;
      const [clean, alsoClean, conflicting, refused] = await db.customer.findMany({ orderBy: { id: 'asc' }, take: 4 });
      const otherLanguage = (customer: Customer) => (customer.language === 'fr' ? 'de' : 'fr');
      for (const customer of [clean!, alsoClean!]) await fresh.customers.edit(customer.id, { language: otherLanguage(customer) });
      await fresh.customers.edit(conflicting!.id, { email: 'ours@example.be' });
      fresh.sandbox.store.update(Number(conflicting!.robawsClientId), { email: 'theirs@example.be' });
      // A value our own checks would refuse, stored as an edit as it stands (Robaws may refuse what we accept).
      await db.customer.update({
        where: { id: refused!.id },
        data: { language: 'dutch', pendingChanges: { language: { base: refused!.language, editedAt: new Date().toISOString() } } },
      });

      const { run } = await fresh.sync.run({ kind: 'PUSH', trigger: 'CLI' });
      expect(run).toMatchObject({ status: 'SUCCEEDED', pushed: 2, conflicts: 1, failed: 1, pagesDone: 4 });
      expect(run.failures).toEqual([{ robawsClientId: refused!.robawsClientId, reason: expect.stringMatching(/language/) }]);
      for (const customer of [clean!, alsoClean!]) {
        expect(fresh.sandbox.store.get(Number(customer.robawsClientId))!.language).toBe(otherLanguage(customer));
      }
      const stillPending = await db.customer.findMany({ where: { NOT: { pendingChanges: { equals: {} } } }, select: { id: true }, orderBy: { id: 'asc' } });
      expect(stillPending).toEqual([{ id: conflicting!.id }, { id: refused!.id }]);
    } finally {
      await fresh.close();
    }
  });
});
