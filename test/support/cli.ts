import { spawn } from 'node:child_process';
import { appendToRunLog } from './run-log.js';
import { privateDataDir } from './server-process.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of our CLI entry points (`src/cli/<name>.ts`) in a child process, as `npm run` would. */
export function runCli(entry: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${entry}.ts`, ...args], {
      // Its log (on stderr) goes to the run log too, where the secrets scan reads it.
      env: { ...process.env, LOG_LEVEL: 'debug', LOG_FORMAT: 'json', EMBEDDED_PG_DATA_DIR: privateDataDir(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.once('exit', (code) => {
      appendToRunLog(stderr);
      resolve({ code, stdout, stderr });
    });
  });
}
