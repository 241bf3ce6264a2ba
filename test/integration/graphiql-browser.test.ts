import { existsSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { API_KEYS } from '../support/secrets.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * GraphiQL in a real browser (the Debian package's headless Chromium) against the real server, with
 * every request that leaves the server refused: the page must work without internet, and an API key
 * typed in its Headers tab must reach the API.
 */

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

let database: TestDatabase;
let server: ServerProcess;
let browser: Browser | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startServerProcess({ DATABASE_URL: database.url, API_KEYS: `${API_KEYS.read}:read`, SANDBOX_CLIENTS: '20' });
}, 120_000);

/** The system's Chromium; its absence fails the test (never skips it). */
async function launchChromium(): Promise<Browser> {
  expect(existsSync(CHROMIUM), `Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run does)`).toBe(true);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return browser;
}

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.drop();
});

/** Replaces an editor's text as a paste does (typing would meet the editor's auto-closing brackets). */
async function fill(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await page.keyboard.press('Control+V');
}

describe('GraphiQL at /graphql', () => {
  it('the page loads nothing from elsewhere: no script, style, font or icon with an external URL', async () => {
    const html = await (await fetch(`${server.baseUrl}/graphql`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('YogaGraphiQL');
    expect(html.match(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]+|url\(\s*["']?(?:https?:)?\/\/[^)"']+|@import\s+["']?(?:https?:)?\/\//g) ?? []).toEqual([]);
  });

  it('runs { serverInfo { robawsMode } } offline, with the API key from its Headers tab, and shows SANDBOX', async () => {
    const context = await (await launchChromium()).newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    const elsewhere: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(server.baseUrl)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    try {
      await page.goto(`${server.baseUrl}/graphql`);
      await fill(page, page.locator('.monaco-editor[data-uri$="-operation.graphql"]'), '{ serverInfo { robawsMode } }');
      const run = page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' });
      const result = page.getByRole('region', { name: 'Result Window' });
      // The result editor lays text out with non-breaking spaces and wraps long lines.
      const shown = async () => (await result.innerText()).replace(/\s+/g, ' ');

      await run.click();
      await expect.poll(shown, { timeout: 20_000 }).toContain('UNAUTHENTICATED');

      await page.locator('button[data-name="headers"]').click();
      await fill(page, page.locator('.monaco-editor[data-uri$="-request-headers.json"]'), `{ "Authorization": "Bearer ${API_KEYS.read}" }`);
      await run.click();
      await expect.poll(shown, { timeout: 20_000 }).toContain('"robawsMode": "SANDBOX"');
      expect(elsewhere).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
