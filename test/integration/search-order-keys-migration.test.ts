import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MIGRATIONS_DIR, migrateDatabase, migrationNames } from '../../src/db/migrate.js';
import { sqlPool } from '../../src/db/client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The migration that puts the list's order keys beside the search text, run on a database holding
 * customers: the search table gets every customer's keys, and a customer never stamped by a sync gets
 * its creation time as lastSyncedAt (which may no longer be missing).
 */

const MIGRATION = '20261130130000_search_order_keys';

let database: TestDatabase;
let before: string;
beforeAll(async () => {
  database = await createTestDatabase({ migrated: false });
  before = await mkdtemp(path.join(tmpdir(), 'migrations-before-'));
  for (const name of (await migrationNames()).filter((name) => name < MIGRATION)) {
    await cp(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
  }
  await cp(path.join(MIGRATIONS_DIR, 'migration_lock.toml'), path.join(before, 'migration_lock.toml'));
  await migrateDatabase(database.url, { dir: before });
  await sqlPool(database.db).query(
    `INSERT INTO customers (robaws_client_id, name, raw, content_hash, search_text, last_synced_at, created_at)
     SELECT g::text, 'customer ' || g, '{}', 'hash-' || g, 'customer ' || g,
       CASE WHEN g % 3 = 0 THEN NULL ELSE timestamptz '2026-06-01' + g * interval '1 minute' END,
       timestamptz '2026-01-01' + g * interval '1 hour'
     FROM generate_series(1, 300) g`,
  );
  expect(await migrateDatabase(database.url)).toContain(MIGRATION);
});
afterAll(async () => {
  await database.drop();
  await rm(before, { recursive: true, force: true });
});

it('stamps the customers never synced with their creation time', async () => {
  const { rows } = await sqlPool(database.db).query<{ robaws_client_id: string; last_synced_at: Date; created_at: Date }>(
    'SELECT robaws_client_id, last_synced_at, created_at FROM customers ORDER BY id',
  );
  expect(rows).toHaveLength(300);
  for (const row of rows) {
    if (Number(row.robaws_client_id) % 3 === 0) expect(row.last_synced_at).toEqual(row.created_at);
    else expect(row.last_synced_at.getTime()).toBe(Date.parse('2026-06-01T00:00:00Z') + Number(row.robaws_client_id) * 60_000);
  }
});

it("gives the search table every customer's order keys", async () => {
  const { rows } = await sqlPool(database.db).query<{ differ: number }>(`
    SELECT count(*)::int AS differ FROM (
      SELECT id, name, last_synced_at, created_at, search_text FROM customers
      EXCEPT SELECT customer_id, name, last_synced_at, created_at, search_text FROM customer_search) d`);
  expect(rows).toEqual([{ differ: 0 }]);
});
