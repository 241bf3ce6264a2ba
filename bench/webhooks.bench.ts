import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { createDb, sqlPool } from '../src/db/client.js';
import { signatureHeader } from '../src/robaws/signature.js';
import { generateClients } from '../src/sandbox/seed/generator.js';
import { WEBHOOK_PATH } from '../src/webhooks/delivery.js';
import { forEachBenchDatabase, formatMs, printTable } from './support.js';

/**
 * Webhook ingest on loopback: the real server in a process of its own, autocannon sending signed
 * `client.updated` deliveries (each a new event id, over the 4,017 seeded clients) for 30 s on 20
 * connections. Then every event answered 2xx is looked for in the database, stored and applied: none may be lost.
 * `BENCH_WEBHOOK_SECONDS` shortens the run.
 */

const SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 30);
const CONNECTIONS = 20;
const SECRET = 'whsec_bench';
const DRAIN_TIMEOUT_MS = 300_000;

async function startServer(databaseUrl: string): Promise<{ baseUrl: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ROBAWS_WEBHOOK_SECRET: SECRET,
      SCHEDULER_ENABLED: 'false',
      SANDBOX_CLIENTS: '10',
      // The ingest capacity is measured, not the per-source limit (one source sends everything here).
      WEBHOOK_RATE_LIMIT_PER_MINUTE: '10000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { msg?: string; graphql?: string };
      if (entry.msg === 'robaws-sync is ready') resolve(String(entry.graphql).replace(/\/graphql$/, ''));
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code} before it was ready`)));
  });
  return { baseUrl, child };
}

function deliveryFactory() {
  const clients = generateClients({ count: 4017, seed: 1 }).clients;
  const startedAt = Date.now();
  let sequence = 0;
  return () => {
    sequence++;
    const client = clients[sequence % clients.length]!;
    // Later deliveries carry later Robaws updated-at values, as edits do.
    const data = { ...client, name: `${client.name} #${sequence}`, updatedAt: new Date(startedAt + sequence).toISOString() };
    const eventId = randomUUID();
    const body = JSON.stringify({ id: eventId, event: 'client.updated', data });
    return { eventId, body, signature: signatureHeader(SECRET, body) };
  };
}

async function benchAt(databaseUrl: string, label: string): Promise<void> {
  const { baseUrl, child } = await startServer(databaseUrl);
  const db = createDb(databaseUrl);
  try {
    const nextDelivery = deliveryFactory();
    const acceptedIds: string[] = [];
    const result = await autocannon({
      url: `${baseUrl}${WEBHOOK_PATH}`,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          // One request at a time per connection: the context holds the event id of the answer that comes next.
          setupRequest: (request, context) => {
            const { eventId, body, signature } = nextDelivery();
            (context as { eventId?: string }).eventId = eventId;
            return { ...request, body, headers: { 'content-type': 'application/json', 'robaws-signature': signature } };
          },
          onResponse: (status, _body, context) => {
            if (status >= 200 && status < 300) acceptedIds.push(String((context as { eventId?: string }).eventId));
          },
        },
      ],
    });
    const accepted = acceptedIds.length;
    const sentAt = Date.now();
    // Tens of thousands of ids: one array parameter, not one parameter per id (Prisma's `in` has a limit).
    const countAccepted = async (statuses: string[]) => {
      const { rows } = await sqlPool(db).query<{ count: string }>(
        'SELECT count(*) AS count FROM webhook_events WHERE event_id = ANY($1::text[]) AND status::text = ANY($2::text[])',
        [acceptedIds, statuses],
      );
      return Number(rows[0]?.count ?? 0);
    };
    while ((await countAccepted(['RECEIVED', 'PROCESSING'])) > 0 && Date.now() - sentAt < DRAIN_TIMEOUT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const drainMs = Date.now() - sentAt;
    const stored = await countAccepted(['RECEIVED', 'PROCESSING', 'PROCESSED', 'IGNORED', 'FAILED']);
    const applied = await countAccepted(['PROCESSED', 'IGNORED']);
    const failed = await countAccepted(['FAILED']);
    const outcomes = await db.webhookEvent.groupBy({ by: ['status', 'outcome'], _count: { _all: true } });
    printTable(`Webhook ingest, ${label} database, ${SECONDS} s on ${CONNECTIONS} connections over loopback`, [
      ['deliveries sent', String(result.requests.sent), ''],
      ['accepted (2xx)', String(accepted), ''],
      ['refused (non-2xx) / socket errors / timeouts', `${result.non2xx} / ${result.errors} / ${result.timeouts}`, '0 / 0 / 0'],
      ['accepted events/s', (accepted / SECONDS).toFixed(0), '>= 500'],
      ['latency p50 / p99 / max', `${result.latency.p50} / ${result.latency.p99} / ${result.latency.max} ms`, 'p99 < 100 ms'],
      ['accepted and stored', String(stored), String(accepted)],
      ['accepted and applied (processed, or ignored as stale)', String(applied), String(accepted)],
      ['accepted but failed / lost', `${failed} / ${accepted - stored}`, '0 / 0'],
      ['backlog applied after the load stopped in', formatMs(drainMs), ''],
      ['apply rate over the whole run', `${((applied / (SECONDS * 1000 + drainMs)) * 1000).toFixed(0)} events/s`, ''],
      ['outcomes', outcomes.map((row) => `${row.outcome ?? row.status} ${row._count._all}`).join(', '), ''],
    ]);
  } finally {
    await db.$disconnect();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

await forEachBenchDatabase(async ({ url, label }) => {
  await benchAt(url, label);
});
