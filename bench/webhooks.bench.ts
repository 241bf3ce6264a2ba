import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { createDb, sqlPool } from '../src/db/client.js';
import { WebhookEventOutcome } from '../src/generated/prisma/client.js';
import { signatureHeader } from '../src/robaws/signature.js';
import { generateClients } from '../src/sandbox/seed/generator.js';
import { WEBHOOK_PATH } from '../src/webhooks/delivery.js';
import { defineBenchmark, positiveInteger } from './benchmark.js';
import { atLeast, atMost, below, equals, type Table } from './figures.js';
import { forEachBenchDatabase } from './support.js';

/**
 * Webhook ingest on loopback: the real server in a process of its own, autocannon sending signed
 * `client.updated` deliveries (each a new event id, over the 4,017 seeded clients) at a fixed rate
 * (1,000 a second by default) for 30 s on 20 connections. Then every event answered 2xx is looked for
 * in the database, stored and applied: none may be lost, and the backlog must be gone within 5 s of
 * the burst's end (events are applied as fast as they are accepted).
 */

const CONNECTIONS = 20;
const SECRET = 'whsec_bench';
const DRAIN_TIMEOUT_MS = 300_000;

async function startServer(databaseUrl: string): Promise<{ baseUrl: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['dist/main.js'], {
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

async function benchAt(databaseUrl: string, label: string, seconds: number, rate: number): Promise<Table> {
  const { baseUrl, child } = await startServer(databaseUrl);
  const db = createDb(databaseUrl);
  try {
    const nextDelivery = deliveryFactory();
    const acceptedIds: string[] = [];
    const result = await autocannon({
      url: `${baseUrl}${WEBHOOK_PATH}`,
      connections: CONNECTIONS,
      duration: seconds,
      overallRate: rate,
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
    const outcomes = await db.webhookEvent.groupBy({ by: ['outcome'], where: { outcome: { not: null } }, _count: { _all: true } });
    const count = (outcome: string) => outcomes.find((row) => row.outcome === outcome)?._count._all ?? 0;
    return {
      title: `Webhook ingest, ${label} database, ${rate} events/s for ${seconds} s on ${CONNECTIONS} connections over loopback`,
      figures: [
        { label: 'deliveries sent', value: result.requests.sent },
        { label: 'accepted (2xx)', value: accepted },
        { label: 'refused (non-2xx)', value: result.non2xx, target: equals(0) },
        { label: 'socket errors', value: result.errors, target: equals(0) },
        { label: 'timeouts', value: result.timeouts, target: equals(0) },
        { label: 'accepted events/s', value: accepted / seconds, unit: 'per-second', target: atLeast(rate * 0.95) },
        { label: 'latency p50', value: result.latency.p50, unit: 'ms' },
        { label: 'latency p99', value: result.latency.p99, unit: 'ms', target: below(100) },
        { label: 'latency max', value: result.latency.max, unit: 'ms' },
        { label: 'accepted and stored', value: stored },
        { label: 'accepted but lost (not stored)', value: accepted - stored, target: equals(0) },
        { label: 'accepted but not applied (processed, or ignored as stale)', value: accepted - applied, target: equals(0) },
        { label: 'accepted but failed', value: failed, target: equals(0) },
        { label: 'backlog applied after the load stopped in', value: drainMs, unit: 'ms', target: atMost(5000) },
        { label: 'apply rate over the whole run', value: (applied / (seconds * 1000 + drainMs)) * 1000, unit: 'per-second' },
        ...Object.values(WebhookEventOutcome).map((outcome) => ({ label: `  outcome ${outcome}`, value: count(outcome) })),
      ],
    };
  } finally {
    await db.$disconnect();
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

export const benchmark = defineBenchmark({
  description: 'signed webhook deliveries at a fixed rate against the real server: accepted per second, latency, none lost, backlog gone within 5 s',
  variables: {
    BENCH_WEBHOOK_SECONDS: positiveInteger('seconds of load', 30),
    BENCH_WEBHOOK_RATE: positiveInteger('deliveries sent per second', 1000),
  },
  async run(settings, report) {
    await forEachBenchDatabase(async ({ url, label }) => report(await benchAt(url, label, settings.BENCH_WEBHOOK_SECONDS, settings.BENCH_WEBHOOK_RATE)));
  },
});
