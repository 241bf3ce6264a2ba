import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncRun } from '../../src/generated/prisma/client.js';
import { SYNCED_FIELDS, toCustomerRecord, type CustomerRecord } from '../../src/customers/customer-record.js';
import { storedContentHashes } from '../../src/customers/customer-writer.js';
import { createHarness, TEST_NORMALIZATION, type Harness } from '../support/harness.js';

/** The first import runs once for the file; each test then starts from a database in step with the sandbox. */
let harness: Harness;
let firstImport: SyncRun;
beforeAll(async () => {
  harness = await createHarness();
  ({ run: firstImport } = await harness.sync.run({ kind: 'FULL', trigger: 'API' }));
});
afterAll(() => harness.close());

describe('full sync against the sandbox', () => {
  it('imports all 4,017 clients with their roles and normalized contact data', async () => {
    expect(firstImport).toMatchObject({ status: 'SUCCEEDED', fetched: 4017, created: 4017, updated: 0, unchanged: 0, failed: 0, pagesDone: 41, pagesTotal: 41 });
    const { db } = harness.database;
    expect(await db.customer.count()).toBe(4017);

    const aeon = await db.customer.findFirstOrThrow({ where: { name: 'Aeon Shipping LLC' } });
    expect(aeon.role).toBe('FORWARDER');

    const cars = await db.customer.findFirstOrThrow({ where: { name: '222 CARS' } });
    expect(cars).toMatchObject({
      role: 'LUXURY CAR DEALER',
      phone: '+971559659999',
      email: 'info@222motors.ae',
      website: 'https://www.222motors.ae',
    });
    expect(cars.raw).toMatchObject({ name: '222 CARS', extraFields: { Role: { type: 'SELECT', group: null, stringValue: 'LUXURY CAR DEALER' } } });
  });

  it('stores every client column by column as the format step gives it', async () => {
    const records: CustomerRecord[] = [];
    for (let page = 0; page < 41; page++) {
      for (const record of (await harness.robaws.listClients({ page, size: 100 })).records) records.push(toCustomerRecord(record, TEST_NORMALIZATION));
    }
    type Columns = Pick<CustomerRecord, (typeof SYNCED_FIELDS)[number] | 'robawsClientId' | 'searchText' | 'contentHash' | 'robawsUpdatedAt'> & { raw: unknown; dataIssues: unknown };
    const columnsOf = (record: Columns) => ({
      ...Object.fromEntries(SYNCED_FIELDS.map((field) => [field, record[field]])),
      robawsClientId: record.robawsClientId,
      searchText: record.searchText,
      dataIssues: record.dataIssues,
      contentHash: record.contentHash,
      robawsUpdatedAt: record.robawsUpdatedAt,
      raw: record.raw,
    });
    const stored = await harness.database.db.customer.findMany({ orderBy: { robawsClientId: 'asc' } });
    const expected = records.map((record) => columnsOf({ ...record, dataIssues: record.issues })).sort((a, b) => (a.robawsClientId < b.robawsClientId ? -1 : 1));
    expect(stored.map(columnsOf)).toEqual(expected);
    // Each kind of value appears, so that a column written into its neighbour's place shows.
    expect(stored.filter((customer) => customer.street && customer.streetNumber && (customer.dataIssues as unknown[]).length > 0).length).toBeGreaterThan(0);
  });

  it('reads the stored hashes of the customers still in Robaws through its cursor, batch after batch', async () => {
    const { db } = harness.database;
    const gone = await db.customer.findFirstOrThrow({ orderBy: { id: 'asc' } });
    await db.customer.update({ where: { id: gone.id }, data: { goneFromRobawsAt: new Date() } });
    try {
      const stored = await db.customer.findMany({ where: { goneFromRobawsAt: null }, select: { contentHash: true, robawsClientId: true } });
      const expected = new Map(stored.map((row) => [row.contentHash, row.robawsClientId]));
      for (const batchSize of [1_000, 4_016, 10_000]) expect(await storedContentHashes(db, batchSize)).toEqual(expected);
      expect(expected.size).toBe(4016);
    } finally {
      await db.customer.update({ where: { id: gone.id }, data: { goneFromRobawsAt: null } });
    }
  });

  it('writes nothing on a second full sync and reports every client unchanged', async () => {
    const { db } = harness.database;
    const before = await db.customer.aggregate({ _max: { updatedAt: true, lastSyncedAt: true } });
    harness.sandbox.resetStats();
    const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'API' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', fetched: 4017, created: 0, updated: 0, unchanged: 4017, markedGone: 0 });
    // Each client, known by its hash and not parsed, still counts as seen: none is asked for one by one.
    expect(harness.sandbox.stats().byRoute).toEqual({ 'GET /api/v2/clients': 41 });
    const after = await db.customer.aggregate({ _max: { updatedAt: true, lastSyncedAt: true } });
    expect(after).toEqual(before);
  });

  it('rewrites only the clients that changed in Robaws', async () => {
    const changedIds = harness.sandbox.store.changeRandom(7, 42);
    const { run } = await harness.sync.run({ kind: 'FULL', trigger: 'API' });
    expect(run).toMatchObject({ status: 'SUCCEEDED', created: 0, updated: 7, unchanged: 4010 });
    const { db } = harness.database;
    const newest = await db.customer.findMany({ orderBy: { updatedAt: 'desc' }, take: 7, select: { robawsClientId: true } });
    expect(newest.map((row) => row.robawsClientId).sort()).toEqual(changedIds.map(String).sort());
  });
});
