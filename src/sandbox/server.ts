import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonTextOf } from './http.js';
import { createSandbox, type SandboxApp } from './sandbox.js';
import type { SandboxOptions } from './options.js';

export { createSandbox, type SandboxApp } from './sandbox.js';
export { JSON_PATCH_CONFLICT_STATUS, JSON_PATCH_TEST_FAILED_STATUS } from './http.js';
export type { SandboxStats } from './admission.js';
export type { ResolvedSandboxOptions, SandboxKnobs, SandboxOptions } from './options.js';
export type { DeliveryAttempt, SandboxLogger } from './webhooks.js';

/** The sandbox on a local port. */
export interface Sandbox extends SandboxApp {
  /** Base URL, e.g. http://127.0.0.1:40123 (the API is under /api/v2). */
  url: string;
  port: number;
}

/** The body as a stream that reads the socket only once a handler reads it: an unread body is drained by Node as usual. */
function bodyOf(request: http.IncomingMessage): ReadableStream<Uint8Array> {
  let chunks: AsyncIterator<Buffer> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        chunks ??= request[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value));
      },
      async cancel() {
        await chunks?.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}

function toRequest(request: http.IncomingMessage): Request {
  const url = new URL(request.url ?? '/', 'http://sandbox');
  const method = request.method ?? 'GET';
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, { method, headers, ...(hasBody ? { body: bodyOf(request), duplex: 'half' } : {}) } as RequestInit);
}

async function send(answer: Response, response: http.ServerResponse): Promise<void> {
  const json = jsonTextOf(answer);
  const body = json !== undefined ? Buffer.from(json) : answer.body === null ? null : Buffer.from(await answer.arrayBuffer());
  if (response.headersSent || response.destroyed) return;
  const headers: Record<string, string | number> = Object.fromEntries(answer.headers);
  if (body !== null) headers['Content-Length'] = body.length;
  response.writeHead(answer.status, headers);
  response.end(body ?? undefined);
}

/** Starts the sandbox behind a node:http server, which only carries requests to `fetch` and its answers back. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const app = createSandbox(options);
  const server = http.createServer((request, response) => {
    // A request that cannot be carried over or answered ends its connection rather than the process.
    Promise.resolve()
      .then(() => app.fetch(toRequest(request)))
      .then((answer) => send(answer, response))
      .catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(app.options.port, app.options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = app.options.host.includes(':') ? `[${app.options.host}]` : app.options.host;
  let closing: Promise<void> | null = null;

  return {
    ...app,
    url: `http://${hostInUrl}:${port}`,
    port,
    options: { ...app.options, port },
    close: () => {
      closing ??= app.close().then(
        () =>
          new Promise<void>((resolve, reject) => {
            server.close((error) => (error ? reject(error) : resolve()));
            server.closeAllConnections();
          }),
      );
      return closing;
    },
  };
}
