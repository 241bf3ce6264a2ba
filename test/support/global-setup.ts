import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../src/db/embedded.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { createLogger } from '../../src/log.js';
import { appendToRunLog } from './run-log.js';
import { secretsIn } from './secrets.js';

/**
 * One Postgres for the whole run: the real server from TEST_DATABASE_URL, or an embedded one in a
 * fresh folder. A migrated template database is made once; each test file clones it (milliseconds).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    databaseServerUrl: string;
    templateDatabase: string;
  }
}

const logger = createLogger({ level: 'debug', format: 'json', destination: appendToRunLog });

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** The run log must not hold any secret the tests configured; a leak fails the run, naming the secret and the line. */
async function scanRunLog(): Promise<void> {
  const runLog = process.env.TEST_RUN_LOG;
  if (!runLog) return;
  const leaks = secretsIn(await readFile(runLog, 'utf8').catch(() => ''));
  if (leaks.length > 0) {
    // vitest reports a teardown error without failing the run: the exit code is ours to set.
    process.exitCode = 1;
    throw new Error(`Secrets in the test run's log (${runLog}): ${leaks.map((leak) => `${leak.secret} on line ${leak.line}`).join(', ')}`);
  }
}

/**
 * The tests that run the compiled code (production start, `npm start`) find it built and up to date:
 * built once here, so that test files running at once never write dist/ together.
 */
async function build(): Promise<void> {
  await promisify(execFile)('npm', ['run', 'build'], { cwd: path.resolve(import.meta.dirname, '../..') });
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_RUN_LOG) await writeFile(process.env.TEST_RUN_LOG, '');
  await build();
  let embedded: EmbeddedPostgresServer | null = null;
  let dataRoot: string | null = null;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    dataRoot = await mkdtemp(path.join(tmpdir(), 'robaws-sync-test-'));
    // mkdtemp makes it 700; as root, the embedded Postgres runs as the `postgres` user, who must enter it.
    await chmod(dataRoot, 0o755);
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataRoot, 'postgres'), logger });
    serverUrl = embedded.url();
  }

  const template = `robaws_sync_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${template}"`);
  await admin.query(`CREATE DATABASE "${template}"`);
  await migrateDatabase(withDatabase(serverUrl, template));

  project.provide('databaseServerUrl', serverUrl);
  project.provide('templateDatabase', template);

  return async () => {
    // Databases cloned by test files that crashed before dropping their own.
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`,
      [template, `robaws_sync_test_${process.pid}_%`],
    );
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    await admin.end();
    await embedded?.stop();
    if (dataRoot) await rm(dataRoot, { recursive: true, force: true });
    await scanRunLog();
  };
}
