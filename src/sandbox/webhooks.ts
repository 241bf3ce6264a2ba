import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { SIGNATURE_HEADER, signatureHeader } from '../robaws/signature.js';
import type { JsonObject } from './json.js';

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: string[];
  /** Robaws shows it once, in the answer to the registration. */
  secret: string;
  createdAt: string;
}

export interface DeliveryAttempt {
  eventId: string;
  event: string;
  clientId: number | string | null;
  endpointId: string;
  url: string;
  /** 1 for the first try. */
  attempt: number;
  /** The receiver's HTTP status, or null when there was none (timeout, refused connection). */
  status: number | null;
  error: string | null;
  at: string;
}

/** Pino-style, as src/log.ts's Logger; the sandbox only warns (a delivery given up, a request that failed). */
export interface SandboxLogger {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface WebhookDispatcherOptions {
  /** Wait before each retry; its length is the number of retries. */
  retryDelaysMs: readonly number[];
  /** Connect timeout, and read timeout between bytes of the answer. */
  timeoutMs: number;
  /** Robaws' clock (ms since the epoch): endpoints' createdAt, attempts' `at` and the signature's timestamp. */
  now: () => number;
  logger?: SandboxLogger;
}

/** The endpoints registered with the sandbox, and signed deliveries to them that retry as Robaws' do. */
export class WebhookDispatcher {
  private readonly endpoints = new Map<string, WebhookEndpoint>();
  private readonly attemptLog: DeliveryAttempt[] = [];
  private readonly inFlight = new Set<http.ClientRequest>();
  /** Retry waits, each with the function that ends it early. */
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private readonly idleWaiters: Array<() => void> = [];
  private pending = 0;
  private closed = false;

  constructor(private readonly options: WebhookDispatcherOptions) {}

  register(url: string, events: readonly string[]): WebhookEndpoint {
    const endpoint: WebhookEndpoint = {
      id: randomUUID(),
      url,
      events: [...events],
      secret: randomBytes(32).toString('hex'),
      createdAt: new Date(this.options.now()).toISOString(),
    };
    this.endpoints.set(endpoint.id, endpoint);
    return { ...endpoint, events: [...endpoint.events] };
  }

  list(): WebhookEndpoint[] {
    return [...this.endpoints.values()].map((endpoint) => ({ ...endpoint, events: [...endpoint.events] }));
  }

  remove(id: string): boolean {
    return this.endpoints.delete(id);
  }

  /**
   * Delivers `{id, event, data}` to every endpoint subscribed to `event`. Resolves with the event id once
   * each delivery succeeded or was given up.
   */
  async dispatch(event: string, data: JsonObject): Promise<string> {
    const eventId = randomUUID();
    const targets = [...this.endpoints.values()].filter((endpoint) => endpoint.events.includes(event));
    if (targets.length === 0) return eventId;
    // Serialized once: every attempt of this event carries the same body, as of the moment it happened.
    const body = JSON.stringify({ id: eventId, event, data });
    const clientId = typeof data.id === 'number' || typeof data.id === 'string' ? data.id : null;
    await Promise.all(targets.map((endpoint) => this.deliver(endpoint, body, { eventId, event, clientId })));
    return eventId;
  }

  attempts(): DeliveryAttempt[] {
    return this.attemptLog.map((attempt) => ({ ...attempt }));
  }

  /** Resolves when no delivery is under way or waiting for a retry. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Abandons every delivery: requests under way are cut, retries are not made. */
  close(): void {
    this.closed = true;
    for (const request of this.inFlight) request.destroy(new Error('sandbox closed'));
    for (const [timer, end] of this.waits) {
      clearTimeout(timer);
      end();
    }
    this.waits.clear();
  }

  private async deliver(
    endpoint: WebhookEndpoint,
    body: string,
    event: Pick<DeliveryAttempt, 'eventId' | 'event' | 'clientId'>,
  ): Promise<void> {
    this.pending++;
    try {
      for (let attempt = 1; !this.closed; attempt++) {
        const outcome = await this.post(endpoint, body);
        if (this.closed) return;
        this.attemptLog.push({ ...event, endpointId: endpoint.id, url: endpoint.url, attempt, ...outcome, at: new Date(this.options.now()).toISOString() });
        if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) return;
        const delayMs = this.options.retryDelaysMs[attempt - 1];
        if (delayMs === undefined) {
          this.options.logger?.warn({ ...event, url: endpoint.url, attempts: attempt }, 'webhook delivery given up');
          return;
        }
        await this.wait(delayMs);
      }
    } finally {
      this.pending--;
      if (this.pending === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private wait(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve();
      }, delayMs);
      this.waits.set(timer, resolve);
    });
  }

  /** One POST; never rejects. The socket timeout covers connecting and each wait for the answer's bytes. */
  private post(endpoint: WebhookEndpoint, body: string): Promise<{ status: number | null; error: string | null }> {
    return new Promise((resolve) => {
      const url = new URL(endpoint.url);
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        agent: false,
        timeout: this.options.timeoutMs,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          [SIGNATURE_HEADER]: signatureHeader(endpoint.secret, body, Math.floor(this.options.now() / 1000)),
        },
      });
      this.inFlight.add(request);
      const settle = (outcome: { status: number | null; error: string | null }) => {
        this.inFlight.delete(request);
        resolve(outcome);
      };
      request.on('timeout', () => request.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)));
      request.on('error', (error) => settle({ status: null, error: error.message }));
      request.on('response', (response) => {
        response.resume();
        response.on('end', () => settle({ status: response.statusCode ?? null, error: null }));
        response.on('error', (error) => settle({ status: null, error: error.message }));
      });
      request.end(body);
    });
  }
}
