import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_BY_ID_LIMIT, SEARCH_MATCHES_SQL } from '../../src/customers/customer-queries.js';
import { sqlPool } from '../../src/db/client.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** A search's first statement over more customers than are selected by id, and what Postgres knows to plan it. */

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  // 10,000 customers, every fifth a transport company: more matches than are selected by id.
  await sqlPool(database.db).query(`
    INSERT INTO customers (robaws_client_id, name, raw, content_hash, search_text)
    SELECT g::text, 'customer ' || g, '{}', 'hash-' || g,
      'customer ' || g || ' ' || (ARRAY['transport', 'logistics', 'motors', 'shipping', 'trading'])[1 + g % 5] || ' info@mail' || (g % 50) || '.be'
    FROM generate_series(1, 10000) g`);
  await sqlPool(database.db).query('ANALYZE customers, customer_search');
});
afterAll(() => database.drop());

describe('search matches', () => {
  it('counts every match, and lists them only when few', async () => {
    const matchesOf = async (term: string) => (await sqlPool(database.db).query<{ matches: number; ids: number[] | null }>(SEARCH_MATCHES_SQL, [term])).rows[0]!;
    expect(await matchesOf('transport')).toEqual({ matches: 2_000, ids: null });
    const few = await matchesOf('info@mail7.be');
    expect(few.matches).toBe(SEARCH_BY_ID_LIMIT);
    expect(new Set(few.ids)).toEqual(new Set(Array.from({ length: SEARCH_BY_ID_LIMIT }, (_, index) => 7 + 50 * index)));
  });

  it('are estimated from a histogram of 1,000 search texts, not 100', async () => {
    // With 100, a word in 5 % of customers was taken for 0.2 % and its first page sorted every match.
    const { rows } = await sqlPool(database.db).query<{ target: number }>(
      `SELECT attstattarget AS target FROM pg_attribute WHERE attrelid = 'customer_search'::regclass AND attname = 'search_text'`,
    );
    expect(rows).toEqual([{ target: 1000 }]);
  });
});
