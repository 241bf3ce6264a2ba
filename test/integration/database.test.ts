import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, sqlPool } from '../../src/db/client.js';
import { migrationNames, pendingMigrations } from '../../src/db/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

describe('the test database', () => {
  it('is fully migrated, with pg_trgm', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const query = async (sql: string) => (await client.query<{ migration_name: string }>(sql)).rows;
      expect(await migrationNames()).not.toEqual([]);
      expect(await pendingMigrations(query, await migrationNames())).toEqual([]);
      expect(await pendingMigrations(query, ['29990101000000_not_applied'])).toEqual(['29990101000000_not_applied']);
      const { rows } = await client.query("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'");
      expect(rows).toHaveLength(1);
    } finally {
      await client.end();
    }
  });

  it('answers Prisma queries', async () => {
    await database.db.customer.create({ data: { robawsClientId: '1', name: 'Test', raw: {}, contentHash: 'x' } });
    expect(await database.db.customer.count()).toBe(1);
  });

  it('plans without parallel workers, keeping the settings the URL gives', async () => {
    const url = new URL(database.url);
    url.searchParams.set('options', '-c statement_timeout=12345');
    const db = createDb(url.toString());
    try {
      const { rows } = await sqlPool(db).query<{ workers: string; timeout: string }>(
        "SELECT current_setting('max_parallel_workers_per_gather') AS workers, current_setting('statement_timeout') AS timeout",
      );
      expect(rows).toEqual([{ workers: '0', timeout: '12345ms' }]);
      expect(await db.$queryRawUnsafe('SHOW max_parallel_workers_per_gather')).toEqual([{ max_parallel_workers_per_gather: '0' }]);
    } finally {
      await db.$disconnect();
    }
  });
});
