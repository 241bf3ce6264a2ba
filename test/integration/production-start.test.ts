import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClients } from '../../src/sandbox/seed/generator.js';
import { runCommand } from '../support/cli.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { API_KEYS } from '../support/secrets.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The production start, as the Dockerfile runs it (the same commands, in the same order, from the same
 * files): the bundle (`npm run bundle -- FOLDER`: compiled code, migrations, lock file) built from only
 * what the Dockerfile's build stage copies in, `npm ci --omit=dev` in it, then
 * compiled code only, against an empty database on the test Postgres: `db:migrate`, a full sync from
 * the CLI, the server (duplicateCustomers scores on its worker thread, the compiled `.js` one),
 * `/metrics`, the container's healthcheck, and a stop by SIGTERM.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const SANDBOX_CLIENTS = 4017;

/** What the Dockerfile's build stage copies in, as its COPY lines name it. */
function dockerBuildSources(): string[] {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const stage = dockerfile.slice(dockerfile.indexOf(' AS build'), dockerfile.indexOf('\nFROM ', dockerfile.indexOf(' AS build')));
  return [...stage.matchAll(/^COPY (?!--)(.+) \S+$/gm)].flatMap((copy) => copy[1]!.split(/\s+/));
}

/** .dockerignore's patterns as Docker reads the ones it holds: a path with what is below it, or `*.ext` at the top. */
function dockerIgnores(relative: string): boolean {
  const patterns = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim()).filter(Boolean);
  return patterns.some((pattern) =>
    pattern.startsWith('*.') ? !relative.includes('/') && relative.endsWith(pattern.slice(1)) : relative === pattern || relative.startsWith(`${pattern}/`),
  );
}

/**
 * The Docker build context as the build stage sees it: the files its COPY lines name, less what
 * .dockerignore leaves out; its `npm ci` is stood in for by the clone's installed packages and the
 * Prisma client their install generated.
 */
async function dockerBuildContext(folder: string): Promise<void> {
  for (const source of dockerBuildSources()) {
    await cp(path.join(ROOT, source), path.join(folder, source), { recursive: true, filter: (file) => !dockerIgnores(path.relative(ROOT, file)) });
  }
  await symlink(path.join(ROOT, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
  await cp(path.join(ROOT, 'src/generated'), path.join(folder, 'src/generated'), { recursive: true });
}

let workspace: string;
let app: string;
let database: TestDatabase;
let environment: Record<string, string>;

beforeAll(async () => {
  workspace = await mkdtemp(path.join(tmpdir(), 'robaws-sync-production-'));
  app = path.join(workspace, 'app');
  const context = path.join(workspace, 'build');
  await dockerBuildContext(context);
  const bundled = await runCommand('npm', ['run', 'bundle', '--', app], { cwd: context });
  expect(bundled.code, bundled.stderr).toBe(0);
  // The same command as the Dockerfile's; here the packages come from the npm cache the clone's own install filled.
  const installed = await runCommand('npm', ['ci', '--omit=dev'], { cwd: app, env: { npm_config_prefer_offline: 'true' } });
  expect(installed.code, installed.stderr).toBe(0);
  database = await createTestDatabase({ migrated: false });
  environment = {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    API_KEYS: `${API_KEYS.read}:read,${API_KEYS.metrics}:metrics`,
    LOG_FORMAT: 'json',
    SANDBOX_CLIENTS: String(SANDBOX_CLIENTS),
  };
}, 300_000);

afterAll(async () => {
  await database?.drop();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

/** Runs compiled code in the production folder. */
const node = (args: string[], env: Record<string, string> = {}) => runCommand(process.execPath, args, { cwd: app, env: { ...environment, ...env } });

describe('the production folder', () => {
  it('holds the compiled code, the admin page, the migrations and the production dependencies, and no development package', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
    const development = Object.entries(lock.packages).filter(([, entry]) => entry.dev || entry.devOptional).map(([location]) => location);
    expect(development).toEqual(expect.arrayContaining(['node_modules/typescript', 'node_modules/tsx', 'node_modules/vitest', 'node_modules/prisma']));
    expect(development.filter((location) => existsSync(path.join(app, location)))).toEqual([]);
    for (const needed of ['dist/main.js', 'dist/customers/duplicates-worker.js', 'dist/admin/index.html', 'prisma/migrations/migration_lock.toml', 'node_modules/graphql-yoga', 'node_modules/@prisma/client']) {
      expect(existsSync(path.join(app, needed)), needed).toBe(true);
    }
    expect(existsSync(path.join(app, 'src'))).toBe(false);
  });

  it('answers --help from every compiled command', async () => {
    const commands = [['dist/main.js'], ['dist/cli/sync.js'], ['dist/cli/migrate.js'], ['dist/cli/webhooks.js', 'register'], ['dist/sandbox/main.js']];
    const results = await Promise.all(commands.map((command) => node([...command, '--help'])));
    expect(results.map((result) => [result.code, result.stdout.split('\n')[0]])).toEqual([
      [0, 'Usage: npm start'],
      [0, 'Usage: npm run sync -- [--full | --incremental | --push] [--dry-run] [--limit N] [--client-id ID]'],
      [0, 'Usage: npm run db:migrate'],
      [0, 'Usage: npm run webhooks:register -- --url https://<host>/api/webhooks/robaws/customers'],
      [0, 'Usage: npm run sandbox'],
    ]);
  });

  it('migrates, syncs and serves from compiled code, and stops on SIGTERM', async () => {
    const migrated = await node(['dist/cli/migrate.js']);
    expect(migrated.code, migrated.stderr).toBe(0);
    const synced = await node(['dist/cli/sync.js', '--full']);
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toMatch(new RegExp(`^Created +${SANDBOX_CLIENTS}$`, 'm'));

    let server: ServerProcess | null = null;
    try {
      server = await startServerProcess(environment, 60_000, { args: ['dist/main.js'], cwd: app });
      const response = await fetch(server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEYS.read}` },
        body: JSON.stringify({ query: '{ duplicateCustomers(first: 500) { totalCount } }' }),
      });
      const { data } = (await response.json()) as { data: { duplicateCustomers: { totalCount: number } } };
      expect(data.duplicateCustomers.totalCount).toBe(generateClients({ count: SANDBOX_CLIENTS, seed: 1 }).duplicateGroups.length);

      const scrape = await fetch(`${server.baseUrl}/metrics`, { headers: { authorization: `Bearer ${API_KEYS.metrics}` } });
      expect(scrape.status).toBe(200);
      const metrics = await scrape.text();
      expect(metrics).toContain(`robaws_sync_customers{state="total"} ${SANDBOX_CLIENTS}`);
      expect(metrics).toMatch(/^robaws_sync_last_success_timestamp_seconds\{kind="FULL"\} \d+/m);

      const health = await node(['dist/healthcheck.js'], { PORT: new URL(server.baseUrl).port });
      expect(health.code, health.stderr).toBe(0);

      expect(await server.stop('SIGTERM')).toBe(0);
      server = null;
    } finally {
      await server?.stop('SIGKILL');
    }
  });
});
