import { afterAll, beforeAll, expect, it } from 'vitest';
import { deleteCustomers } from '../../src/customers/customer-writer.js';
import { sqlPool } from '../../src/db/client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * The search table follows the customers table by triggers alone (no foreign key): rows inserted by one
 * statement, rows updated, customers deleted, the table truncated.
 */

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

const query = <Row extends object>(sql: string, parameters: unknown[] = []) => sqlPool(database.db).query<Row>(sql, parameters);

/** Customers whose search row is missing or differs, and search rows whose customer is gone. */
async function mismatches(): Promise<{ missing: number; orphans: number }> {
  const { rows } = await query<{ missing: number; orphans: number }>(`
    SELECT
      (SELECT count(*)::int FROM (SELECT id, search_text, name, last_synced_at, created_at FROM customers
        EXCEPT SELECT customer_id, search_text, name, last_synced_at, created_at FROM customer_search) d) AS missing,
      (SELECT count(*)::int FROM customer_search s WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = s.customer_id)) AS orphans`);
  return rows[0]!;
}

const insertCustomers = (from: number, to: number, word: string) =>
  query(
    `INSERT INTO customers (robaws_client_id, name, raw, content_hash, search_text)
     SELECT g::text, 'customer ' || g, '{}', 'hash-' || g, 'customer ' || g || ' ${word}' FROM generate_series($1::int, $2::int) g
     ON CONFLICT (robaws_client_id) DO UPDATE SET search_text = excluded.search_text, name = excluded.name, last_synced_at = now()`,
    [from, to],
  );

it('gives every customer a statement inserts its search row, and follows the rows it updates', async () => {
  await insertCustomers(1, 300, 'transport');
  expect(await query('SELECT 1 FROM customer_search')).toMatchObject({ rowCount: 300 });
  // One statement inserting 100 customers and updating 200.
  await insertCustomers(101, 400, 'logistics');
  expect(await mismatches()).toEqual({ missing: 0, orphans: 0 });
  const { rows } = await query<{ word: string; customers: number }>(
    `SELECT split_part(search_text, ' ', 3) AS word, count(*)::int AS customers FROM customer_search GROUP BY 1 ORDER BY 1`,
  );
  expect(rows).toEqual([
    { word: 'logistics', customers: 300 },
    { word: 'transport', customers: 100 },
  ]);
});

it("takes a deleted customer's search row with it", async () => {
  const { rows } = await query<{ id: number }>('SELECT id FROM customers ORDER BY id LIMIT 5');
  expect(await deleteCustomers(database.db, rows.map(({ id }) => id), false)).toBeNull();
  await query('DELETE FROM customers WHERE robaws_client_id IN ($1, $2)', ['200', '300']);
  expect(await mismatches()).toEqual({ missing: 0, orphans: 0 });
  expect(await query('SELECT 1 FROM customer_search')).toMatchObject({ rowCount: 393 });
});

it('is emptied with the customers table', async () => {
  await query('TRUNCATE customers CASCADE');
  expect(await query('SELECT 1 FROM customer_search')).toMatchObject({ rowCount: 0 });
  await insertCustomers(1, 10, 'motors');
  expect(await mismatches()).toEqual({ missing: 0, orphans: 0 });
});
