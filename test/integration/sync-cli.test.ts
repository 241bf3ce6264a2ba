import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/** Each test gets an empty database of its own. */
let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.drop());

function runSyncCli(args: string[]) {
  return runCli('sync', args, { DATABASE_URL: database.url, SANDBOX_CLIENTS: '300' });
}

describe('npm run sync', () => {
  it('--dry-run prints the first 10 clients with role and custom fields, the counts, and writes nothing', async () => {
    const { code, stdout } = await runSyncCli(['--full', '--dry-run', '--limit', '20']);
    expect(code).toBe(0);
    expect(stdout.match(/^Extracted role: /gm)).toHaveLength(10);
    expect(stdout.match(/^Custom fields: /gm)).toHaveLength(10);
    expect(stdout).toMatch(/^Kind\s+FULL \(dry run\)$/m);
    expect(stdout).toMatch(/^Created\s+20$/m);
    expect(await database.db.customer.count()).toBe(0);
  });

  it('--full --limit N writes N customers and prints the table', async () => {
    const { code, stdout } = await runSyncCli(['--full', '--limit', '150']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Status\s+SUCCEEDED$/m);
    expect(stdout).toMatch(/^Created\s+150$/m);
    expect(await database.db.customer.count()).toBe(150);
  });

  it('--client-id of an unknown client exits 1 and says so', async () => {
    const { code, stdout, stderr } = await runSyncCli(['--client-id', '987654321']);
    expect(code).toBe(1);
    expect(`${stdout}${stderr}`).toMatch(/Status\s+FAILED/);
    expect(`${stdout}${stderr}`).toMatch(/987654321/);
  });

  it('bad arguments exit 2 with the usage', async () => {
    const { code, stderr } = await runSyncCli(['--limit', 'lots']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Usage: npm run sync/);
  });
});
