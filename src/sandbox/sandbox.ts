import type { ClientEventType } from '../robaws/types.js';
import { ApiAdmission, type SandboxStats } from './admission.js';
import { errorResponse, HttpError, routeTable, type RouteMatch } from './http.js';
import type { JsonObject } from './json.js';
import { knobsChangeSchema, knobsSchema, resolveOptions, type ResolvedSandboxOptions, type SandboxKnobs, type SandboxOptions } from './options.js';
import { clientRoutes } from './routes/clients.js';
import { controlRoutes } from './routes/control.js';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.js';
import { generateClients } from './seed/generator.js';
import { ClientNotFoundError, ClientStore } from './store.js';
import { WebhookDispatcher, type DeliveryAttempt } from './webhooks.js';

/** The sandbox without a port: requests go to `fetch`, as a test calls it or as the HTTP server hands them on. */
export interface SandboxApp {
  /** Answers one request to the API (under /api/v2) or the control API (under /__sandbox). */
  fetch(request: Request): Promise<Response>;
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
  /** Abandons deliveries and requests under way. */
  close(): Promise<void>;
}

/** A stand-in for Robaws that answers its clients API, webhook registrations and signed deliveries the same way. */
export function createSandbox(options: SandboxOptions = {}): SandboxApp {
  const resolved = resolveOptions(options);
  const { logger } = resolved;
  let knobs: SandboxKnobs = knobsSchema.parse(resolved); // parsing keeps only the knobs
  const currentKnobs = () => knobs;
  const robawsNow = () => Date.now() + knobs.clockOffsetMs;

  const records = typeof options.clients === 'object' ? options.clients : generateClients({ count: resolved.clients, seed: resolved.seed }).clients;
  const store = new ClientStore(records, robawsNow);
  const dispatcher = new WebhookDispatcher({ retryDelaysMs: resolved.deliveryRetryDelaysMs, timeoutMs: resolved.deliveryTimeoutMs, now: robawsNow, logger });
  const stopListening = store.onEvent((event) => void dispatcher.dispatch(event.type, event.client));
  const admission = new ApiAdmission({ username: resolved.username, password: resolved.password, seed: resolved.seed, knobs: currentKnobs });

  const setKnobs = (change: Partial<SandboxKnobs>): SandboxKnobs => {
    knobs = { ...knobs, ...knobsChangeSchema.parse(change) };
    return { ...knobs, malformedPages: [...knobs.malformedPages] };
  };
  const stats = () => admission.snapshot();
  const resetStats = () => admission.resetStats();

  const matchApiRoute = routeTable([...clientRoutes(store, currentKnobs), ...webhookEndpointRoutes(dispatcher)]);
  const matchControlRoute = routeTable(controlRoutes({ store, setKnobs, stats, resetStats }));

  const answer = async (request: Request): Promise<Response> => {
    const { pathname } = new URL(request.url);
    const { method } = request;
    let match: RouteMatch | null;
    if (pathname.startsWith('/api/')) {
      match = matchApiRoute(pathname);
      await admission.admit(request, match ? `${method} ${match.route.path}` : `${method} (no route)`);
    } else {
      match = matchControlRoute(pathname);
    }
    if (!match) throw new HttpError(404, `No route for ${method} ${pathname}`);
    const handler = match.route.methods[method];
    if (!handler) throw new HttpError(405, `${method} is not allowed here`, { Allow: Object.keys(match.route.methods).join(', ') });
    return handler(request, match.params);
  };

  return {
    fetch: async (request) => {
      const response = await answer(request).catch((error: unknown) => errorResponse(error, logger));
      // Robaws sends its own clock's time with every answer, as HTTP servers do.
      response.headers.set('Date', new Date(robawsNow()).toUTCString());
      return response;
    },
    store,
    options: resolved,
    setKnobs,
    stats,
    resetStats,
    deliveries: () => dispatcher.attempts(),
    whenDeliveriesIdle: () => dispatcher.whenIdle(),
    deliver: (event, clientId) => {
      const client = store.get(clientId);
      return client ? dispatcher.dispatch(event, client) : Promise.reject(new ClientNotFoundError(clientId));
    },
    deliverSnapshot: (event, client) => dispatcher.dispatch(event, structuredClone(client)),
    close: async () => {
      stopListening();
      dispatcher.close();
      admission.close();
    },
  };
}
