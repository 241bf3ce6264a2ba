import { z } from 'zod';
import { backoffDelayMs } from '../concurrency.js';
import {
  JSON_PATCH_CONTENT_TYPE,
  MERGE_PATCH_CONTENT_TYPE,
  ROBAWS_CLIENTS_PATH,
  ROBAWS_DEFAULT_PAGE_SIZE,
  ROBAWS_MAX_PAGE_SIZE,
  ROBAWS_PRECONDITION_FAILED_STATUSES,
  ROBAWS_WEBHOOK_ENDPOINTS_PATH,
} from './endpoints.js';
import {
  RobawsAuthError,
  RobawsNetworkError,
  RobawsNotFoundError,
  RobawsPreconditionFailedError,
  RobawsRateLimitedError,
  RobawsServerError,
  RobawsTimeoutError,
  RobawsUnexpectedStatusError,
  RobawsValidationError,
  describeStatus,
  type RobawsRequestLabel,
  type RobawsTransientError,
} from './errors.js';
import { RequestPacer, abortableSleep, timerSleep, type Sleep } from './rate-limiter.js';
import { fieldErrorsOf, parseClientPageText, parseClientRecord, parseJsonBody, parseOrThrow, parseRetryAfter, robawsMessageOf, tryParseJson } from './responses.js';
import {
  robawsWebhookEndpointSchema,
  type JsonPatchOperation,
  type RobawsClient,
  type RobawsClientPatch,
  type RobawsWebhookEndpoint,
} from './types.js';

export interface RobawsClientOptions {
  /** e.g. https://app.robaws.com or http://127.0.0.1:PORT (sandbox); a path prefix is kept. */
  baseUrl: string;
  /** HTTP Basic credentials of the API-only user. */
  username: string;
  password: string;
  /** Per attempt, default 10_000. */
  timeoutMs?: number;
  /** Default 4, so at most 5 attempts. */
  maxRetries?: number;
  /** Exponential backoff with jitter (src/concurrency.ts): default 500, capped by retryMaxDelayMs (default 30_000). */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Client-side pacing of request starts, default 8 (conservative: Robaws' quota is not published). */
  requestsPerSecond?: number;
  /** Default 4. */
  maxConcurrentRequests?: number;
  fetch?: typeof fetch;
  /** Pino-style; src/log.ts's Logger fits. */
  logger?: { warn(fields: Record<string, unknown>, msg: string): void; debug?(fields: Record<string, unknown>, msg: string): void };
  /** Injectable for tests; used for retry delays and pacing. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told of every attempt and every retry (metrics). */
  observer?: RobawsRequestObserver;
}

/** One attempt's answer: its HTTP status, or why there was none. */
export interface RobawsAttempt {
  method: string;
  status: number | 'timeout' | 'network_error';
  durationMs: number;
}

export interface RobawsRequestObserver {
  attempt(attempt: RobawsAttempt): void;
  retry(attempt: Omit<RobawsAttempt, 'durationMs'>): void;
}

export interface RobawsClientRecord {
  client: RobawsClient;
  /** The record exactly as Robaws sent it. */
  raw: Record<string, unknown>;
  /** Its text as Robaws sent it, when read from a page. */
  json?: string;
}

export interface RobawsClientPage {
  page: number;
  size: number;
  totalItems: number;
  totalPages: number;
  records: RobawsClientRecord[];
  /** Items that do not fit the schema: reported, not thrown. */
  invalid: Array<{ index: number; id: string | null; raw: unknown; reason: string }>;
  /** Items the caller said it knew (`isKnown`): in neither list. */
  known: number;
  /** Robaws' clock when it answered (its Date header), null without one: marks are taken in Robaws' time. */
  robawsTime: Date | null;
}

export interface ListClientsParams {
  /** 0-based. */
  page: number;
  /** 1..100, default 100. */
  size?: number;
  /** Only clients whose updatedAt is at or after this instant. */
  updatedFrom?: Date;
  /** e.g. `updatedAt:asc,id:asc`. */
  sort?: string;
}

export interface ListClientsOptions {
  signal?: AbortSignal;
  /** Told each item's text; an item it answers true for is only counted (`known`), not read. */
  isKnown?: (itemJson: string) => boolean;
}

export interface RobawsApi {
  listClients(params: ListClientsParams, options?: ListClientsOptions): Promise<RobawsClientPage>;
  /** Throws RobawsNotFoundError on 404. */
  getClient(id: string, options?: { signal?: AbortSignal }): Promise<RobawsClientRecord>;
  createClient(data: RobawsClientPatch & Record<string, unknown>): Promise<RobawsClientRecord>;
  /** PATCH with application/merge-patch+json. */
  mergePatchClient(id: string, patch: RobawsClientPatch): Promise<RobawsClientRecord>;
  /** PATCH with application/json-patch+json; a failed `test` throws RobawsPreconditionFailedError. */
  jsonPatchClient(id: string, operations: JsonPatchOperation[]): Promise<RobawsClientRecord>;
  listWebhookEndpoints(): Promise<RobawsWebhookEndpoint[]>;
  /** The answer holds the endpoint's secret, needed to verify deliveries. */
  createWebhookEndpoint(input: { url: string; events: string[] }): Promise<RobawsWebhookEndpoint & { secret: string }>;
  deleteWebhookEndpoint(id: string): Promise<void>;
}

const JSON_CONTENT_TYPE = 'application/json';

type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

interface RequestSpec {
  method: HttpMethod;
  path: string;
  body?: { contentType: string; value: unknown };
  /** Named in a RobawsNotFoundError on 404. */
  resource: { type: string; id: string | null };
  signal?: AbortSignal;
}

interface RetryableFailure {
  error: RobawsTransientError;
  status: RobawsAttempt['status'];
  /** Short, for the retry log line. */
  reason: string;
  retryAfterMs?: number;
  /** True when Robaws certainly did not process the request (429, 503), so even a POST/PATCH may be sent again. */
  notProcessed: boolean;
}

type AttemptOutcome = { text: string; date: Date | null } | { failure: RetryableFailure };

export class RobawsHttpClient implements RobawsApi {
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly retryMaxDelayMs: number;
  private readonly fetch: typeof fetch;
  private readonly logger: RobawsClientOptions['logger'];
  private readonly sleep: Sleep;
  private readonly pacer: RequestPacer;
  private readonly observer: RobawsRequestObserver | undefined;

  constructor(options: RobawsClientOptions) {
    this.baseUrl = new URL(options.baseUrl).href.replace(/\/+$/, '');
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRetries = options.maxRetries ?? 4;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.retryMaxDelayMs = options.retryMaxDelayMs ?? 30_000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.logger = options.logger;
    this.sleep = options.sleep ? abortableSleep(options.sleep) : timerSleep;
    this.observer = options.observer;
    this.pacer = new RequestPacer({
      requestsPerSecond: options.requestsPerSecond ?? 8,
      maxConcurrentRequests: options.maxConcurrentRequests ?? 4,
      sleep: this.sleep,
    });
  }

  async listClients(params: ListClientsParams, options: ListClientsOptions = {}): Promise<RobawsClientPage> {
    const size = params.size ?? ROBAWS_DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(params.page) || params.page < 0) throw new RangeError(`page must be an integer >= 0, got ${params.page}`);
    if (!Number.isInteger(size) || size < 1 || size > ROBAWS_MAX_PAGE_SIZE) {
      throw new RangeError(`size must be an integer from 1 to ${ROBAWS_MAX_PAGE_SIZE}, got ${size}`);
    }
    const query = new URLSearchParams({ page: String(params.page), size: String(size) });
    if (params.updatedFrom) query.set('updatedFrom', params.updatedFrom.toISOString());
    if (params.sort) query.set('sort', params.sort);
    const request = { method: 'GET', path: `${ROBAWS_CLIENTS_PATH}?${query}` } as const;
    const { text, date } = await this.exchange({ ...request, resource: { type: 'clients', id: null }, signal: options.signal });
    return { ...parseClientPageText(text, { page: params.page, size }, request, options.isKnown), robawsTime: date };
  }

  async getClient(id: string, options: { signal?: AbortSignal } = {}): Promise<RobawsClientRecord> {
    const request = { method: 'GET', path: clientPath(id) } as const;
    const body = await this.request({ ...request, resource: { type: 'client', id }, signal: options.signal });
    return parseClientRecord(body, request);
  }

  async createClient(data: RobawsClientPatch & Record<string, unknown>): Promise<RobawsClientRecord> {
    const request = { method: 'POST', path: ROBAWS_CLIENTS_PATH } as const;
    const body = await this.request({
      ...request,
      body: { contentType: JSON_CONTENT_TYPE, value: data },
      resource: { type: 'clients', id: null },
    });
    return parseClientRecord(body, request);
  }

  mergePatchClient(id: string, patch: RobawsClientPatch): Promise<RobawsClientRecord> {
    return this.patchClient(id, { contentType: MERGE_PATCH_CONTENT_TYPE, value: patch });
  }

  jsonPatchClient(id: string, operations: JsonPatchOperation[]): Promise<RobawsClientRecord> {
    return this.patchClient(id, { contentType: JSON_PATCH_CONTENT_TYPE, value: operations });
  }

  async listWebhookEndpoints(): Promise<RobawsWebhookEndpoint[]> {
    const request = { method: 'GET', path: ROBAWS_WEBHOOK_ENDPOINTS_PATH } as const;
    const body = await this.request({ ...request, resource: { type: 'webhook endpoints', id: null } });
    // Assumed: a plain array; a page envelope `{items}` like the other lists is accepted as well.
    const items = body !== null && typeof body === 'object' && !Array.isArray(body) && 'items' in body ? body.items : body;
    return parseOrThrow(z.array(robawsWebhookEndpointSchema), items, 'webhook endpoint list', request);
  }

  async createWebhookEndpoint(input: { url: string; events: string[] }): Promise<RobawsWebhookEndpoint & { secret: string }> {
    const request = { method: 'POST', path: ROBAWS_WEBHOOK_ENDPOINTS_PATH } as const;
    const body = await this.request({
      ...request,
      body: { contentType: JSON_CONTENT_TYPE, value: { url: input.url, events: input.events } },
      resource: { type: 'webhook endpoints', id: null },
    });
    return parseOrThrow(robawsWebhookEndpointSchema.extend({ secret: z.string().min(1) }), body, 'webhook endpoint', request);
  }

  async deleteWebhookEndpoint(id: string): Promise<void> {
    await this.request({
      method: 'DELETE',
      path: `${ROBAWS_WEBHOOK_ENDPOINTS_PATH}/${encodeURIComponent(id)}`,
      resource: { type: 'webhook endpoint', id },
    });
  }

  private async patchClient(id: string, body: { contentType: string; value: unknown }): Promise<RobawsClientRecord> {
    const request = { method: 'PATCH', path: clientPath(id) } as const;
    const answer = await this.request({ ...request, body, resource: { type: 'client', id } });
    // Robaws may acknowledge a PATCH with an empty 204 (the seeds only saw "truthy"): then read the client back.
    if (answer === undefined) return this.getClient(id);
    return parseClientRecord(answer, request);
  }

  /** Sends the request with pacing and retries; resolves with the parsed JSON body (undefined when empty). */
  private async request(spec: RequestSpec): Promise<unknown> {
    return parseJsonBody((await this.exchange(spec)).text, { method: spec.method, path: spec.path });
  }

  /** The request with pacing and retries; the answer's text and its Date. */
  private async exchange(spec: RequestSpec): Promise<{ text: string; date: Date | null }> {
    const maxAttempts = this.maxRetries + 1;
    // GET and DELETE may be repeated freely. A POST/PATCH that timed out, failed on the network or got a
    // 500/502/504 may have been applied by Robaws; repeating it could create a duplicate client or apply a
    // patch twice, so those are repeated only when Robaws said it did not process them (429, 503).
    const idempotent = spec.method === 'GET' || spec.method === 'DELETE';
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(spec, attempt, idempotent);
      if ('text' in outcome) return outcome;
      const { failure } = outcome;
      if (attempt >= maxAttempts || !(idempotent || failure.notProcessed)) throw failure.error;
      this.observer?.retry({ method: spec.method, status: failure.status });
      const backoffMs = backoffDelayMs(attempt, { baseDelayMs: this.retryBaseDelayMs, maxDelayMs: this.retryMaxDelayMs });
      const delayMs = Math.round(Math.max(backoffMs, failure.retryAfterMs ?? 0));
      this.logger?.warn(
        { method: spec.method, path: spec.path, attempt, maxAttempts, reason: failure.reason, delayMs },
        `Robaws request failed (${failure.reason}), retrying in ${delayMs} ms`,
      );
      await this.sleep(delayMs, spec.signal);
    }
  }

  private async attempt(spec: RequestSpec, attempt: number, idempotent: boolean): Promise<AttemptOutcome> {
    const request: RobawsRequestLabel = { method: spec.method, path: spec.path };
    const notRepeated = idempotent ? '' : ` (a ${spec.method} is not repeated after this: Robaws may have processed it)`;
    const release = await this.pacer.acquire(spec.signal);
    const timeoutSignal = AbortSignal.timeout(this.timeoutMs);
    const startedAt = Date.now();
    let response: Response;
    let text: string;
    try {
      const headers: Record<string, string> = { Authorization: this.authorization, Accept: JSON_CONTENT_TYPE };
      if (spec.body) headers['Content-Type'] = spec.body.contentType;
      response = await this.fetch(this.baseUrl + spec.path, {
        method: spec.method,
        headers,
        body: spec.body ? JSON.stringify(spec.body.value) : undefined,
        signal: spec.signal ? AbortSignal.any([spec.signal, timeoutSignal]) : timeoutSignal,
      });
      text = await response.text();
    } catch (error) {
      spec.signal?.throwIfAborted();
      const status = timeoutSignal.aborted ? 'timeout' : 'network_error';
      this.observer?.attempt({ method: spec.method, status, durationMs: Date.now() - startedAt });
      if (status === 'timeout') {
        return {
          failure: {
            error: new RobawsTimeoutError(request, attempt, this.timeoutMs, notRepeated),
            status,
            reason: `no answer within ${this.timeoutMs} ms`,
            notProcessed: false,
          },
        };
      }
      const networkError = new RobawsNetworkError(request, attempt, error, notRepeated);
      return { failure: { error: networkError, status, reason: 'network error', notProcessed: false } };
    } finally {
      release();
    }
    const { status, statusText } = response;
    const durationMs = Date.now() - startedAt;
    this.observer?.attempt({ method: spec.method, status, durationMs });
    this.logger?.debug?.({ method: spec.method, path: spec.path, status, durationMs, attempt }, 'Robaws answered');

    if (response.ok) return { text, date: dateHeaderOf(response) };

    const errorBody = tryParseJson(text);
    if (status === 429 || status >= 500) {
      const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
      // Shared cool-down: Robaws blocks integrations that keep causing 429s, so every request of this client waits.
      if (retryAfterMs !== undefined) this.pacer.pauseFor(retryAfterMs);
      const error =
        status === 429
          ? new RobawsRateLimitedError(request, attempt, retryAfterMs, statusText)
          : new RobawsServerError(request, attempt, status, statusText, status === 503 ? '' : notRepeated);
      return { failure: { error, status, reason: describeStatus(status, statusText), retryAfterMs, notProcessed: status === 429 || status === 503 } };
    }
    if (status === 404) throw new RobawsNotFoundError(spec.resource.type, spec.resource.id, request);
    if (status === 401 || status === 403) throw new RobawsAuthError(request, status, statusText);
    if (status === 400 || status === 422) {
      throw new RobawsValidationError(request, status, statusText, robawsMessageOf(errorBody), fieldErrorsOf(errorBody));
    }
    if (ROBAWS_PRECONDITION_FAILED_STATUSES.includes(status)) {
      throw new RobawsPreconditionFailedError(request, status, statusText, robawsMessageOf(errorBody));
    }
    throw new RobawsUnexpectedStatusError(request, status, statusText, robawsMessageOf(errorBody));
  }
}

function dateHeaderOf(response: Response): Date | null {
  const date = new Date(response.headers.get('date') ?? '');
  return Number.isNaN(date.getTime()) ? null : date;
}

function clientPath(id: string): string {
  return `${ROBAWS_CLIENTS_PATH}/${encodeURIComponent(id)}`;
}

