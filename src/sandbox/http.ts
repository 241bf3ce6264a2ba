import { z } from 'zod';
import { ROBAWS_MAX_PAGE_SIZE } from '../robaws/endpoints.js';
import { isJsonObject, JsonPatchError, type JsonObject } from './json.js';
import { ClientNotFoundError, ClientValidationError } from './store.js';
import type { SandboxLogger } from './webhooks.js';

/** What the sandbox answers when a JSON Patch `test` fails (assumed: 409 Conflict; Robaws may say 412). */
export const JSON_PATCH_TEST_FAILED_STATUS = 409;
/** What it answers when an operation's path does not exist (RFC 5789: the patch conflicts with the resource's state). */
export const JSON_PATCH_CONFLICT_STATUS = 409;

export const JSON_MEDIA_TYPE = 'application/json';
const MAX_BODY_BYTES = 1024 * 1024;

/** The path's `{name}` parts of a matched route, e.g. `{ id: '1001' }`. */
export type RouteParams = Readonly<Record<string, string>>;

/** One route's answer to one method, fetch-style. */
export type Handler = (request: Request, params: RouteParams) => Response | Promise<Response>;

export interface Route {
  /** A template such as `/api/v2/clients/{id}`; it is also the route's name in stats. */
  path: string;
  methods: Partial<Record<string, Handler>>;
  /** What a `{name}` part matches (a regular expression); digits unless said otherwise. */
  paramPattern?: string;
}

export interface RouteMatch {
  route: Route;
  params: RouteParams;
}

/** A route table: the first route whose template matches the whole path, whatever the method. */
export function routeTable(routes: readonly Route[]): (pathname: string) => RouteMatch | null {
  const compiled = routes.map((route) => {
    const source = route.path
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\{(\w+)\}/g, (_, name: string) => `(?<${name}>${route.paramPattern ?? '\\d+'})`);
    return { route, pattern: new RegExp(`^${source}$`) };
  });
  return (pathname) => {
    for (const { route, pattern } of compiled) {
      const found = pattern.exec(pathname);
      if (found) return { route, params: { ...found.groups } };
    }
    return null;
  };
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return jsonTextResponse(status, JSON.stringify(body), headers);
}

/** The text each JSON answer was made from: the node:http adapter sends it as it is, without reading the body back as a stream. */
const jsonTexts = new WeakMap<Response, string>();

export function jsonTextResponse(status: number, json: string, headers: Record<string, string> = {}): Response {
  const response = new Response(json, { status, headers: { ...headers, 'Content-Type': 'application/json; charset=utf-8' } });
  jsonTexts.set(response, json);
  return response;
}

export function jsonTextOf(response: Response): string | undefined {
  return jsonTexts.get(response);
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

export function validationFailed(issues: readonly z.core.$ZodIssue[]): Response {
  return jsonResponse(422, {
    message: 'Validation failed',
    errors: issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
  });
}

/** The answer to an error a handler threw: the sandbox's own errors as Robaws words them, anything else a 500. */
export function errorResponse(error: unknown, logger: SandboxLogger | undefined): Response {
  if (error instanceof HttpError) return jsonResponse(error.status, { message: error.message }, error.headers);
  if (error instanceof ClientNotFoundError) return jsonResponse(404, { message: `Client ${error.clientId} not found` });
  if (error instanceof ClientValidationError) return jsonResponse(422, { message: 'Validation failed', errors: error.errors });
  if (error instanceof JsonPatchError) {
    const status = { invalid: 400, conflict: JSON_PATCH_CONFLICT_STATUS, 'test-failed': JSON_PATCH_TEST_FAILED_STATUS }[error.failure];
    return jsonResponse(status, { message: error.message });
  }
  logger?.warn({ err: error }, 'sandbox request failed');
  return jsonResponse(500, { message: 'Internal server error' });
}

/** The media type of the body, lower case, without parameters. */
export function mediaTypeOf(request: Request): string {
  return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

export function requireMediaType(request: Request, mediaType: string): void {
  if (mediaTypeOf(request) !== mediaType) throw new HttpError(415, `Content-Type must be ${mediaType}`);
}

/** Reads the body as it streams in, refusing it once it passes the limit. */
async function readText(request: Request): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    bytes += read.value.byteLength;
    if (bytes > MAX_BODY_BYTES) {
      await reader.cancel();
      throw new HttpError(413, `The body must not be larger than ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readJson(request: Request): Promise<unknown> {
  const text = await readText(request);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'The body is not valid JSON');
  }
}

export function requireJsonObject(value: unknown): JsonObject {
  if (!isJsonObject(value)) throw new HttpError(400, 'The body must be a JSON object');
  return value;
}

const pageParam = z.string().regex(/^\d+$/, 'page must be a whole number from 0').transform(Number);
const sizeParam = z
  .string()
  .regex(/^\d+$/, 'size must be a whole number')
  .transform(Number)
  .pipe(z.number().min(1, 'size must be at least 1').max(ROBAWS_MAX_PAGE_SIZE, `size must not be greater than ${ROBAWS_MAX_PAGE_SIZE}`));
/** `page` and `size` of every list route. */
export const pagingSchema = z.object({ page: pageParam.optional(), size: sizeParam.optional() });

export function parseQuery<T extends z.ZodType>(schema: T, searchParams: URLSearchParams): z.output<T> {
  const parsed = schema.safeParse(Object.fromEntries(searchParams));
  if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((issue) => issue.message).join('; '));
  return parsed.data;
}
