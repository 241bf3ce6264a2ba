import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import {
  JSON_PATCH_CONTENT_TYPE,
  MERGE_PATCH_CONTENT_TYPE,
  ROBAWS_CLIENTS_PATH,
  ROBAWS_MAX_PAGE_SIZE,
  ROBAWS_WEBHOOK_ENDPOINTS_PATH,
} from '../robaws/endpoints.js';
import type { ClientEventType } from '../robaws/types.js';
import { isJsonObject, JsonPatchError, type JsonObject } from './json.js';
import { createRandom } from './random.js';
import { DEFAULT_CLIENT_COUNT, generateClients } from './seed.js';
import {
  ClientNotFoundError,
  ClientStore,
  ClientValidationError,
  DEFAULT_PAGE_SIZE,
  type ClientRecord,
  type ListClientsQuery,
  type SortKey,
} from './store.js';
import { WebhookDispatcher, type DeliveryAttempt, type SandboxLogger } from './webhooks.js';

export type { DeliveryAttempt, SandboxLogger };

/** What the sandbox answers when a JSON Patch `test` fails (assumed: 409 Conflict; Robaws may say 412). */
export const JSON_PATCH_TEST_FAILED_STATUS = 409;
/** What it answers when an operation's path does not exist (RFC 5789: the patch conflicts with the resource's state). */
export const JSON_PATCH_CONFLICT_STATUS = 409;

const JSON_MEDIA_TYPE = 'application/json';
const MAX_BODY_BYTES = 1024 * 1024;
const LIST_CLIENTS_ROUTE = `GET ${ROBAWS_CLIENTS_PATH}`;

const knobsSchema = z.object({
  /** Added to every API request. */
  latencyMs: z.number().int().nonnegative(),
  /** Share of API requests answered with a 500 (seeded, so runs repeat). */
  errorRate: z.number().min(0).max(1),
  /** Per credentials; 0 means unlimited. */
  rateLimitPerSecond: z.number().int().nonnegative(),
  /** Every list request for this page or a later one answers 500; null: off. */
  failListPagesFrom: z.number().int().nonnegative().nullable(),
  /** List pages answered with a body that does not fit the page envelope. */
  malformedPages: z.array(z.number().int().nonnegative()),
});
export type SandboxKnobs = z.infer<typeof knobsSchema>;
const knobsChangeSchema = knobsSchema.partial().strict();

const DEFAULT_KNOBS: SandboxKnobs = { latencyMs: 0, errorRate: 0, rateLimitPerSecond: 50, failListPagesFrom: null, malformedPages: [] };

export interface SandboxOptions extends Partial<SandboxKnobs> {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** How many clients to generate (default 4017), or the clients themselves. */
  clients?: number | readonly ClientRecord[];
  /** Seeds the generated clients and the injected errors. Default 1. */
  seed?: number;
  /** Basic auth credentials; default "sandbox" / "sandbox". */
  username?: string;
  password?: string;
  /** Waits before each webhook retry; default [1000, 5000, 30000]. */
  deliveryRetryDelaysMs?: readonly number[];
  /** Default 2000, Robaws' connect and read timeout. */
  deliveryTimeoutMs?: number;
  logger?: SandboxLogger;
}

/** The options the sandbox started with, defaults filled in (the knobs as they were at start). */
export type ResolvedSandboxOptions = Required<Omit<SandboxOptions, 'clients' | 'logger'>> & { clients: number; logger?: SandboxLogger };

export interface SandboxStats {
  /** API requests (not control requests), including refused ones. */
  requests: number;
  /** e.g. `{"GET /api/v2/clients": 41, "PATCH /api/v2/clients/{id}": 2}`. */
  byRoute: Record<string, number>;
  /** Every authenticated, admitted list request, as asked. */
  listRequests: Array<{ page: number; size: number; updatedFrom: string | null }>;
}

export interface Sandbox {
  /** Base URL, e.g. http://127.0.0.1:40123 (the API is under /api/v2). */
  url: string;
  port: number;
  store: ClientStore;
  options: ResolvedSandboxOptions;
  /** Changes knobs at run time; returns them all. */
  setKnobs(change: Partial<SandboxKnobs>): SandboxKnobs;
  stats(): SandboxStats;
  resetStats(): void;
  /** Every delivery attempt so far, oldest first. */
  deliveries(): DeliveryAttempt[];
  whenDeliveriesIdle(): Promise<void>;
  /** Sends `event` for the client as it is now; resolves with the event id once every delivery succeeded or was given up. */
  deliver(event: ClientEventType, clientId: number): Promise<string>;
  /** Sends `event` with this body as `data`, e.g. an old copy of a client to test out-of-order deliveries. */
  deliverSnapshot(event: ClientEventType, client: JsonObject): Promise<string>;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RouteRequest {
  url: URL;
  /** The path's captured parts, e.g. the client id. */
  params: string[];
  mediaType: string;
  readJson(): Promise<unknown>;
}

type Handler = (request: RouteRequest) => Reply | Promise<Reply>;

interface Resource {
  /** As counted in stats, e.g. `/api/v2/clients/{id}`. */
  path: string;
  pattern: RegExp;
  methods: Partial<Record<string, Handler>>;
  /** Control routes (/__sandbox/...): no auth, latency, rate limit, injected errors or stats. */
  control: boolean;
}

/** `/api/v2/clients/{id}` matches `/api/v2/clients/1001`; `idPattern` says what an id looks like (digits by default). */
function resource(path: string, methods: Resource['methods'], options: { idPattern?: string; control?: boolean } = {}): Resource {
  const escaped = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace('{id}', `(${options.idPattern ?? '\\d+'})`);
  return { path, pattern: new RegExp(`^${escaped}$`), methods, control: options.control ?? false };
}

const pageParam = z.string().regex(/^\d+$/, 'page must be a whole number from 0').transform(Number);
const sizeParam = z
  .string()
  .regex(/^\d+$/, 'size must be a whole number')
  .transform(Number)
  .pipe(z.number().min(1, 'size must be at least 1').max(ROBAWS_MAX_PAGE_SIZE, `size must not be greater than ${ROBAWS_MAX_PAGE_SIZE}`));
const pagingSchema = z.object({ page: pageParam.optional(), size: sizeParam.optional() });
const listQuerySchema = pagingSchema.extend({
  updatedFrom: z.iso.datetime({ offset: true, error: 'updatedFrom must be an ISO-8601 date-time with a time zone' }).optional(),
  sort: z.string().optional(),
});

function parseQuery<T extends z.ZodType>(schema: T, searchParams: URLSearchParams): z.output<T> {
  const parsed = schema.safeParse(Object.fromEntries(searchParams));
  if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
}

/** `name:asc,address.city:desc` (direction optional, ascending by default). */
function parseSort(text: string): SortKey[] {
  return text
    .split(',')
    .filter((part) => part.trim() !== '')
    .map((part) => {
      const match = /^\s*([A-Za-z][\w.]*)\s*(?::\s*(asc|desc)\s*)?$/i.exec(part);
      if (!match) throw new HttpError(400, `sort must read "field:asc,other:desc", got "${text}"`);
      return { field: match[1]!, direction: (match[2]?.toLowerCase() ?? 'asc') as SortKey['direction'] };
    });
}

/** `extraFields[Role]=FORWARDER`; URLSearchParams has already decoded URL-encoded brackets. */
function extraFieldFilters(searchParams: URLSearchParams): Record<string, string> {
  const filters: Record<string, string> = {};
  for (const [key, value] of searchParams) {
    const name = /^extraFields\[(.+)\]$/.exec(key)?.[1];
    if (name !== undefined) filters[name] = value;
  }
  return filters;
}

function parseListQuery(searchParams: URLSearchParams): ListClientsQuery {
  const { page, size, updatedFrom, sort } = parseQuery(listQuerySchema, searchParams);
  return {
    page,
    size,
    updatedFrom: updatedFrom ?? null,
    sort: sort === undefined ? [] : parseSort(sort),
    filters: { extraFields: extraFieldFilters(searchParams) },
  };
}

const jsonPatchSchema = z.array(
  z.discriminatedUnion(
    'op',
    [
      z.object({ op: z.enum(['test', 'add', 'replace']), path: z.string(), value: z.unknown() }),
      z.object({ op: z.literal('remove'), path: z.string() }),
    ],
    { error: 'each operation must be test, add, replace or remove, with a path' },
  ),
  { error: 'a JSON Patch must be an array of operations' },
);

const webhookEndpointInputSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }),
  events: z.array(z.string().min(1), { error: 'must be a list of event types' }).min(1, 'must name at least one event'),
});

const clientChangeSchema = z.object({ count: z.number().int().nonnegative(), seed: z.number().int().optional() });

function validationFailed(issues: readonly z.core.$ZodIssue[]): Reply {
  return {
    status: 422,
    body: { message: 'Validation failed', errors: issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })) },
  };
}

function requireJsonObject(value: unknown): JsonObject {
  if (!isJsonObject(value)) throw new HttpError(400, 'The body must be a JSON object');
  return value;
}

function requireMediaType(request: RouteRequest, mediaType: string): void {
  if (request.mediaType !== mediaType) throw new HttpError(415, `Content-Type must be ${mediaType}`);
}

/** Sliding one-second window per credentials; only admitted requests count. */
class RateLimiter {
  private readonly admitted = new Map<string, number[]>();

  /** Null when admitted; otherwise the seconds to wait. */
  admit(key: string, limitPerSecond: number, now: number): number | null {
    if (limitPerSecond === 0) return null;
    const times = this.admitted.get(key) ?? [];
    while (times.length > 0 && times[0]! <= now - 1000) times.shift();
    if (times.length >= limitPerSecond) return Math.max(1, Math.ceil((times[0]! + 1000 - now) / 1000));
    times.push(now);
    this.admitted.set(key, times);
    return null;
  }
}

function readBasicAuth(header: string | undefined): { username: string; password: string } | null {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

async function readBody(request: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_BODY_BYTES) throw new HttpError(413, `The body must not be larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: http.ServerResponse, reply: Reply): void {
  if (response.headersSent || response.destroyed) return;
  const body = reply.body === undefined ? undefined : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    ...reply.headers,
    ...(body === undefined ? {} : { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) }),
  });
  response.end(body);
}

function resolveOptions(options: SandboxOptions): ResolvedSandboxOptions {
  const knobs = knobsSchema.parse({
    latencyMs: options.latencyMs ?? DEFAULT_KNOBS.latencyMs,
    errorRate: options.errorRate ?? DEFAULT_KNOBS.errorRate,
    rateLimitPerSecond: options.rateLimitPerSecond ?? DEFAULT_KNOBS.rateLimitPerSecond,
    failListPagesFrom: options.failListPagesFrom ?? DEFAULT_KNOBS.failListPagesFrom,
    malformedPages: options.malformedPages ?? DEFAULT_KNOBS.malformedPages,
  });
  const clients = options.clients ?? DEFAULT_CLIENT_COUNT;
  return {
    ...knobs,
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    clients: typeof clients === 'number' ? clients : clients.length,
    seed: options.seed ?? 1,
    username: options.username ?? 'sandbox',
    password: options.password ?? 'sandbox',
    deliveryRetryDelaysMs: options.deliveryRetryDelaysMs ?? [1000, 5000, 30_000],
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 2000,
    logger: options.logger,
  };
}

function matchResource(resources: readonly Resource[], pathname: string): { resource: Resource; params: string[] } | null {
  for (const resource of resources) {
    const found = resource.pattern.exec(pathname);
    if (found) return { resource, params: found.slice(1) };
  }
  return null;
}

function emptyStats(): SandboxStats {
  return { requests: 0, byRoute: {}, listRequests: [] };
}

/** A stand-in for Robaws on a local port: see ../shared/robaws-api.md for what it must do the same way. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const resolved = resolveOptions(options);
  const { logger } = resolved;
  const records = typeof options.clients === 'object' ? options.clients : generateClients({ count: resolved.clients, seed: resolved.seed }).clients;
  const store = new ClientStore(records);
  const dispatcher = new WebhookDispatcher({ retryDelaysMs: resolved.deliveryRetryDelaysMs, timeoutMs: resolved.deliveryTimeoutMs, logger });
  const stopListening = store.onEvent((event) => void dispatcher.dispatch(event.type, event.client));
  let knobs: SandboxKnobs = knobsSchema.parse(resolved); // parsing keeps only the knobs
  let stats = emptyStats();
  const rateLimiter = new RateLimiter();
  const errorRandom = createRandom(resolved.seed ^ 0x5eed);
  const latencyTimers = new Set<NodeJS.Timeout>();

  const setKnobs = (change: Partial<SandboxKnobs>): SandboxKnobs => {
    knobs = { ...knobs, ...knobsChangeSchema.parse(change) };
    return { ...knobs, malformedPages: [...knobs.malformedPages] };
  };

  const resources: Resource[] = [
    resource(ROBAWS_CLIENTS_PATH, {
      GET: ({ url }) => {
        const query = parseListQuery(url.searchParams);
        const page = query.page ?? 0;
        if (knobs.failListPagesFrom !== null && page >= knobs.failListPagesFrom) {
          return { status: 500, body: { message: 'Internal server error' } };
        }
        const result = store.list(query);
        // Keys other than the envelope's, as a broken proxy or a changed API might send.
        if (knobs.malformedPages.includes(page)) return { status: 200, body: { data: result.items, total: String(result.totalItems) } };
        return { status: 200, body: result };
      },
      POST: async (request) => {
        requireMediaType(request, JSON_MEDIA_TYPE);
        return { status: 201, body: store.create(requireJsonObject(await request.readJson())) };
      },
    }),
    resource(`${ROBAWS_CLIENTS_PATH}/{id}`, {
      GET: ({ params }) => {
        const id = Number(params[0]);
        const client = store.get(id);
        if (!client) throw new ClientNotFoundError(id);
        return { status: 200, body: client };
      },
      PATCH: async (request) => {
        const id = Number(request.params[0]);
        if (request.mediaType === MERGE_PATCH_CONTENT_TYPE) {
          return { status: 200, body: store.update(id, requireJsonObject(await request.readJson())) };
        }
        if (request.mediaType === JSON_PATCH_CONTENT_TYPE) {
          const operations = jsonPatchSchema.safeParse(await request.readJson());
          if (!operations.success) throw new HttpError(400, operations.error.issues.map((issue) => issue.message).join('; '));
          return { status: 200, body: store.applyJsonPatch(id, operations.data) };
        }
        throw new HttpError(415, `Content-Type must be ${MERGE_PATCH_CONTENT_TYPE} or ${JSON_PATCH_CONTENT_TYPE}`);
      },
    }),
    resource(ROBAWS_WEBHOOK_ENDPOINTS_PATH, {
      GET: ({ url }) => {
        const { page = 0, size = DEFAULT_PAGE_SIZE } = parseQuery(pagingSchema, url.searchParams);
        const endpoints = dispatcher.list().map(({ id, url: endpointUrl, events, createdAt }) => ({ id, url: endpointUrl, events, createdAt }));
        return { status: 200, body: { items: endpoints.slice(page * size, (page + 1) * size), totalItems: endpoints.length, page, size } };
      },
      POST: async (request) => {
        requireMediaType(request, JSON_MEDIA_TYPE);
        const input = webhookEndpointInputSchema.safeParse(await request.readJson());
        if (!input.success) return validationFailed(input.error.issues);
        const { id, url, events, secret, createdAt } = dispatcher.register(input.data.url, input.data.events);
        return { status: 201, body: { id, url, events, secret, createdAt } };
      },
    }),
    resource(
      `${ROBAWS_WEBHOOK_ENDPOINTS_PATH}/{id}`,
      {
        DELETE: ({ params }) => {
          if (!dispatcher.remove(params[0]!)) throw new HttpError(404, `Webhook endpoint ${params[0]} not found`);
          return { status: 204 };
        },
      },
      { idPattern: '[^/]+' },
    ),
    resource(
      '/__sandbox/knobs',
      {
        POST: async (request) => {
          const change = knobsChangeSchema.safeParse(await request.readJson());
          if (!change.success) return validationFailed(change.error.issues);
          return { status: 200, body: setKnobs(change.data) };
        },
      },
      { control: true },
    ),
    resource(
      '/__sandbox/clients/change',
      {
        POST: async (request) => {
          const input = clientChangeSchema.safeParse(await request.readJson());
          if (!input.success) return validationFailed(input.error.issues);
          return { status: 200, body: { ids: store.changeRandom(input.data.count, input.data.seed) } };
        },
      },
      { control: true },
    ),
    resource(
      '/__sandbox/clients/{id}/delete',
      {
        POST: ({ params }) => {
          const id = Number(params[0]);
          store.delete(id);
          return { status: 200, body: { id } };
        },
      },
      { control: true },
    ),
    resource('/__sandbox/clients/{id}/restore', { POST: ({ params }) => ({ status: 200, body: store.restore(Number(params[0])) }) }, { control: true }),
    resource('/__sandbox/stats', { GET: () => ({ status: 200, body: stats }) }, { control: true }),
    resource(
      '/__sandbox/stats/reset',
      {
        POST: () => {
          stats = emptyStats();
          return { status: 204 };
        },
      },
      { control: true },
    ),
  ];

  const errorReply = (error: unknown): Reply => {
    if (error instanceof HttpError) return { status: error.status, body: { message: error.message }, headers: error.headers };
    if (error instanceof ClientNotFoundError) return { status: 404, body: { message: `Client ${error.clientId} not found` } };
    if (error instanceof ClientValidationError) return { status: 422, body: { message: 'Validation failed', errors: error.errors } };
    if (error instanceof JsonPatchError) {
      const status = { invalid: 400, conflict: JSON_PATCH_CONFLICT_STATUS, 'test-failed': JSON_PATCH_TEST_FAILED_STATUS }[error.failure];
      return { status, body: { message: error.message } };
    }
    logger?.warn({ err: error }, 'sandbox request failed');
    return { status: 500, body: { message: 'Internal server error' } };
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        latencyTimers.delete(timer);
        resolve();
      }, ms);
      latencyTimers.add(timer);
    });

  /** Everything Robaws does before a route runs: latency, auth, rate limit, and the injected failures. */
  const admitApiRequest = async (request: http.IncomingMessage, url: URL, routeKey: string): Promise<void> => {
    stats.requests++;
    stats.byRoute[routeKey] = (stats.byRoute[routeKey] ?? 0) + 1;
    if (knobs.latencyMs > 0) await sleep(knobs.latencyMs);
    const credentials = readBasicAuth(request.headers.authorization);
    if (credentials?.username !== resolved.username || credentials.password !== resolved.password) {
      throw new HttpError(401, 'Unauthorized', { 'WWW-Authenticate': 'Basic realm="Robaws"' });
    }
    const retryAfterSeconds = rateLimiter.admit(credentials.username, knobs.rateLimitPerSecond, Date.now());
    if (retryAfterSeconds !== null) {
      throw new HttpError(429, 'Too many requests: slow down', { 'Retry-After': String(retryAfterSeconds) });
    }
    if (routeKey === LIST_CLIENTS_ROUTE) {
      const { searchParams } = url;
      stats.listRequests.push({
        page: Number(searchParams.get('page') ?? 0),
        size: Number(searchParams.get('size') ?? DEFAULT_PAGE_SIZE),
        updatedFrom: searchParams.get('updatedFrom'),
      });
    }
    if (knobs.errorRate > 0 && errorRandom.next() < knobs.errorRate) throw new HttpError(500, 'Internal server error');
  };

  const handle = async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://sandbox');
    const method = request.method ?? 'GET';
    const match = matchResource(resources, url.pathname);
    const isApi = url.pathname.startsWith('/api/');
    if (isApi) await admitApiRequest(request, url, match ? `${method} ${match.resource.path}` : `${method} (no route)`);
    if (!match || (!isApi && !match.resource.control)) throw new HttpError(404, `No route for ${method} ${url.pathname}`);
    const handler = match.resource.methods[method];
    if (!handler) throw new HttpError(405, `${method} is not allowed here`, { Allow: Object.keys(match.resource.methods).join(', ') });
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const reply = await handler({
      url,
      params: match.params,
      mediaType,
      readJson: async () => {
        const text = await readBody(request);
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new HttpError(400, 'The body is not valid JSON');
        }
      },
    });
    send(response, reply);
  };

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, errorReply(error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  let closing: Promise<void> | null = null;

  return {
    url: `http://${hostInUrl}:${port}`,
    port,
    store,
    options: { ...resolved, port },
    setKnobs,
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    deliveries: () => dispatcher.attempts(),
    whenDeliveriesIdle: () => dispatcher.whenIdle(),
    deliver: (event, clientId) => {
      const client = store.get(clientId);
      return client ? dispatcher.dispatch(event, client) : Promise.reject(new ClientNotFoundError(clientId));
    },
    deliverSnapshot: (event, client) => dispatcher.dispatch(event, structuredClone(client)),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        stopListening();
        dispatcher.close();
        for (const timer of latencyTimers) clearTimeout(timer);
        latencyTimers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
