import { expect, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

/** A real server process over a database of its own, for the browser tests, with a way to call its API. */

export interface AdminServer {
  server: ServerProcess;
  /** The page's address: <server>/admin. */
  adminUrl: string;
  /** The in-process sandbox standing in for Robaws. */
  sandboxUrl: string;
  /** Runs a GraphQL operation; fails on any GraphQL error. */
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A full sync through the API, to its end. */
  fullSync(): Promise<void>;
  stop(): Promise<void>;
}

export async function startAdminServer(env: Record<string, string> = {}, key?: string): Promise<AdminServer> {
  const database: TestDatabase = await createTestDatabase();
  const server = await startServerProcess({ DATABASE_URL: database.url, ...env });
  const request = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors || !body.data) throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const { serverInfo } = await request<{ serverInfo: { robawsBaseUrl: string } }>('{ serverInfo { robawsBaseUrl } }');
  return {
    server,
    adminUrl: `${server.baseUrl}/admin`,
    sandboxUrl: serverInfo.robawsBaseUrl,
    request,
    async fullSync() {
      const { runFullSync } = await request<{ runFullSync: { run: { id: string } } }>('mutation { runFullSync { ... on SyncRunStart { run { id } } } }');
      await vi.waitFor(
        async () => {
          const { syncRun } = await request<{ syncRun: { status: string } }>('query ($id: ID!) { syncRun(id: $id) { ... on SyncRun { status } } }', { id: runFullSync.run.id });
          expect(syncRun.status).toBe('SUCCEEDED');
        },
        { timeout: 60_000, interval: 250 },
      );
    },
    async stop() {
      await server.stop();
      await database.drop();
    },
  };
}
