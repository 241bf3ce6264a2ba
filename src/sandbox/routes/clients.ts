import { z } from 'zod';
import { JSON_PATCH_CONTENT_TYPE, MERGE_PATCH_CONTENT_TYPE, ROBAWS_CLIENTS_PATH } from '../../robaws/endpoints.js';
import {
  HttpError,
  JSON_MEDIA_TYPE,
  jsonResponse,
  jsonTextResponse,
  mediaTypeOf,
  pagingSchema,
  parseQuery,
  readJson,
  requireJsonObject,
  requireMediaType,
  type Route,
  type RouteParams,
} from '../http.js';
import type { SandboxKnobs } from '../options.js';
import { ClientNotFoundError, type ClientStore, type ListClientsQuery, type SortKey } from '../store.js';

const listQuerySchema = pagingSchema.extend({
  updatedFrom: z.iso.datetime({ offset: true, error: 'updatedFrom must be an ISO-8601 date-time with a time zone' }).optional(),
  sort: z.string().optional(),
});

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

/** `/api/v2/clients`: list (paged, sorted, filtered), create, get, and edit by merge patch or JSON Patch. */
export function clientRoutes(store: ClientStore, knobs: () => SandboxKnobs): Route[] {
  const listClients = (request: Request): Response => {
    const query = parseListQuery(new URL(request.url).searchParams);
    const page = query.page ?? 0;
    const { failListPagesFrom, malformedPages } = knobs();
    if (failListPagesFrom !== null && page >= failListPagesFrom) return jsonResponse(500, { message: 'Internal server error' });
    if (malformedPages.includes(page)) {
      const result = store.list(query);
      // Keys other than the envelope's, as a broken proxy or a changed API might send.
      return jsonResponse(200, { data: result.items, total: String(result.totalItems) });
    }
    return jsonTextResponse(200, store.listJson(query));
  };

  const createClient = async (request: Request): Promise<Response> => {
    requireMediaType(request, JSON_MEDIA_TYPE);
    return jsonResponse(201, store.create(requireJsonObject(await readJson(request))));
  };

  const getClient = (_request: Request, params: RouteParams): Response => {
    const id = Number(params.id);
    const client = store.get(id);
    if (!client) throw new ClientNotFoundError(id);
    return jsonResponse(200, client);
  };

  const patchClient = async (request: Request, params: RouteParams): Promise<Response> => {
    const id = Number(params.id);
    const mediaType = mediaTypeOf(request);
    if (mediaType === MERGE_PATCH_CONTENT_TYPE) return jsonResponse(200, store.update(id, requireJsonObject(await readJson(request))));
    if (mediaType === JSON_PATCH_CONTENT_TYPE) {
      const operations = jsonPatchSchema.safeParse(await readJson(request));
      if (!operations.success) throw new HttpError(400, operations.error.issues.map((issue) => issue.message).join('; '));
      return jsonResponse(200, store.applyJsonPatch(id, operations.data));
    }
    throw new HttpError(415, `Content-Type must be ${MERGE_PATCH_CONTENT_TYPE} or ${JSON_PATCH_CONTENT_TYPE}`);
  };

  return [
    { path: ROBAWS_CLIENTS_PATH, methods: { GET: listClients, POST: createClient } },
    { path: `${ROBAWS_CLIENTS_PATH}/{id}`, methods: { GET: getClient, PATCH: patchClient } },
  ];
}
