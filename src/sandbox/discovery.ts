import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isAlive } from '../processes.js';

/**
 * A server in sandbox mode says which sandbox it runs, in a file beside the embedded Postgres' data
 * folder, so that a CLI command started next to it talks to that sandbox (and sees what the server
 * sees) instead of a throwaway one of its own. Found the way the embedded Postgres is: the file names
 * the process that owns it, and counts only while that process lives.
 */

export interface PublishedSandbox {
  pid: number;
  url: string;
  username: string;
  password: string;
}

export function sandboxFileOf(embeddedDataDir: string): string {
  return path.join(path.dirname(path.resolve(embeddedDataDir)), 'sandbox.json');
}

/** Publishes this process's sandbox; answers the function that withdraws it (only if the file is still ours). */
export async function publishSandbox(file: string, sandbox: Omit<PublishedSandbox, 'pid'>): Promise<() => Promise<void>> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify({ pid: process.pid, ...sandbox }), { mode: 0o600 });
  return async () => {
    if (findPublishedSandbox(file, { includeOwn: true })?.pid === process.pid) await rm(file, { force: true });
  };
}

/** The sandbox a live server published in this folder, if any. */
export function findPublishedSandbox(file: string, options: { includeOwn?: boolean } = {}): PublishedSandbox | null {
  if (!existsSync(file)) return null;
  try {
    const published = JSON.parse(readFileSync(file, 'utf8')) as PublishedSandbox;
    const own = published.pid === process.pid;
    return Number.isInteger(published.pid) && isAlive(published.pid) && (!own || options.includeOwn) ? published : null;
  } catch {
    return null;
  }
}
