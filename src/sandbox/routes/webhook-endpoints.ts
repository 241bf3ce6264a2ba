import { z } from 'zod';
import { ROBAWS_WEBHOOK_ENDPOINTS_PATH } from '../../robaws/endpoints.js';
import {
  HttpError,
  JSON_MEDIA_TYPE,
  jsonResponse,
  noContent,
  pagingSchema,
  parseQuery,
  readJson,
  requireMediaType,
  validationFailed,
  type Route,
  type RouteParams,
} from '../http.js';
import { DEFAULT_PAGE_SIZE } from '../store.js';
import type { WebhookDispatcher } from '../webhooks.js';

const webhookEndpointInputSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http or https URL' }),
  events: z.array(z.string().min(1), { error: 'must be a list of event types' }).min(1, 'must name at least one event'),
});

/** `/api/v2/webhook-endpoints`: register (the answer shows the secret, once), list without secrets, remove. */
export function webhookEndpointRoutes(dispatcher: WebhookDispatcher): Route[] {
  const listEndpoints = (request: Request): Response => {
    const { page = 0, size = DEFAULT_PAGE_SIZE } = parseQuery(pagingSchema, new URL(request.url).searchParams);
    const endpoints = dispatcher.list().map(({ id, url, events, createdAt }) => ({ id, url, events, createdAt }));
    return jsonResponse(200, { items: endpoints.slice(page * size, (page + 1) * size), totalItems: endpoints.length, page, size });
  };

  const registerEndpoint = async (request: Request): Promise<Response> => {
    requireMediaType(request, JSON_MEDIA_TYPE);
    const input = webhookEndpointInputSchema.safeParse(await readJson(request));
    if (!input.success) return validationFailed(input.error.issues);
    const { id, url, events, secret, createdAt } = dispatcher.register(input.data.url, input.data.events);
    return jsonResponse(201, { id, url, events, secret, createdAt });
  };

  const removeEndpoint = (_request: Request, params: RouteParams): Response => {
    if (!dispatcher.remove(params.id!)) throw new HttpError(404, `Webhook endpoint ${params.id} not found`);
    return noContent();
  };

  return [
    { path: ROBAWS_WEBHOOK_ENDPOINTS_PATH, methods: { GET: listEndpoints, POST: registerEndpoint } },
    { path: `${ROBAWS_WEBHOOK_ENDPOINTS_PATH}/{id}`, methods: { DELETE: removeEndpoint }, paramPattern: '[^/]+' },
  ];
}
