import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerPage, searchMatches, type CustomerOrder, type SearchMatcher, type SearchMatches } from '../../src/customers/customer-queries.js';
import { walkedPageStatement } from '../../src/customers/search-page.js';
import { sqlPool } from '../../src/db/client.js';
import { createTestDatabase, planNodesOf, type TestDatabase } from '../support/database.js';

/**
 * A search's page, found by walking the customers in the list's order through its index when the matches
 * are many, else among the matches (listed by the count when few, found through the trigram index
 * otherwise) by the order's keys that the search table keeps beside the search text: the keys follow every
 * change of the customers, and the pages are the list's, cursor by cursor, in every order whose keys the
 * table keeps (with ties).
 */

const CUSTOMERS = 30_000;
/**
 * In 100 customers (listed by their count, then sorted), in 250 (0.8 %: found through the trigram index,
 * then sorted) and in 750 (2.5 %: found by walking the order).
 */
const TERMS = { osprey: 100, kestrel: 250, harbour: 750 };

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await sqlPool(database.db).query(
    `INSERT INTO customers (robaws_client_id, name, raw, content_hash, search_text, last_synced_at, created_at)
     SELECT g::text,
       (ARRAY['Alpha', 'beta', 'Émile', 'zeta', 'Zulu'])[1 + g % 5] || ' ' || (g % 37),
       '{}', 'hash-' || g,
       'customer ' || g || CASE WHEN g % 300 = 0 THEN ' osprey' ELSE '' END || CASE WHEN g % 120 = 0 THEN ' kestrel' ELSE '' END
         || CASE WHEN g % 40 = 1 THEN ' harbour' ELSE '' END,
       timestamptz '2026-01-01' + (g % 97) * interval '1 minute',
       timestamptz '2026-01-01' + (g % 13) * interval '1 hour'
     FROM generate_series(1, $1::int) g`,
    [CUSTOMERS],
  );
  await sqlPool(database.db).query('ANALYZE customers, customer_search');
});
afterAll(() => database.drop());

const KEYS_DIFFER = `
  SELECT count(*)::int AS differ FROM (
    (SELECT id, name, last_synced_at, created_at, search_text FROM customers
     EXCEPT SELECT customer_id, name, last_synced_at, created_at, search_text FROM customer_search)
    UNION ALL
    (SELECT customer_id, name, last_synced_at, created_at, search_text FROM customer_search
     EXCEPT SELECT id, name, last_synced_at, created_at, search_text FROM customers)) d`;

const keysDiffer = async () => (await sqlPool(database.db).query<{ differ: number }>(KEYS_DIFFER)).rows[0]!.differ;

/** The searches' matches as a request's loader keeps them: what the page asked for is what totalCount reads. */
function recordingMatcher(): SearchMatcher & { asked: Map<string, Promise<SearchMatches>> } {
  const asked = new Map<string, Promise<SearchMatches>>();
  return { asked, load: (term) => asked.get(term) ?? asked.set(term, searchMatches(database.db, term)).get(term)! };
}

const COLUMNS: Record<Exclude<CustomerOrder['field'], 'INTAKES_COUNT'>, string> = { NAME: 'name', LAST_SYNCED_AT: 'last_synced_at', CREATED_AT: 'created_at' };
const ORDERS = Object.keys(COLUMNS).flatMap((field) => (['ASC', 'DESC'] as const).map((direction) => ({ field, direction }) as CustomerOrder));

/** The ids in the list's order as Postgres sorts the customers themselves. */
async function expectedIds(term: string, order: CustomerOrder): Promise<number[]> {
  const column = COLUMNS[order.field as keyof typeof COLUMNS];
  const { rows } = await sqlPool(database.db).query<{ id: number }>(
    `SELECT id FROM customers WHERE search_text LIKE '%' || $1 || '%' ORDER BY ${column} ${order.direction}, id ${order.direction}`,
    [term],
  );
  return rows.map((row) => row.id);
}

/** Every page as Pothos asks for it (one row more than the page, then from the last row's cursor). */
async function pagedIds(term: string, order: CustomerOrder, pageSize: number, matches: SearchMatcher): Promise<number[]> {
  const ids: number[] = [];
  for (let cursor: number | undefined; ; ) {
    const query = { select: { id: true }, take: pageSize + 1, ...(cursor === undefined ? { skip: 0 } : { skip: 1, cursor: { id: cursor } }) };
    const rows = await customerPage(database.db, query, { search: term }, order, matches);
    ids.push(...rows.slice(0, pageSize).map((row) => row.id));
    if (rows.length <= pageSize) return ids;
    cursor = rows[pageSize - 1]!.id;
  }
}

describe('the search table', () => {
  it("keeps each customer's order keys and search text through every change", async () => {
    expect(await keysDiffer()).toBe(0);
    const pool = sqlPool(database.db);
    await pool.query(`UPDATE customers SET name = name || ' renamed' WHERE id % 7 = 0`);
    await pool.query(`UPDATE customers SET last_synced_at = now() WHERE id % 9 = 0`);
    await pool.query(`UPDATE customers SET created_at = created_at - interval '1 day' WHERE id % 17 = 0`);
    expect(await keysDiffer()).toBe(0);
  });
});

describe.each(Object.entries(TERMS))('a search for "%s" (%i matches)', (term, count) => {
  it.each(ORDERS)('pages through every match exactly once, in the order ($field $direction)', async (order) => {
    const matches = recordingMatcher();
    const expected = await expectedIds(term, order);
    expect(expected).toHaveLength(count);
    expect(await pagedIds(term, order, 37, matches)).toEqual(expected);
  });

  it('has its matches counted for totalCount while it reads the page, listing them when few', async () => {
    const matches = recordingMatcher();
    await customerPage(database.db, { select: { id: true }, take: 51, skip: 0 }, { search: term }, undefined, matches);
    const handed = (await matches.asked.get(term))!;
    expect(handed.count).toBe(count);
    if (count > 200) expect(handed.ids).toBe('many');
    else expect([...(handed.ids as number[])].sort((a, b) => a - b)).toEqual((await expectedIds(term, { field: 'CREATED_AT', direction: 'ASC' })).sort((a, b) => a - b));
  });
});

it.each(ORDERS)('walks the order ($field $direction) through its index without reading a customer row until the page', async (order) => {
  const pool = sqlPool(database.db);
  // As autovacuum leaves the table: a row changed since is read to see whether it is visible.
  await pool.query('VACUUM customers');
  const request = { term: 'harbour', key: COLUMNS[order.field as keyof typeof COLUMNS], direction: order.direction!, take: 51, after: null, fields: ['id', 'name'] };
  const walked = walkedPageStatement(request);
  const scans = (await planNodesOf(database.db, walked.text, walked.values, { analyze: true })).filter((node) => node['Relation Name'] === 'customers' && node['Index Name'] !== 'customers_pkey');
  expect(scans).toEqual([expect.objectContaining({ 'Node Type': 'Index Only Scan', 'Heap Fetches': 0 })]);
});

it('reads a page the walk does not fill from the ids its count listed, without searching again', async () => {
  const order: CustomerOrder = { field: 'CREATED_AT', direction: 'ASC' };
  const listed = (await expectedIds('osprey', order)).filter((_, index) => index % 10 === 0);
  const matcher: SearchMatcher = { load: async () => ({ count: listed.length, ids: listed }) };
  const rows = await customerPage(database.db, { select: { id: true }, take: 51, skip: 0 }, { search: 'osprey' }, order, matcher);
  expect(rows.map((row) => row.id)).toEqual(listed);
});

it('a cursor no customer has gives an empty page, as it does without a search', async () => {
  const query = { select: { id: true }, take: 11, skip: 1, cursor: { id: CUSTOMERS * 10 } };
  expect(await customerPage(database.db, query, { search: 'kestrel' }, undefined, recordingMatcher())).toEqual([]);
  expect(await customerPage(database.db, query, {}, undefined, recordingMatcher())).toEqual([]);
});

describe("a search's page read without Prisma", () => {
  beforeAll(async () => {
    // Every kind of column set on every osprey and harbour customer and some kestrel ones: text, booleans, jsonb, timestamps.
    await sqlPool(database.db).query(`
      UPDATE customers SET phone = '+3221234567', vat_number = 'BE0123456749', country_code = 'BE', is_active = false,
        data_issues = '[{"field": "phone", "code": "INVALID"}]', pending_changes = '{"email": "2026-11-30T10:00:00.000Z"}',
        conflicts = '{"name": {"local": "a", "remote": "b"}}', robaws_updated_at = '2026-11-29T08:07:06.543Z', gone_from_robaws_at = now()
      WHERE id % 300 = 0 OR id % 40 = 1`);
    await database.db.intake.createMany({ data: [{ robawsClientId: '300', customerName: 'first' }, { robawsClientId: '300', customerName: 'second' }] });
  });

  it.each([['walked', 'harbour'], ['found through the trigram index', 'kestrel'], ['listed by the count', 'osprey']])('gives every scalar field as Prisma gives it (%s)', async (_, term) => {
    const rows = await customerPage(database.db, { take: 60, skip: 0 }, { search: term }, { field: 'CREATED_AT', direction: 'ASC' }, recordingMatcher());
    expect(rows.length).toBeGreaterThan(0);
    const prisma = await database.db.customer.findMany({ where: { id: { in: rows.map((row) => row.id) } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    expect(prisma.some((customer) => customer.goneFromRobawsAt && customer.robawsUpdatedAt && customer.conflicts)).toBe(true);
    expect(rows).toEqual(prisma);
  });

  it('leaves a selection with relations to Prisma', async () => {
    const select = { id: true, name: true, _count: { select: { intakes: true } } };
    const rows = await customerPage(database.db, { select, take: 5, skip: 0 }, { search: 'osprey' }, { field: 'CREATED_AT', direction: 'DESC' }, recordingMatcher());
    const expected = await expectedIds('osprey', { field: 'CREATED_AT', direction: 'DESC' });
    expect(rows).toEqual(await database.db.customer.findMany({ select, where: { id: { in: expected.slice(0, 5) } }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }));
    expect(await customerPage(database.db, { select, take: 100, skip: 0 }, { search: 'osprey' }, undefined, recordingMatcher())).toContainEqual({ id: 300, name: expect.any(String), _count: { intakes: 2 } });
  });
});
