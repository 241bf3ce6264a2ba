import path from 'node:path';
import { mkdtemp, chmod, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findFreePort, startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../src/db/embedded.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { testLogger } from '../support/run-log.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The database going away while a sync runs, and a server killed in the middle of one: the process
 * stays up (or the next one takes over), nothing is lost, and the full sync goes on from where it was.
 */

interface RunRow {
  id: string;
  status: string;
  trigger: string;
  error: string | null;
  pagesDone: number;
  resumedFromId: string | null;
}

async function runs(url: string): Promise<RunRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<RunRow>(
      `SELECT id, status, trigger, error, pages_done AS "pagesDone", resumed_from_id AS "resumedFromId" FROM sync_runs WHERE kind = 'FULL' ORDER BY created_at`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function startFullSync(server: ServerProcess): Promise<void> {
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation { runFullSync { __typename } }' }),
  });
  expect(response.status).toBe(200);
}

/** A full sync slow enough to be caught in the middle: one page at a time, 100 ms each. */
const SLOW_SYNC = { SANDBOX_LATENCY_MS: '100', SYNC_PAGE_CONCURRENCY: '1' };

describe('the database goes away while a sync runs', () => {
  let root: string;
  let postgres: EmbeddedPostgresServer;
  let port: number;
  let server: ServerProcess | null = null;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'robaws-sync-outage-'));
    await chmod(root, 0o755);
    port = await findFreePort();
    postgres = await startEmbeddedPostgres({ dataDir: path.join(root, 'postgres'), port, logger: testLogger });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await postgres?.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('the server stays up and not ready meanwhile, records the failed run when the database is back, and the next full sync resumes it', async () => {
    const url = postgres.url();
    server = await startServerProcess({ DATABASE_URL: url, ...SLOW_SYNC });
    await startFullSync(server);
    await vi.waitFor(async () => expect((await runs(url))[0]?.pagesDone).toBeGreaterThanOrEqual(5), { timeout: 30_000, interval: 50 });

    await postgres.stop();
    await vi.waitFor(async () => expect((await fetch(`${server!.baseUrl}/readyz`)).status).toBe(503), { timeout: 15_000, interval: 100 });
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);

    postgres = await startEmbeddedPostgres({ dataDir: path.join(root, 'postgres'), port, logger: testLogger });
    await vi.waitFor(async () => expect((await fetch(`${server!.baseUrl}/readyz`)).status).toBe(200), { timeout: 30_000, interval: 100 });
    const [failed] = await vi.waitFor(
      async () => {
        const rows = await runs(url);
        expect(rows[0]?.status).toBe('FAILED');
        return rows;
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(failed!.error).toBeTruthy();
    expect(server.process.exitCode).toBeNull();

    await startFullSync(server);
    const resumed = await vi.waitFor(
      async () => {
        const rows = await runs(url);
        expect(rows[1]?.status).toBe('SUCCEEDED');
        return rows[1]!;
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(resumed.resumedFromId).toBe(failed!.id);
    expect(server.logs.filter((line) => line.msg === 'a promise failed with nobody to handle it; the server keeps running')).toEqual([]);
  }, 180_000);
});

describe('a server killed in the middle of a full sync', () => {
  let database: TestDatabase;
  let server: ServerProcess | null = null;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('the next server to start fails the orphaned run and resumes it from its checkpoint', async () => {
    const killed = await startServerProcess({ DATABASE_URL: database.url, ...SLOW_SYNC });
    await startFullSync(killed);
    await vi.waitFor(async () => expect((await runs(database.url))[0]?.pagesDone).toBeGreaterThanOrEqual(5), { timeout: 30_000, interval: 50 });
    await killed.stop('SIGKILL');

    server = await startServerProcess({ DATABASE_URL: database.url });
    const [orphaned, resumed] = await vi.waitFor(
      async () => {
        const rows = await runs(database.url);
        expect(rows[1]?.status).toBe('SUCCEEDED');
        return rows;
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(orphaned).toMatchObject({ status: 'FAILED', error: 'The process running this sync stopped before it finished' });
    expect(resumed).toMatchObject({ trigger: 'STARTUP', resumedFromId: orphaned!.id });
    expect(server.logs).toContainEqual(expect.objectContaining({ msg: 'resuming a full sync a crash interrupted', resumedFrom: orphaned!.id }));
  }, 120_000);
});
