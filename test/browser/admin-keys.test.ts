import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAdminServer, type AdminServer } from '../support/admin-server.js';
import { launchBrowser, saveScreen, unlabelledControls, VIEWPORTS } from '../support/browser.js';
import { API_KEYS } from '../support/secrets.js';

/** The admin page against a server with API keys: signing in, and what each key's scope shows. */

let admin: AdminServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  const keys = Object.entries(API_KEYS)
    .map(([scope, key]) => `${key}:${scope}`)
    .join(',');
  [admin, browser] = await Promise.all([startAdminServer({ API_KEYS: keys, SANDBOX_CLIENTS: '40' }, API_KEYS.admin), launchBrowser()]);
  await admin.fullSync();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await admin?.stop();
});
afterEach(() => context?.close());

const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

async function openPage(path: string): Promise<Page> {
  context = await browser.newContext({ viewport: VIEWPORTS.laptop });
  const page = await context.newPage();
  await page.goto(`${admin.adminUrl}${path}`);
  return page;
}

async function signIn(page: Page, key: string): Promise<void> {
  await eventually(() => heading(page)).toBe('Sign in');
  await page.getByLabel('API key').fill(key);
  await page.getByLabel('API key').press('Enter');
}

describe('signing in', () => {
  it('asks for a key, refuses a wrong one beside the field, and keeps a good one for the tab only', async () => {
    const page = await openPage('/customers');
    await eventually(() => heading(page)).toBe('Sign in');
    expect(await unlabelledControls(page)).toEqual([]);
    await saveScreen(page, 'sign-in');

    await signIn(page, 'not-a-key-of-this-server');
    await eventually(() => page.locator('#api-key-error').textContent()).toBe('The server does not accept this key');
    expect(await page.getByLabel('API key').getAttribute('aria-invalid')).toBe('true');

    await signIn(page, API_KEYS.admin);
    await eventually(() => heading(page)).toBe('Customers');
    await eventually(() => page.locator('.total').textContent()).toBe('40 customers');
    expect(await page.locator('.who').textContent()).toMatch(/^Scope: admin \(key [0-9a-f]{8}\)Sign out$/);

    // Kept for the tab's session: a reload stays signed in; nothing is left where other tabs or later visits read.
    await page.reload();
    await eventually(() => heading(page)).toBe('Customers');
    expect(await page.evaluate(() => ({ local: localStorage.length, cookies: document.cookie }))).toEqual({ local: 0, cookies: '' });
    const otherTab = await context!.newPage();
    await otherTab.goto(`${admin.adminUrl}/customers`);
    await eventually(() => heading(otherTab)).toBe('Sign in');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => heading(page)).toBe('Sign in');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });
});

describe('a read key', () => {
  it('sees the lists and a customer, but no button or form for what it may not do', async () => {
    const page = await openPage('/customers');
    await signIn(page, API_KEYS.read);
    await eventually(() => page.locator('.total').textContent()).toBe('40 customers');
    expect(await page.locator('.who').textContent()).toMatch(/^Scope: read \(key [0-9a-f]{8}\)Sign out$/);

    await page.locator('tbody a').first().click();
    await eventually(() => page.getByRole('heading', { name: /^Intakes \(/ }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Edit' }).count()).toBe(0);
    expect(await page.locator('main').getByRole('button').count()).toBe(0);
    await saveScreen(page, 'customer-read-scope');

    await page.getByRole('link', { name: /^Syncs/ }).click();
    await eventually(() => page.getByRole('region', { name: 'Sync runs' }).locator('tbody tr').count()).toBe(1);
    expect(await page.locator('main').getByRole('button').count()).toBe(0);

    await page.getByRole('link', { name: /^Duplicates/ }).click();
    await eventually(() => heading(page)).toBe('Duplicates');
    await eventually(() => page.locator('.total').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: /^Not duplicates/ }).count()).toBe(0);

    await page.getByRole('link', { name: /^Webhooks/ }).click();
    await eventually(() => page.getByRole('heading', { name: 'Recent events' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Registrations' }).count()).toBe(0);
    expect(await page.getByRole('columnheader', { name: 'Replay' }).count()).toBe(0);

    await page.getByRole('link', { name: /^Intakes/ }).click();
    await eventually(() => page.getByRole('heading', { name: 'Latest intakes' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'New intake' }).count()).toBe(0);
    expect(await page.getByRole('combobox').count()).toBe(0);
  });
});
