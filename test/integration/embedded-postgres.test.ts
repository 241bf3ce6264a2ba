import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedPostgresError, findFreePort, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { recordingLogger, testLogger } from '../support/run-log.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'robaws-sync-embedded-'));
  await chmod(root, 0o755);
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function selectOne(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one;
  } finally {
    await client.end();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function spawnChild(dataDir: string, how: 'hold' | 'exit-code' | 'exit-without-stopping'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'test/support/fixtures/embedded-postgres-child.ts', dataDir, how], { stdio: ['ignore', 'pipe', 'inherit'] });
}

function readyLine(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => String(chunk).includes('READY') && resolve());
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before it was ready`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('the embedded Postgres', () => {
  // embedded-postgres' own exit hook ended every process that loaded it with code 0, hiding failed test runs.
  it('never decides the exit code of the process it lives in', async () => {
    expect(await exitCode(spawnChild(path.join(root, 'exit-code'), 'exit-code'))).toBe(3);
  });

  it('is told to stop when its process exits without stopping it', async () => {
    const dataDir = path.join(root, 'exit-without-stopping');
    const child = spawnChild(dataDir, 'exit-without-stopping');
    const exited = exitCode(child);
    await readyLine(child);
    const postgresPid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(await exited).toBe(4);
    await expect.poll(() => isAlive(postgresPid), { timeout: 15_000 }).toBe(false);
  });

  it('starts in a new folder, and again in the same, already initialised folder', async () => {
    const dataDir = path.join(root, 'reuse');
    const first = await startEmbeddedPostgres({ dataDir, logger: testLogger });
    expect(await selectOne(first.url())).toBe(1);
    const client = new pg.Client({ connectionString: first.url() });
    await client.connect();
    await client.query('CREATE TABLE kept (id int)');
    await client.end();
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir, logger: testLogger });
    const again = new pg.Client({ connectionString: second.url() });
    await again.connect();
    const { rowCount } = await again.query("SELECT 1 FROM pg_tables WHERE tablename = 'kept'");
    await again.end();
    await second.stop();
    expect(rowCount).toBe(1);
  });

  it('gives each data folder a password of its own, kept in the folder for its owner only', async () => {
    const dataDir = path.join(root, 'password');
    const server = await startEmbeddedPostgres({ dataDir, logger: testLogger });
    try {
      const passwordFile = path.join(dataDir, 'robaws-sync.password');
      const password = readFileSync(passwordFile, 'utf8').trim();
      expect(password).toMatch(/^[\w-]{32}$/);
      expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
      expect(server.url()).toContain(`:${password}@`);
      expect(await selectOne(server.url())).toBe(1);
      await expect(selectOne(`postgresql://postgres:postgres@127.0.0.1:${server.port}/postgres`)).rejects.toThrow(/password authentication failed/);
    } finally {
      await server.stop();
    }
  });

  it('moves a folder still on the old shared password to one of its own', async () => {
    const dataDir = path.join(root, 'legacy-password');
    const first = await startEmbeddedPostgres({ dataDir, logger: testLogger });
    const admin = new pg.Client({ connectionString: first.url() });
    await admin.connect();
    await admin.query("ALTER ROLE postgres WITH PASSWORD 'postgres'");
    await admin.end();
    await first.stop();
    await rm(path.join(dataDir, 'robaws-sync.password'));

    const { logger, lines } = recordingLogger();
    const second = await startEmbeddedPostgres({ dataDir, logger });
    try {
      expect(lines.map((line) => line.msg)).toContain('the embedded Postgres now has a password of its own');
      expect(readFileSync(path.join(dataDir, 'robaws-sync.password'), 'utf8').trim()).not.toBe('postgres');
      expect(await selectOne(second.url())).toBe(1);
      await expect(selectOne(`postgresql://postgres:postgres@127.0.0.1:${second.port}/postgres`)).rejects.toThrow(/password authentication failed/);
    } finally {
      await second.stop();
    }
  });

  it('stop() returns when Postgres stopped first (Ctrl-C reaches the whole process group)', async () => {
    const dataDir = path.join(root, 'stopped-first');
    const server = await startEmbeddedPostgres({ dataDir, logger: testLogger });
    const postgresPid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    process.kill(postgresPid, 'SIGINT');
    await expect.poll(() => isAlive(postgresPid)).toBe(false);
    await server.stop();
  });

  it('stops a Postgres left running by a killed process, then starts', async () => {
    const dataDir = path.join(root, 'orphan');
    const holder = spawnChild(dataDir, 'hold');
    await readyLine(holder);
    const orphanPid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(isAlive(orphanPid)).toBe(true); // the trap: Postgres outlives its killed parent

    const { logger, lines } = recordingLogger();
    const server = await startEmbeddedPostgres({ dataDir, logger });
    expect(isAlive(orphanPid)).toBe(false);
    expect(lines.map((line) => line.msg)).toContain('stopping a Postgres left running by a process that was killed');
    expect(await selectOne(server.url())).toBe(1);
    await server.stop();
  });

  it('shares the Postgres of a live process that owns the folder', async () => {
    const dataDir = path.join(root, 'shared');
    const owner = await startEmbeddedPostgres({ dataDir, logger: testLogger });
    const { logger, lines } = recordingLogger();
    const sharer = await startEmbeddedPostgres({ dataDir, logger });
    expect(sharer.port).toBe(owner.port);
    expect(lines.map((line) => line.msg)).toContain('sharing the embedded Postgres another process started in this folder');
    await sharer.stop(); // the sharer's stop leaves the owner's server alone
    expect(await selectOne(owner.url())).toBe(1);
    await owner.stop();
  });

  it('fails with a clear error when the port asked for is taken', async () => {
    const port = await findFreePort();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const attempt = startEmbeddedPostgres({ dataDir: path.join(root, 'taken'), port, logger: testLogger });
      await expect(attempt).rejects.toThrow(EmbeddedPostgresError);
      await expect(attempt).rejects.toThrow(new RegExp(`on port ${port}: .*Address already in use`, 's'));
    } finally {
      blocker.close();
    }
  });

  it.runIf(userInfo().uid === 0)('as root, says what to change when the postgres user cannot reach the folder', async () => {
    const privateDir = path.join(root, 'private');
    await mkdir(privateDir, { mode: 0o700 });
    await chmod(privateDir, 0o700);
    await expect(startEmbeddedPostgres({ dataDir: path.join(privateDir, 'data'), logger: testLogger })).rejects.toThrow(
      new RegExp(`cannot enter ${privateDir} \\(mode 700\\).*chmod o\\+x ${privateDir}`),
    );
  });
});
