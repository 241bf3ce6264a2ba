import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { appendToRunLog } from './run-log.js';

export interface ServerProcess {
  graphqlUrl: string;
  baseUrl: string;
  process: ChildProcess;
  /** Every log line it printed, parsed. */
  logs: Array<Record<string, unknown>>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * A folder of this server's own for what it keeps beside an embedded Postgres (the sandbox it
 * publishes included): servers of other test files, and a developer's own, never meet it.
 */
export function privateDataDir(): string {
  return path.join(tmpdir(), `robaws-sync-${randomBytes(6).toString('hex')}`, 'postgres');
}

/** How the server is started: from source by default, or compiled (`node dist/main.js` in a production folder). */
export interface ServerLaunch {
  args: string[];
  cwd?: string;
}

const FROM_SOURCE: ServerLaunch = { args: ['--import', 'tsx', 'src/main.ts'] };

/** Starts the real server in a child process and waits until it says it is ready. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000, launch = FROM_SOURCE): Promise<ServerProcess> {
  const child = spawn(process.execPath, launch.args, {
    cwd: launch.cwd,
    // The schedules would start syncs of their own (a catch-up on a new database): tests that want them say so.
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'debug', SCHEDULER_ENABLED: 'false', EMBEDDED_PG_DATA_DIR: privateDataDir(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
    appendToRunLog(String(chunk));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready after ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      appendToRunLog(line);
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'robaws-sync is ready') {
          clearTimeout(timer);
          resolve(String(entry.graphql));
        }
      } catch {
        // not a log line
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before it was ready; stderr: ${stderr}`));
    });
  });
  const graphqlUrl = await ready;
  return {
    graphqlUrl,
    baseUrl: graphqlUrl.replace(/\/graphql$/, ''),
    process: child,
    logs,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
