import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlPool } from '../../src/db/client.js';
import { RunStore, UNSEEN_SQL } from '../../src/sync/run-recorder.js';
import { createTestDatabase, planNodesOf, type TestDatabase } from '../support/database.js';

/**
 * The customers a full pass did not see, as a first sync leaves the tables: filled, never analyzed.
 * Planned as an anti-join on those estimates, the statement compared every customer with every seen
 * id, and took a tenth of a 4,017-client sync at the live pace.
 */

const CUSTOMERS = 4_000;
const RUN_ID = '00000000-0000-4000-8000-000000000001';
const UNSEEN = ['17', '2024', '3999'];

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  const pool = sqlPool(database.db);
  await pool.query(
    `INSERT INTO customers (robaws_client_id, name, raw, content_hash, search_text)
     SELECT g::text, 'customer ' || g, '{}', 'hash-' || g, 'customer ' || g FROM generate_series(1, $1::int) g`,
    [CUSTOMERS],
  );
  await pool.query(
    `INSERT INTO sync_run_seen (run_id, robaws_client_id)
     SELECT $1::uuid, g::text FROM generate_series(1, $2::int) g WHERE NOT g::text = ANY($3::text[])`,
    [RUN_ID, CUSTOMERS, UNSEEN],
  );
});
afterAll(() => database.drop());

describe('customers a pass did not see', () => {
  it('are those of the customer list missing from the seen list', async () => {
    expect((await new RunStore(database.db).unseenClientIds(RUN_ID)).sort()).toEqual([...UNSEEN].sort());
  });

  it('are found without comparing every customer with every seen id, before any statistics exist', async () => {
    const { rows: analyzed } = await sqlPool(database.db).query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pg_stat_user_tables
       WHERE relname IN ('customers', 'sync_run_seen') AND (last_analyze IS NOT NULL OR last_autoanalyze IS NOT NULL)`,
    );
    expect(analyzed).toEqual([{ count: 0 }]);
    const nodeTypes = (await planNodesOf(database.db, UNSEEN_SQL, [RUN_ID])).map((node) => node['Node Type']);
    expect(nodeTypes).not.toContain('Nested Loop');
  });
});
