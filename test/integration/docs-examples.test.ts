import { execFile, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { API_KEYS } from '../support/secrets.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * The documentation's examples, run as written against the real server after a full sync of the
 * sandbox: every ```graphql block of README.md and docs/*.md (with the ```json block right after it
 * as its variables), in the order a reader meets them, must answer without errors; the curl line that
 * follows a run over server-sent events must stream the run to its end.
 */

const ROOT = new URL('../../', import.meta.url);
const DOCUMENTS = ['README.md', ...readdirSync(new URL('docs/', ROOT)).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];
/** Where the examples say the server is (`npm start`'s default); the test's server listens elsewhere. */
const DOCUMENTED_SERVER = 'http://127.0.0.1:4000';

interface Block {
  language: string;
  code: string;
  /** Only blank lines between this block and the one before it. */
  followsDirectly: boolean;
}

function blocksOf(markdown: string): Block[] {
  const blocks: Block[] = [];
  let end = 0;
  for (const match of markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)) {
    blocks.push({ language: match[1]!, code: match[2]!, followsDirectly: blocks.length > 0 && markdown.slice(end, match.index).trim() === '' });
    end = match.index! + match[0].length;
  }
  return blocks;
}

interface Example {
  query: string;
  variables: Record<string, unknown>;
}

function graphqlExamples(markdown: string): Example[] {
  const blocks = blocksOf(markdown);
  return blocks.flatMap((block, index) => {
    if (block.language !== 'graphql') return [];
    const next = blocks[index + 1];
    const variables = next?.language === 'json' && next.followsDirectly ? (JSON.parse(next.code) as Record<string, unknown>) : {};
    return [{ query: block.code, variables }];
  });
}

const hasCurl = (() => {
  try {
    execFileSync('bash', ['-c', 'command -v curl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Runs the curl line with `env`; where curl is not installed, does what the line does with fetch: the
 * same POST, headers and body (the line's printf template with the run id in it), read to its end.
 */
async function runCurlLine(line: string, env: { RUN_ID: string; API_KEY: string }): Promise<string> {
  if (hasCurl) return (await promisify(execFile)('bash', ['-c', line], { env: { PATH: process.env.PATH, ...env }, maxBuffer: 16 * 1024 * 1024 })).stdout;
  const template = /printf '([^']*)' "\$RUN_ID"/.exec(line)?.[1];
  const url = /curl -sN (\S+)/.exec(line)?.[1];
  if (!template || !url) throw new Error(`the curl line changed shape; teach runCurlLine to read it: ${line}`);
  const response = await fetch(url, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${env.API_KEY}` },
    body: template.replace('%s', env.RUN_ID),
  });
  return response.text();
}

let database: TestDatabase;
let server: ServerProcess;

async function post(body: Example): Promise<{ status: number; body: { data?: any; errors?: unknown[] } }> {
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEYS.admin}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: unknown[] } };
}

/** Starts a full sync (or finds the one running) and answers its run's global id. */
async function fullSyncRunId(): Promise<string> {
  const { body } = await post({ query: 'mutation { runFullSync { ... on SyncRunStart { run { id } } } }', variables: {} });
  return body.data.runFullSync.run.id as string;
}

async function finished(runId: string): Promise<void> {
  const query = 'query($id: ID!) { syncRun(id: $id) { ... on SyncRun { status } } }';
  await vi.waitFor(
    async () => {
      const status = (await post({ query, variables: { id: runId } })).body.data.syncRun.status;
      if (status !== 'SUCCEEDED') throw new Error(`the full sync is ${status}`);
    },
    { timeout: 120_000, interval: 250 },
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServerProcess({ DATABASE_URL: database.url, API_KEYS: `${API_KEYS.admin}:admin,${API_KEYS.read}:read` });
  await finished(await fullSyncRunId());
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe('the examples of the documentation', () => {
  it('README.md and docs/graphql-api.md hold examples, and a graphql block takes the json block after it as variables', () => {
    const examples = graphqlExamples(readFileSync(new URL('docs/graphql-api.md', ROOT), 'utf8'));
    expect(examples.length).toBeGreaterThanOrEqual(15);
    expect(examples[0]!.variables).toEqual({ filter: { search: 'transport', isActive: true, country: 'BE' }, after: null });
    expect(graphqlExamples(readFileSync(new URL('README.md', ROOT), 'utf8')).length).toBeGreaterThanOrEqual(2);
  });

  it.each(DOCUMENTS)('every graphql block of %s answers without errors, as written', async (document) => {
    const failures: Array<{ query: string; status: number; errors: unknown }> = [];
    for (const example of graphqlExamples(readFileSync(new URL(document, ROOT), 'utf8'))) {
      const { status, body } = await post(example);
      if (status !== 200 || body.errors || !body.data) failures.push({ query: example.query, status, errors: body.errors });
    }
    expect(failures).toEqual([]);
  });

  it('the curl line of docs/graphql-api.md streams a run over server-sent events until it ends', async () => {
    const shellBlocks = blocksOf(readFileSync(new URL('docs/graphql-api.md', ROOT), 'utf8')).filter((block) => block.language === 'sh' && block.code.includes('syncRunProgress'));
    expect(shellBlocks).toHaveLength(1);
    const line = shellBlocks[0]!.code.trim().replaceAll(DOCUMENTED_SERVER, server.baseUrl);
    const runId = await fullSyncRunId();
    const stdout = await runCurlLine(line, { RUN_ID: runId, API_KEY: API_KEYS.read });
    const events = stdout.split('\n\n').filter((event) => event.startsWith('event:'));
    expect(events.at(-1)).toMatch(/^event: complete/);
    const updates = events.filter((event) => event.startsWith('event: next')).map((event) => JSON.parse(event.split('\ndata: ')[1]!).data.syncRunProgress);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.at(-1)).toMatchObject({ status: 'SUCCEEDED', progress: 1 });
  });
});
