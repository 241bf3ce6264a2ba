import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startAdminServer, type AdminServer } from '../support/admin-server.js';
import { launchBrowser, overflowsSideways, renderedContrasts, saveScreen, tabsTo, unlabelledControls, VIEWPORTS } from '../support/browser.js';

/**
 * The admin page against a server without API keys (as `npm start` runs it): it opens without signing
 * in, over the sandbox's 4,017 clients, synced once for the whole file.
 */

let admin: AdminServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [admin, browser] = await Promise.all([startAdminServer(), launchBrowser()]);
  await admin.fullSync();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await admin?.stop();
});

async function openPage(path: string, viewport: (typeof VIEWPORTS)[keyof typeof VIEWPORTS] = VIEWPORTS.laptop): Promise<Page> {
  context = await browser.newContext({ viewport });
  page = await context.newPage();
  await page.goto(`${admin.adminUrl}${path}`);
  return page;
}
afterEach(() => context?.close());

interface CustomerRow {
  id: string;
  name: string;
  robawsClientId: string;
  phone: string | null;
  email: string | null;
  address: { city: string | null };
}

async function customerNamed(name: string): Promise<CustomerRow> {
  const { customers } = await admin.request<{ customers: { edges: Array<{ node: CustomerRow }> } }>(
    'query ($search: String) { customers(first: 5, filter: { search: $search }) { edges { node { id name robawsClientId phone email address { city } } } } }',
    { search: name },
  );
  const found = customers.edges.map((edge) => edge.node).find((node) => node.name === name);
  if (!found) throw new Error(`no customer named ${name}`);
  return found;
}

describe('the customers', () => {
  it('open without signing in; Aeon Shipping LLC is found by search with its FORWARDER badge in the colour the API gives', async () => {
    await openPage('/');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Customers');
    await expect.poll(() => page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: /^Customers/ }).textContent()).toBe('Customers4,017');
    expect(await page.getByRole('status').filter({ hasText: 'customers' }).textContent()).toBe('4,017 customers');

    await page.getByLabel('Search').fill('aeon');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'customer' }).textContent()).toBe('1 customer');
    const row = page.getByRole('row', { name: /Aeon Shipping LLC/ });
    const badge = row.locator('.badge');
    expect(await badge.textContent()).toBe('FORWARDER');
    const { customerRoles } = await admin.request<{ customerRoles: Array<{ role: string; color: string }> }>('{ customerRoles { role color } }');
    const forwarder = customerRoles.find((role) => role.role === 'FORWARDER')!;
    expect(await badge.getAttribute('class')).toBe(`badge badge-${forwarder.color.toLowerCase()}`);
    expect(await unlabelledControls(page)).toEqual([]);
    await saveScreen(page, 'customers-search');
  });

  it('show every role badge with a text contrast of at least 4.5:1, at a laptop and at a phone width', async () => {
    await openPage('/customers?sort=name-asc');
    await page.getByRole('table', { name: 'Customers' }).waitFor();
    const { customerRoles } = await admin.request<{ customerRoles: Array<{ role: string }> }>('{ customerRoles { role } }');
    // One customer of each role on one page: the list filtered to each role in turn.
    for (const { role } of customerRoles) {
      await page.getByLabel('Role', { exact: true }).selectOption(role);
      await expect.poll(() => page.locator('tbody .badge').first().textContent()).toBe(role);
      const [contrast] = await renderedContrasts(page.locator('tbody .badge').first());
      expect(contrast!.ratio, `${role} badge`).toBeGreaterThanOrEqual(4.5);
    }
    await page.getByLabel('Role', { exact: true }).selectOption('');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'customers' }).textContent()).toBe('4,017 customers');
    expect(await overflowsSideways(page)).toBe(false);
    await saveScreen(page, 'customers');

    await page.setViewportSize(VIEWPORTS.phone);
    expect(await overflowsSideways(page)).toBe(false);
    expect(await page.getByRole('link', { name: /^Intakes/ }).isVisible()).toBe(true);
    await saveScreen(page, 'customers-phone');
  });
});
