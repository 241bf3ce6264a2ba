import { spawn } from 'node:child_process';
import { appendToRunLog } from './run-log.js';
import { privateDataDir } from './server-process.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; what it prints on stderr (its log) goes to the run log too, where the secrets scan reads it. */
export function runCommand(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.once('error', reject);
    child.once('exit', (code) => {
      appendToRunLog(stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs one of our CLI entry points (`src/cli/<name>.ts`) in a child process, as `npm run` would. */
export function runCli(entry: string, args: string[], env: Record<string, string>): Promise<CliResult> {
  return runCommand(process.execPath, ['--import', 'tsx', `src/cli/${entry}.ts`, ...args], { env: { LOG_LEVEL: 'debug', LOG_FORMAT: 'json', EMBEDDED_PG_DATA_DIR: privateDataDir(), ...env } });
}
