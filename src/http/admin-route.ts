import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { PACKAGE_ROOT } from '../package-root.js';

/**
 * `/admin`: the admin page's static files, as `npm run admin:build` leaves them in dist/admin/. Served
 * ahead of GraphQL (a Yoga plugin, so `app.fetch` and the node server both have it). Any path that is
 * not a file and has no extension is a route of the page itself, answered with its index.html.
 */

export const ADMIN_PATH = '/admin';
/** Where the build puts the page, beside package.json. */
export const DEFAULT_ADMIN_DIR = path.join(PACKAGE_ROOT, 'dist', 'admin');

/** Vite names these files after a hash of their content: they never change under the same name. */
const HASHED_ASSETS = 'assets/';
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};
/** The page loads only its own files and talks only to this server. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export type AdminTarget =
  | { kind: 'file'; relative: string }
  | { kind: 'page' }
  | { kind: 'missing' };

/**
 * What a path under /admin names: a file of the build (relative to it), the page (a route of its own),
 * or nothing. Pure: whether the file exists is the caller's to find out. A path that decodes badly,
 * holds a NUL or climbs out of the folder names nothing.
 */
export function adminTarget(pathname: string): AdminTarget {
  if (pathname === ADMIN_PATH || pathname === `${ADMIN_PATH}/`) return { kind: 'page' };
  let relative: string;
  try {
    relative = decodeURIComponent(pathname.slice(ADMIN_PATH.length + 1));
  } catch {
    return { kind: 'missing' };
  }
  const normalized = path.posix.normalize(relative);
  if (relative.includes('\0') || relative.includes('\\') || normalized === '..' || normalized.startsWith('../') || path.posix.isAbsolute(normalized)) return { kind: 'missing' };
  if (normalized === 'index.html') return { kind: 'page' };
  // A name with an extension is a file or nothing: a missing script must not be answered with HTML.
  return path.posix.extname(normalized) === '' && !normalized.startsWith(HASHED_ASSETS) ? { kind: 'page' } : { kind: 'file', relative: normalized };
}

function headersFor(relative: string): Record<string, string> {
  return {
    ...SECURITY_HEADERS,
    'content-type': CONTENT_TYPES[path.posix.extname(relative)] ?? 'application/octet-stream',
    'cache-control': relative.startsWith(HASHED_ASSETS) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

function textResponse(status: number, html: string, headers: Record<string, string> = {}): Response {
  return new Response(html, { status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Admin page not built</title></head>
<body><h1>The admin page is not built</h1>
<p>Run <code>npm run admin:build</code> in the project folder, then reload this page. The GraphQL API at <a href="/graphql">/graphql</a> works without it.</p>
</body></html>
`;

/** Answers a request for a path under /admin from the build in `dir`. */
export async function serveAdmin(request: Request, pathname: string, dir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, '<p>Method not allowed</p>', { allow: 'GET, HEAD' });
  const index = path.join(dir, 'index.html');
  if (!(await isFile(index))) return textResponse(503, NOT_BUILT_PAGE);
  const target = adminTarget(pathname);
  if (target.kind === 'missing') return textResponse(404, '<p>Not found</p>');
  const relative = target.kind === 'page' ? 'index.html' : target.relative;
  const file = path.join(dir, relative);
  if (!(await isFile(file))) return textResponse(404, '<p>Not found</p>');
  const body = request.method === 'HEAD' ? null : await readFile(file);
  return new Response(body, { status: 200, headers: headersFor(relative) });
}

export function adminRoute(dir: string): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (url.pathname !== ADMIN_PATH && !url.pathname.startsWith(`${ADMIN_PATH}/`)) return;
      endResponse(await serveAdmin(request, url.pathname, dir));
    },
  };
}
