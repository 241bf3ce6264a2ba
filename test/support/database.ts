import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, sqlPool, type Db } from '../../src/db/client.js';

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh database of this test's own: migrated (cloned from the run's template), or empty. */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = inject('databaseServerUrl');
  const template = inject('templateDatabase');
  const templatePid = template.slice(template.lastIndexOf('_') + 1);
  const name = `robaws_sync_test_${templatePid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"${options.migrated === false ? '' : ` TEMPLATE "${template}"`}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const db = createDb(url);
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A node of a Postgres plan, as EXPLAIN (FORMAT JSON) gives it. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  /** Run (`analyze`) only: rows an index-only scan had to read from the table. */
  'Heap Fetches'?: number;
  Plans?: PlanNode[];
}

/** Every node of the plan Postgres makes for a statement with these parameters, the top one first; run as well with `analyze`. */
export async function planNodesOf(db: Db, sql: string, parameters: unknown[], options: { analyze?: boolean } = {}): Promise<PlanNode[]> {
  const explain = options.analyze ? 'EXPLAIN (ANALYZE, FORMAT JSON)' : 'EXPLAIN (FORMAT JSON)';
  const { rows } = await sqlPool(db).query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`${explain} ${sql}`, parameters);
  const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];
  return flatten(rows[0]!['QUERY PLAN'][0]!.Plan);
}
