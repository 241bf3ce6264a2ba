import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/sync.ts', ...args], {
      env: { ...process.env, DATABASE_URL: database.url, SANDBOX_CLIENTS: '300', LOG_LEVEL: 'error' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run sync', () => {
  it('--dry-run prints the first 10 clients with role and custom fields, the counts, and writes nothing', async () => {
    const { code, stdout } = await runCli(['--full', '--dry-run', '--limit', '20']);
    expect(code).toBe(0);
    expect(stdout.match(/^Extracted role: /gm)).toHaveLength(10);
    expect(stdout.match(/^Custom fields: /gm)).toHaveLength(10);
    expect(stdout).toMatch(/^Kind\s+FULL \(dry run\)$/m);
    expect(stdout).toMatch(/^Created\s+20$/m);
    expect(await database.db.customer.count()).toBe(0);
  });

  it('--full --limit N writes N customers and prints the table', async () => {
    const { code, stdout } = await runCli(['--full', '--limit', '150']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Status\s+SUCCEEDED$/m);
    expect(stdout).toMatch(/^Created\s+150$/m);
    expect(await database.db.customer.count()).toBe(150);
  });

  it('--client-id of an unknown client exits 1 and says so', async () => {
    const { code, stdout, stderr } = await runCli(['--client-id', '987654321']);
    expect(code).toBe(1);
    expect(`${stdout}${stderr}`).toMatch(/Status\s+FAILED/);
    expect(`${stdout}${stderr}`).toMatch(/987654321/);
  });

  it('bad arguments exit 2 with the usage', async () => {
    const { code, stderr } = await runCli(['--limit', 'lots']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Usage: npm run sync/);
  });
});
