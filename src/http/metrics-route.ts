import { getOperationAST } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { findApiKey, METRICS_SCOPE, presentedKey, type ApiKey } from '../auth/api-keys.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/**
 * `GET /metrics` (Prometheus text format), served ahead of GraphQL, and the plugin that counts GraphQL
 * operations for it. With API keys configured, only a key of the `metrics` scope may read it (see
 * src/auth/api-keys.ts); without keys it is open, like the API.
 */

export const METRICS_PATH = '/metrics';

function refusal(status: 401 | 403 | 405, message: string, headers: Record<string, string> = {}): Response {
  return new Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });
}

/** Why a request may not read the metrics, or null when it may. */
function refusalOf(request: Request, keys: readonly ApiKey[]): Response | null {
  if (request.method !== 'GET') return refusal(405, `${request.method} is not allowed here`, { allow: 'GET' });
  if (keys.length === 0) return null;
  const presented = presentedKey(request.headers);
  const key = presented ? findApiKey(keys, presented) : null;
  if (!key) return refusal(401, presented ? 'The API key is not valid' : 'An API key with the metrics scope is required: send Authorization: Bearer <key>', { 'www-authenticate': 'Bearer' });
  if (key.scope !== METRICS_SCOPE) return refusal(403, `This key has the ${key.scope} scope; /metrics needs a key with the ${METRICS_SCOPE} scope`);
  return null;
}

export function metricsRoute(deps: { metrics: Metrics; keys: readonly ApiKey[]; logger: Logger }): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== METRICS_PATH) return;
      const refused = refusalOf(request, deps.keys);
      if (refused) return endResponse(refused);
      try {
        endResponse(new Response(await deps.metrics.scrape(), { headers: { 'content-type': deps.metrics.contentType } }));
      } catch (error) {
        deps.logger.error({ err: error }, 'metrics could not be collected');
        endResponse(new Response('The metrics could not be collected\n', { status: 500 }));
      }
    },
  };
}

/** Counts each GraphQL operation by name and type, with its execution time and whether its result carried errors. */
export function useOperationMetrics(metrics: Metrics): Plugin {
  return {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      const startedAt = performance.now();
      return {
        onExecuteDone({ result }) {
          metrics.graphqlOperation({
            name: operation?.name?.value ?? null,
            type: operation?.operation ?? 'query',
            durationMs: performance.now() - startedAt,
            failed: !isAsyncIterable(result) && (result.errors?.length ?? 0) > 0,
          });
        },
      };
    },
    onSubscribe({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      metrics.graphqlOperation({ name: operation?.name?.value ?? null, type: 'subscription', failed: false });
    },
  };
}
