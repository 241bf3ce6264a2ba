import type { TypedDocumentString } from './generated/graphql';
import { session } from './session';

/** GraphQL over fetch, with the signed-in key. Typed documents come from codegen (admin/src/generated/). */

const ENDPOINT = '/graphql';

/** The server asks for a key (none is signed in, or the one signed in is not valid). */
export class SignInRequired extends Error {}

/** A GraphQL error: a missing permission (FORBIDDEN), a refused argument, or an unexpected failure. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

function headers(accept: string, key: string | null): Record<string, string> {
  return { 'content-type': 'application/json', accept, ...(key ? { authorization: `Bearer ${key}` } : {}) };
}

function failure(body: GraphQLResponse<unknown>): ApiError {
  const [first] = body.errors ?? [];
  return new ApiError(first?.message ?? 'The server answered without data', first?.extensions?.code);
}

/** Runs a query or mutation; `key` overrides the signed-in key (to try one before keeping it). */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables?: V, key = session.key()): Promise<R> {
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    headers: headers('application/graphql-response+json, application/json', key),
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  if (response.status === 401) throw new SignInRequired('Sign in with an API key');
  const body = (await response.json()) as GraphQLResponse<R>;
  if (body.errors?.length || !body.data) throw failure(body);
  return body.data;
}

function parseEvent(block: string): { event: string; data: string } {
  const lines = block.split('\n');
  const field = (name: string) => lines.filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).trim());
  return { event: field('event')[0] ?? 'message', data: field('data').join('\n') };
}

/**
 * A subscription over server-sent events (GraphQL over SSE, one request per subscription): calls
 * `onNext` with each result until the server completes the stream or `signal` aborts it.
 */
export async function subscribe<R, V>(document: TypedDocumentString<R, V>, variables: V, onNext: (data: R) => void, signal: AbortSignal): Promise<void> {
  const response = await fetch(ENDPOINT, {
    method: 'POST',
    headers: headers('text/event-stream', session.key()),
    body: JSON.stringify({ query: document.toString(), variables }),
    signal,
  });
  if (response.status === 401) throw new SignInRequired('Sign in with an API key');
  if (!response.body) throw new ApiError('The server sent no event stream', undefined);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    pending += value;
    for (let end = pending.indexOf('\n\n'); end >= 0; end = pending.indexOf('\n\n')) {
      const block = pending.slice(0, end);
      pending = pending.slice(end + 2);
      if (block.startsWith(':') || !block.trim()) continue;
      const { event, data } = parseEvent(block);
      if (event === 'complete') return;
      const body = JSON.parse(data) as GraphQLResponse<R>;
      if (body.errors?.length || !body.data) throw failure(body);
      onNext(body.data);
    }
  }
}
