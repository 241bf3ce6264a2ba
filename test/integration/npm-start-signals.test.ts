import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { variablesOf, VARIABLE_GROUPS } from '../../src/config.js';
import { descendantsOf, isRunning, type ProcessInfo } from '../support/processes.js';
import { appendToRunLog } from '../support/run-log.js';

/**
 * `npm start` as a user runs it on a fresh clone, with no configuration at all (embedded Postgres, the
 * sandbox, the schedules' catch-up running a full sync), stopped while that sync runs: with `kill`
 * (SIGTERM to npm) or Ctrl-C (SIGINT to the terminal's whole process group, Postgres included). Within
 * 10 s nothing it started is left, and the shutdown was the orderly one.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONFIGURATION = new Set(variablesOf(VARIABLE_GROUPS).flatMap(({ variables }) => variables.map((variable) => variable.name)));
const STOP_WITHIN_MS = 10_000;

interface NpmStart {
  npm: ChildProcess;
  logs: Array<Record<string, unknown>>;
  dataRoot: string;
}

const started: NpmStart[] = [];

afterEach(async () => {
  for (const { npm, dataRoot } of started.splice(0)) {
    // A failed test leaves nothing behind either.
    for (const process of descendantsOf(npm.pid!)) kill(process.pid, 'SIGKILL');
    kill(npm.pid!, 'SIGKILL');
    await rm(dataRoot, { recursive: true, force: true });
  }
});

function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}

/** Starts `npm start` in a process group of its own, as a terminal runs a command, and waits until a sync runs. */
async function startNpm(): Promise<NpmStart> {
  const dataRoot = await mkdtemp(path.join(tmpdir(), 'robaws-sync-npm-start-'));
  // As root, the embedded Postgres runs as the `postgres` user, who must enter the folder.
  await chmod(dataRoot, 0o755);
  const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !CONFIGURATION.has(name)));
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    // Only where its data goes (not the clone's own ./.data) and a free port (not a server already on 4000).
    env: { ...environment, EMBEDDED_PG_DATA_DIR: path.join(dataRoot, 'postgres'), PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: NpmStart = { npm, logs: [], dataRoot };
  started.push(run);
  npm.stderr!.on('data', (chunk) => appendToRunLog(String(chunk)));
  await new Promise<void>((resolve, reject) => {
    const seen = new Set<unknown>();
    createInterface({ input: npm.stdout! }).on('line', (line) => {
      appendToRunLog(line);
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as Record<string, unknown>;
      run.logs.push(entry);
      seen.add(entry.msg);
      if (seen.has('robaws-sync is ready') && seen.has('sync started')) resolve();
    });
    npm.once('exit', (code) => reject(new Error(`npm start exited with ${code} before a sync ran`)));
  });
  return run;
}

async function expectAllGone(processes: readonly ProcessInfo[]): Promise<void> {
  await expect
    .poll(() => processes.filter((process) => isRunning(process.pid)).map((process) => `${process.name} ${process.pid}`), { timeout: STOP_WITHIN_MS, interval: 100 })
    .toEqual([]);
}

describe('npm start, stopped', () => {
  it.each([
    ['SIGTERM to npm (kill)', (npm: ChildProcess) => kill(npm.pid!, 'SIGTERM')],
    ['SIGINT to its process group (Ctrl-C)', (npm: ChildProcess) => kill(-npm.pid!, 'SIGINT')],
  ])('by %s while a sync runs: no node and no postgres left within 10 s, after an orderly shutdown', async (_how, stop) => {
    const { npm, logs } = await startNpm();
    const processes = [{ pid: npm.pid!, parent: process.pid, name: 'npm' }, ...descendantsOf(npm.pid!)];
    expect(processes.map((process) => process.name)).toEqual(expect.arrayContaining(['npm', 'node', 'postgres']));
    stop(npm);
    await expectAllGone(processes);
    expect(logs.map((entry) => entry.msg)).toContain('shutting down');
    expect(logs.map((entry) => entry.msg)).not.toContain('shutdown is taking too long: stopping the database and exiting now');
  });
});
