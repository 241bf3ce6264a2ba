import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminTarget, serveAdmin } from '../../src/http/admin-route.js';

/** The admin page's static files: which path names what, and how each is answered. */

let root: string;
let build: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'admin-route-'));
  build = path.join(root, 'admin');
  await mkdir(path.join(build, 'assets'), { recursive: true });
  await writeFile(path.join(build, 'index.html'), '<!doctype html><title>admin</title>');
  await writeFile(path.join(build, 'assets', 'index-3f2a1b.js'), 'console.log(1)');
  await writeFile(path.join(build, 'favicon.svg'), '<svg/>');
  // Beside the build, where a climbing path would land.
  await writeFile(path.join(root, 'secret.txt'), 'not for the browser');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const get = (pathname: string, method = 'GET', dir = build) => serveAdmin(new Request(`http://app${pathname}`, { method }), pathname, dir);

describe('adminTarget', () => {
  it.each([
    ['/admin', { kind: 'page' }],
    ['/admin/', { kind: 'page' }],
    ['/admin/index.html', { kind: 'page' }],
    ['/admin/customers/Q3VzdG9tZXI6MQ', { kind: 'page' }],
    ['/admin/assets/index-3f2a1b.js', { kind: 'file', relative: 'assets/index-3f2a1b.js' }],
    ['/admin/assets/gone', { kind: 'file', relative: 'assets/gone' }],
    ['/admin/favicon.svg', { kind: 'file', relative: 'favicon.svg' }],
    ['/admin/assets/..%2f..%2fsecret.txt', { kind: 'missing' }],
    ['/admin/..%2fsecret.txt', { kind: 'missing' }],
    ['/admin/%2fetc%2fpasswd', { kind: 'missing' }],
    ['/admin/..%5csecret.txt', { kind: 'missing' }],
    ['/admin/index.html%00.js', { kind: 'missing' }],
    ['/admin/%E0%A4%A', { kind: 'missing' }],
  ])('%s names %j', (pathname, target) => {
    expect(adminTarget(pathname)).toEqual(target);
  });
});

describe('serveAdmin', () => {
  it('answers the page at /admin and at any route of its own, never cached', async () => {
    for (const pathname of ['/admin', '/admin/', '/admin/customers/Q3VzdG9tZXI6MQ']) {
      const response = await get(pathname);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await response.text()).toBe('<!doctype html><title>admin</title>');
    }
  });

  it('answers hashed assets cached for a year, other files revalidated', async () => {
    const script = await get('/admin/assets/index-3f2a1b.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toBe('console.log(1)');
    const icon = await get('/admin/favicon.svg');
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers 404 for a missing file and for a path out of the build, never what lies beside it', async () => {
    for (const pathname of ['/admin/assets/index-000000.js', '/admin/assets/..%2f..%2fsecret.txt', '/admin/..%2fsecret.txt']) {
      const response = await get(pathname);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('not for the browser');
    }
  });

  it('answers HEAD without a body and other methods with 405', async () => {
    const head = await get('/admin/assets/index-3f2a1b.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('/admin/', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers 503 with how to build it when there is no build', async () => {
    const response = await get('/admin/customers', 'GET', path.join(root, 'not-built'));
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('Run <code>npm run admin:build</code>');
  });
});
