import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEYS, createGraphQLApp, type GraphQLApp } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';
import { createGate, robawsWith } from '../support/robaws.js';

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

const runId = (rowId: string) => encodeGlobalID('SyncRun', rowId);

let harness: Harness;
let api: GraphQLApp;

beforeAll(async () => {
  // 12 pages, read one at a time.
  harness = await createHarness({ sandbox: { clients: 600 }, sync: { pageSize: 50, pageConcurrency: 1 } });
  api = await createGraphQLApp(harness);
}, 60_000);
afterAll(() => harness?.close());

interface StreamEvent {
  event: string;
  data: string;
}

function parseEvent(block: string): StreamEvent {
  const lines = block.split('\n');
  return {
    event: lines.find((line) => line.startsWith('event:'))?.slice(6).trim() ?? 'message',
    data: lines
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trim())
      .join('\n'),
  };
}

/** Sends the subscription and reads the event stream to its end; `onEvent` sees each event as it arrives. */
async function subscribe(id: string, onEvent: (event: StreamEvent) => void = () => {}): Promise<{ contentType: string | null; events: StreamEvent[] }> {
  const response = await api.app.fetch(
    new Request('http://app/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${API_KEYS.read}` },
      body: JSON.stringify({ query: PROGRESS, variables: { id } }),
    }),
  );
  const events: StreamEvent[] = [];
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
      const block = pending.slice(0, end);
      pending = pending.slice(end + 2);
      if (!block.trim() || block.startsWith(':')) continue;
      const event = parseEvent(block);
      events.push(event);
      onEvent(event);
    }
  }
  return { contentType: response.headers.get('content-type'), events };
}

const progressOf = (event: StreamEvent) => (JSON.parse(event.data) as { data: { syncRunProgress: ProgressEvent } }).data.syncRunProgress;

describe('syncRunProgress', () => {
  it('delivers the progress of a running full sync page by page, then SUCCEEDED, then ends', async () => {
    // Robaws answers page n only once the stream has shown n pages done: the run cannot outpace the stream.
    const pages = Array.from({ length: 12 }, () => createGate());
    const robaws = robawsWith(harness.robaws, {
      listClients: async (params, options) => {
        await pages[params.page]!.passed;
        return harness.robaws.listClients(params, options);
      },
    });
    const { run } = await harness.secondSyncService({ robaws }).start({ kind: 'FULL', trigger: 'API' });
    const { contentType, events } = await subscribe(runId(run.id), (event) => {
      if (event.event === 'next') pages[progressOf(event).pagesDone]?.open();
    });
    expect(contentType).toMatch(/text\/event-stream/);
    expect(events.at(-1)?.event).toBe('complete');

    const updates = events.filter((event) => event.event === 'next').map(progressOf);
    // A change between two reads of the row (the page count set, then the page written) may show as an update of its own.
    const pagesDone = updates.map((update) => update.pagesDone).filter((done, index, all) => index === 0 || done !== all[index - 1]);
    expect(pagesDone).toEqual(Array.from({ length: 13 }, (_, index) => index));
    expect(updates.slice(0, -1).every((update) => update.status === 'RUNNING')).toBe(true);
    expect(updates.at(-1)).toEqual({ status: 'SUCCEEDED', pagesDone: 12, pagesTotal: 12, progress: 1, fetched: 600 });
  });

  it('a finished run gives its final state once and ends', async () => {
    const { run } = await harness.sync.run({ kind: 'SINGLE', trigger: 'API', robawsClientId: '1001' });
    const { events } = await subscribe(runId(run.id));
    expect(events.map((event) => event.event)).toEqual(['next', 'complete']);
    expect(JSON.parse(events[0]!.data).data.syncRunProgress.status).toBe('SUCCEEDED');
  });

  it('an unknown run is a NOT_FOUND error on the stream, an id that is no run id a BAD_USER_INPUT one', async () => {
    const unknown = runId('00000000-0000-4000-8000-000000000000');
    const { events } = await subscribe(unknown);
    const [error] = (JSON.parse(events[0]!.data) as { errors: Array<{ message: string; extensions: { code: string } }> }).errors;
    expect(error).toMatchObject({ message: `SyncRun ${unknown} does not exist`, extensions: { code: 'NOT_FOUND' } });
    const { events: malformed } = await subscribe('00000000-0000-4000-8000-000000000000');
    const [refused] = (JSON.parse(malformed[0]!.data) as { errors: Array<{ message: string; extensions: { code: string } }> }).errors;
    expect(refused).toMatchObject({ message: 'id: Not the id of a SyncRun', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
