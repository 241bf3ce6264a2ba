import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEYS, createGraphQLApp, type GraphQLApp } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';

/** syncRunProgress over server-sent events, as a browser's EventSource-style client reads it. */

const PROGRESS = `subscription Progress($id: ID!) {
  syncRunProgress(id: $id) { status pagesDone pagesTotal progress fetched }
}`;

interface ProgressEvent {
  status: string;
  pagesDone: number;
  pagesTotal: number | null;
  progress: number | null;
  fetched: number;
}

let harness: Harness;
let api: GraphQLApp;

beforeAll(async () => {
  // 12 pages read one at a time, each answered after 80 ms: a run of about a second.
  harness = await createHarness({ sandbox: { clients: 600, latencyMs: 80 }, sync: { pageSize: 50, pageConcurrency: 1 } });
  api = await createGraphQLApp(harness);
}, 60_000);
afterAll(() => harness?.close());

/** Sends the subscription and reads the event stream to its end. */
async function subscribe(id: string): Promise<{ contentType: string | null; events: Array<{ event: string; data: string }> }> {
  const response = await api.app.fetch(
    new Request('http://app/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${API_KEYS.read}` },
      body: JSON.stringify({ query: PROGRESS, variables: { id } }),
    }),
  );
  const text = await response.text();
  const events = text
    .split('\n\n')
    .filter((block) => block.trim() && !block.startsWith(':'))
    .map((block) => {
      const lines = block.split('\n');
      return {
        event: lines.find((line) => line.startsWith('event:'))?.slice(6).trim() ?? 'message',
        data: lines
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n'),
      };
    });
  return { contentType: response.headers.get('content-type'), events };
}

describe('syncRunProgress', () => {
  it('delivers increasing progress while a full sync runs, then SUCCEEDED, then ends', async () => {
    const { run } = await harness.sync.start({ kind: 'FULL', trigger: 'API' });
    const { contentType, events } = await subscribe(run.id);
    expect(contentType).toMatch(/text\/event-stream/);
    const updates = events.filter((event) => event.event === 'next').map((event) => (JSON.parse(event.data) as { data: { syncRunProgress: ProgressEvent } }).data.syncRunProgress);
    expect(events.at(-1)?.event).toBe('complete');

    expect(updates.length).toBeGreaterThanOrEqual(3);
    const pagesDone = updates.map((update) => update.pagesDone);
    expect(pagesDone).toEqual([...pagesDone].sort((a, b) => a - b));
    expect(new Set(pagesDone).size).toBeGreaterThanOrEqual(3);
    expect(updates.slice(0, -1).every((update) => update.status === 'RUNNING')).toBe(true);
    expect(updates.at(-1)).toEqual({ status: 'SUCCEEDED', pagesDone: 12, pagesTotal: 12, progress: 1, fetched: 600 });
  });

  it('a finished run gives its final state once and ends', async () => {
    const { run } = await harness.sync.run({ kind: 'SINGLE', trigger: 'API', robawsClientId: '1001' });
    const { events } = await subscribe(run.id);
    expect(events.map((event) => event.event)).toEqual(['next', 'complete']);
    expect(JSON.parse(events[0]!.data).data.syncRunProgress.status).toBe('SUCCEEDED');
  });

  it('an unknown run is a NOT_FOUND error on the stream', async () => {
    const { events } = await subscribe('00000000-0000-4000-8000-000000000000');
    const [error] = (JSON.parse(events[0]!.data) as { errors: Array<{ message: string; extensions: { code: string } }> }).errors;
    expect(error).toMatchObject({ message: 'SyncRun 00000000-0000-4000-8000-000000000000 does not exist', extensions: { code: 'NOT_FOUND' } });
  });
});
