import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener } from 'node:http';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../log.js';

/**
 * One line per HTTP request (method, path, GraphQL operation, status, duration, request id), and the
 * request id on every response (`x-request-id`: the caller's own when it sent a usable one). The
 * GraphQL context takes the same id, so a request's other log lines carry it too.
 */

const REQUEST_ID_HEADER = 'x-request-id';
const USABLE_REQUEST_ID = /^[\w.:-]{1,128}$/;
/** Probes and scrapes come every few seconds: their lines are kept for debugging only. */
const PROBE_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

const operations = new WeakMap<IncomingMessage, string>();

function requestIdFrom(given: unknown): string {
  return typeof given === 'string' && USABLE_REQUEST_ID.test(given) ? given : randomUUID();
}

export function requestIdOf(headers: Headers): string {
  return requestIdFrom(headers.get(REQUEST_ID_HEADER));
}

/** Notes the operation a GraphQL request runs, for its access line. */
export function useOperationNames(): Plugin<{ req?: IncomingMessage }> {
  const note = (args: { document: Parameters<typeof getOperationAST>[0]; operationName?: string | null; contextValue: { req?: IncomingMessage } }) => {
    const name = getOperationAST(args.document, args.operationName)?.name?.value;
    if (name && args.contextValue.req) operations.set(args.contextValue.req, name);
  };
  return { onExecute: ({ args }) => note(args), onSubscribe: ({ args }) => note(args) };
}

export function withAccessLog(handler: RequestListener, logger: Logger): RequestListener {
  return (request, response) => {
    const startedAt = performance.now();
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    request.headers[REQUEST_ID_HEADER] = requestId;
    response.setHeader(REQUEST_ID_HEADER, requestId);
    response.once('close', () => {
      const path = (request.url ?? '/').split('?')[0]!;
      const line = {
        method: request.method,
        path,
        operation: operations.get(request) ?? null,
        status: response.statusCode,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
        requestId,
        ...(response.writableFinished ? {} : { aborted: true }),
      };
      if (PROBE_PATHS.has(path)) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    handler(request, response);
  };
}
