import { ROBAWS_CLIENTS_PATH } from '../robaws/endpoints.js';
import { HttpError } from './http.js';
import type { SandboxKnobs } from './options.js';
import { createRandom } from './random.js';
import { DEFAULT_PAGE_SIZE } from './store.js';

const LIST_CLIENTS_ROUTE = `GET ${ROBAWS_CLIENTS_PATH}`;

export interface SandboxStats {
  /** API requests (not control requests), including refused ones. */
  requests: number;
  /** e.g. `{"GET /api/v2/clients": 41, "PATCH /api/v2/clients/{id}": 2}`. */
  byRoute: Record<string, number>;
  /** Every authenticated, admitted list request, as asked. */
  listRequests: Array<{ page: number; size: number; updatedFrom: string | null }>;
}

function emptyStats(): SandboxStats {
  return { requests: 0, byRoute: {}, listRequests: [] };
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

function readBasicAuth(header: string | null): { username: string; password: string } | null {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export interface ApiAdmissionSettings {
  username: string;
  password: string;
  /** Seeds the injected errors, so that runs repeat. */
  seed: number;
  knobs: () => SandboxKnobs;
}

/** Everything Robaws does before an API route runs: count it, wait the latency, check credentials and rate, inject failures. */
export class ApiAdmission {
  private stats = emptyStats();
  private readonly rateLimiter = new RateLimiter();
  private readonly errorRandom: ReturnType<typeof createRandom>;
  private readonly latencyTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly settings: ApiAdmissionSettings) {
    this.errorRandom = createRandom(settings.seed ^ 0x5eed);
  }

  /** Throws the HttpError Robaws would answer with; `routeKey` names the route in stats, e.g. `GET /api/v2/clients`. */
  async admit(request: Request, routeKey: string): Promise<void> {
    this.stats.requests++;
    this.stats.byRoute[routeKey] = (this.stats.byRoute[routeKey] ?? 0) + 1;
    // Each step reads the knobs as they are then: a change made during the latency applies to this request.
    const { latencyMs } = this.settings.knobs();
    if (latencyMs > 0) await this.sleep(latencyMs);
    const credentials = readBasicAuth(request.headers.get('authorization'));
    if (credentials?.username !== this.settings.username || credentials.password !== this.settings.password) {
      throw new HttpError(401, 'Unauthorized', { 'WWW-Authenticate': 'Basic realm="Robaws"' });
    }
    // Real time: the rate limit measures durations, which a clock offset does not change.
    const retryAfterSeconds = this.rateLimiter.admit(credentials.username, this.settings.knobs().rateLimitPerSecond, Date.now());
    if (retryAfterSeconds !== null) {
      throw new HttpError(429, 'Too many requests: slow down', { 'Retry-After': String(retryAfterSeconds) });
    }
    if (routeKey === LIST_CLIENTS_ROUTE) {
      const { searchParams } = new URL(request.url);
      this.stats.listRequests.push({
        page: Number(searchParams.get('page') ?? 0),
        size: Number(searchParams.get('size') ?? DEFAULT_PAGE_SIZE),
        updatedFrom: searchParams.get('updatedFrom'),
      });
    }
    const { errorRate } = this.settings.knobs();
    if (errorRate > 0 && this.errorRandom.next() < errorRate) throw new HttpError(500, 'Internal server error');
  }

  snapshot(): SandboxStats {
    return structuredClone(this.stats);
  }

  resetStats(): void {
    this.stats = emptyStats();
  }

  /** Requests still waiting out their latency never go on. */
  close(): void {
    for (const timer of this.latencyTimers) clearTimeout(timer);
    this.latencyTimers.clear();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.latencyTimers.delete(timer);
        resolve();
      }, ms);
      this.latencyTimers.add(timer);
    });
  }
}
