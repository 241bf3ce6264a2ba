import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MERGE_PATCH_CONTENT_TYPE, ROBAWS_CLIENTS_PATH } from '../../src/robaws/endpoints.js';
import { startAdminServer, type AdminServer } from '../support/admin-server.js';
import { launchBrowser, overflowsSideways, renderedContrasts, saveScreen, tabsTo, unlabelledControls, VIEWPORTS } from '../support/browser.js';

/**
 * The admin page against a server without API keys (as `npm start` runs it): it opens without signing
 * in, over the sandbox's 4,017 clients, synced once for the whole file. One browser for the file, a
 * fresh context (storage, viewport) for each test.
 */

let admin: AdminServer;
let browser: Browser;
let context: BrowserContext | undefined;

beforeAll(async () => {
  [admin, browser] = await Promise.all([startAdminServer(), launchBrowser()]);
  await admin.fullSync();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await admin?.stop();
});
afterEach(() => context?.close());

async function openPage(path: string): Promise<Page> {
  context = await browser.newContext({ viewport: VIEWPORTS.laptop });
  const page = await context.newPage();
  await page.goto(`${admin.adminUrl}${path}`);
  return page;
}

/** The page answers as the server does: waits for what it shows, never for a while. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 30_000 });
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

interface CustomerRow {
  id: string;
  name: string;
  robawsClientId: string;
  email: string | null;
  phone: string | null;
}

async function customers(variables: Record<string, unknown>): Promise<CustomerRow[]> {
  const { customers: connection } = await admin.request<{ customers: { edges: Array<{ node: CustomerRow }> } }>(
    'query ($filter: CustomerFilter, $orderBy: CustomerOrder) { customers(first: 5, filter: $filter, orderBy: $orderBy) { edges { node { id name robawsClientId email phone } } } }',
    variables,
  );
  return connection.edges.map((edge) => edge.node);
}

const customerPath = (customer: CustomerRow) => `/customers/${encodeURIComponent(customer.id)}`;

describe('customers', () => {
  it('open without signing in; Aeon Shipping LLC is found by search with its FORWARDER badge in the colour the API gives', async () => {
    const page = await openPage('/');
    await eventually(() => heading(page)).toBe('Customers');
    await eventually(() => page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: /^Customers/ }).textContent()).toBe('Customers4,017');
    await eventually(() => page.locator('.total').textContent()).toBe('4,017 customers');

    await page.getByLabel('Search').fill('aeon');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await eventually(() => page.locator('.total').textContent()).toBe('1 customer');
    const badge = page.getByRole('row', { name: /Aeon Shipping LLC/ }).locator('.badge');
    expect(await badge.textContent()).toBe('FORWARDER');
    const { customerRoles } = await admin.request<{ customerRoles: Array<{ role: string; color: string }> }>('{ customerRoles { role color } }');
    const forwarder = customerRoles.find((role) => role.role === 'FORWARDER')!;
    expect(await badge.getAttribute('class')).toBe(`badge badge-${forwarder.color.toLowerCase()}`);
    expect(await unlabelledControls(page)).toEqual([]);
    await saveScreen(page, 'customers-search');
  });

  it('show every role badge with a text contrast of at least 4.5:1, and fit a laptop and a phone', async () => {
    const page = await openPage('/customers');
    await eventually(() => page.locator('.total').textContent()).toBe('4,017 customers');
    const { customerRoles } = await admin.request<{ customerRoles: Array<{ role: string }> }>('{ customerRoles { role } }');
    const roleFilter = page.getByLabel('Role', { exact: true });
    for (const { role } of customerRoles) {
      await roleFilter.selectOption(role);
      await eventually(() => page.locator('tbody .badge').first().textContent()).toBe(role);
      const [contrast] = await renderedContrasts(page.locator('tbody .badge').first());
      expect(contrast!.ratio, `the ${role} badge's contrast`).toBeGreaterThanOrEqual(4.5);
    }
    await roleFilter.selectOption('');
    await eventually(() => page.locator('.total').textContent()).toBe('4,017 customers');
    const contrasts = await renderedContrasts(page.locator('tbody .badge'));
    expect(contrasts.filter((badge) => badge.ratio < 4.5)).toEqual([]);
    expect(await overflowsSideways(page)).toBe(false);
    await saveScreen(page, 'customers');

    await page.setViewportSize(VIEWPORTS.phone);
    expect(await overflowsSideways(page)).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: /^Intakes/ }).isVisible()).toBe(true);
    await saveScreen(page, 'customers-phone');
  });
});

describe('a customer', () => {
  it('a bad phone number is refused, with the error beside the phone field', async () => {
    const [aeon] = await customers({ filter: { search: 'Aeon Shipping LLC' } });
    const page = await openPage(customerPath(aeon!));
    await eventually(() => heading(page)).toBe('Aeon Shipping LLC FORWARDER');
    const phone = page.getByLabel('Phone', { exact: true });
    expect(await phone.inputValue()).toBe(aeon!.phone);

    await phone.fill('12');
    await page.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.locator('#edit-phone-error').textContent()).toBe('Not a valid phone number');
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(await phone.getAttribute('aria-describedby')).toBe('edit-phone-error');
    await eventually(() => phone.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await unlabelledControls(page)).toEqual([]);
    expect((await customers({ filter: { search: 'Aeon Shipping LLC' } }))[0]!.phone).toBe(aeon!.phone);
    await saveScreen(page, 'customer-field-error');

    await page.setViewportSize(VIEWPORTS.phone);
    expect(await overflowsSideways(page)).toBe(false);
    await saveScreen(page, 'customer-phone');
  });

  it('an edit here and a change of the same field in Robaws make a conflict, settled with "Keep Robaws\'" from the keyboard', async () => {
    // The first Belgian customer by name: no other test of this file touches it.
    const [customer] = await customers({ filter: { country: 'BE' }, orderBy: { field: 'NAME', direction: 'ASC' } });
    const page = await openPage(customerPath(customer!));
    await eventually(() => page.getByLabel('City', { exact: true }).isVisible()).toBe(true);
    await page.getByLabel('City', { exact: true }).fill('Brugge');
    await page.getByRole('button', { name: 'Save' }).click();
    await eventually(() => page.getByRole('heading', { name: 'Pending changes' }).isVisible()).toBe(true);

    // Meanwhile someone changes the city in Robaws.
    const patched = await fetch(`${admin.sandboxUrl}${ROBAWS_CLIENTS_PATH}/${customer!.robawsClientId}`, {
      method: 'PATCH',
      headers: { 'content-type': MERGE_PATCH_CONTENT_TYPE, authorization: `Basic ${Buffer.from('sandbox:sandbox').toString('base64')}` },
      body: JSON.stringify({ address: { city: 'Oostende' } }),
    });
    expect(patched.status).toBe(200);

    await page.getByRole('button', { name: 'Push to Robaws' }).click();
    const conflicts = page.getByRole('region', { name: 'Fields in conflict' });
    await eventually(() => conflicts.getByRole('row', { name: /^city/ }).textContent()).toMatch(/^cityBruggeOostende/);
    await saveScreen(page, 'customer-conflict');

    expect(await tabsTo(page, page.getByRole('button', { name: "Keep Robaws' city" }))).not.toBeNull();
    await page.keyboard.press('Enter');
    await eventually(() => page.getByRole('status').filter({ hasText: 'Kept' }).textContent()).toBe("Kept Robaws' city.");
    await eventually(() => conflicts.count()).toBe(0);
    await eventually(() => page.getByLabel('City', { exact: true }).inputValue()).toBe('Oostende');
    const [settled] = await customers({ filter: { search: customer!.name, hasConflict: false, country: 'BE' } });
    expect(settled?.id).toBe(customer!.id);

    // The change reached us as a webhook event too: the webhooks screen lists it.
    await page.getByRole('link', { name: /^Webhooks/ }).click();
    await eventually(() => heading(page)).toBe('Webhooks');
    const events = page.getByRole('region', { name: 'Webhook events' }).locator('tbody tr');
    await eventually(() => events.filter({ hasText: 'client.updated' }).filter({ hasText: customer!.robawsClientId }).count()).toBeGreaterThan(0);
    await eventually(() => page.getByRole('heading', { name: 'Registrations' }).isVisible()).toBe(true);
    await saveScreen(page, 'webhooks');
  });
});

describe('syncs', () => {
  it('a full sync started from the keyboard shows its progress live until it has succeeded, then in the history', async () => {
    const page = await openPage('/syncs');
    await eventually(() => heading(page)).toBe('Syncs');
    const start = page.getByRole('button', { name: 'Run full sync' });
    expect(await tabsTo(page, start)).not.toBeNull();
    await page.keyboard.press('Enter');

    const live = page.getByRole('region', { name: /full sync/i });
    await eventually(() => live.locator('.status').textContent()).toBe('succeeded');
    expect(await live.getByText(/^Page \d+ of \d+/).textContent()).toBe('Page 41 of 41 (100%)');
    // Synced once already (the file's setup): nothing new; what else is counted depends on the other tests' edits.
    expect(await live.locator('.counts').textContent()).toMatch(/^4,017 fetched · 0 created · .* · 0 failed$/);
    expect(await page.locator('#sync-progress').evaluate((element) => (element as HTMLProgressElement).value)).toBe(1);
    await eventually(() => page.getByRole('region', { name: 'Sync runs' }).locator('tbody tr').first().textContent()).toMatch(/fullsucceededapi/);
    expect(await unlabelledControls(page)).toEqual([]);
    await saveScreen(page, 'syncs');
  });
});

describe('duplicates', () => {
  it('lists groups with their reasons and scores; "Not duplicates", reached by keyboard, dismisses one', async () => {
    const page = await openPage('/duplicates');
    await eventually(() => page.locator('.total').textContent()).toMatch(/^\d+ groups$/);
    const before = Number((await page.locator('.total').textContent())!.split(' ')[0]);
    const first = page.locator('.group').first();
    const names = (await first.locator('.group-customers a').allTextContents()).join(' and ');
    expect(await first.locator('.score').textContent()).toMatch(/^\d+% alike$/);
    expect(await first.locator('.reasons').textContent()).toMatch(/same vat|same email|same name|same phone|similar name/);
    await saveScreen(page, 'duplicates');

    expect(await tabsTo(page, first.getByRole('button', { name: `Not duplicates: ${names}` }))).not.toBeNull();
    await page.keyboard.press('Enter');
    await eventually(() => page.getByRole('status').filter({ hasText: 'Dismissed' }).textContent()).toBe(`Dismissed: ${names} are not one company.`);
    await eventually(() => page.locator('.total').textContent()).toBe(`${before - 1} groups`);
    expect(await page.getByRole('button', { name: `Not duplicates: ${names}` }).count()).toBe(0);
    const { duplicateDismissals } = await admin.request<{ duplicateDismissals: { edges: Array<{ node: { customers: Array<{ name: string }> } }> } }>(
      '{ duplicateDismissals(first: 10) { edges { node { customers { name } } } } }',
    );
    expect(duplicateDismissals.edges.map((edge) => edge.node.customers.map((customer) => customer.name).join(' and '))).toContain(names);
  });
});

describe('intakes', () => {
  it('the picker finds "NAME (ROLE) - CITY" by keyboard, fills the contact fields, and the intake is created for that customer', async () => {
    const [aeon] = await customers({ filter: { search: 'Aeon Shipping LLC' } });
    const page = await openPage('/intakes');
    await eventually(() => heading(page)).toBe('Intakes');
    const picker = page.getByRole('combobox', { name: 'Customer' });
    await picker.fill('aeon');
    const option = page.getByRole('option', { name: 'Aeon Shipping LLC (FORWARDER) - Dubai' });
    await option.waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await saveScreen(page, 'intake-picker');

    await picker.press('ArrowDown');
    expect(await picker.getAttribute('aria-activedescendant')).toBe(await option.getAttribute('id'));
    await picker.press('Enter');
    expect(await picker.inputValue()).toBe('Aeon Shipping LLC (FORWARDER) - Dubai');
    await eventually(() => page.getByLabel('Contact e-mail').inputValue()).toBe(aeon!.email);
    expect(await page.getByLabel('Customer name').inputValue()).toBe('Aeon Shipping LLC');
    expect(await page.getByLabel('Contact phone').inputValue()).toBe(aeon!.phone);
    await page.getByLabel('Notes').fill('Two cars to Dubai');
    await page.getByRole('button', { name: 'Create intake' }).click();

    await eventually(() => page.getByRole('status').filter({ hasText: 'Created' }).textContent()).toBe('Created an intake for Aeon Shipping LLC.');
    await eventually(() => page.getByRole('region', { name: 'Intakes' }).getByRole('row', { name: /Aeon Shipping LLC/ }).textContent()).toContain(`${aeon!.email} · ${aeon!.phone}draft`);
    const { intakes } = await admin.request<{ intakes: { edges: Array<{ node: { robawsClientId: string; notes: string } }> } }>(
      'query ($id: String) { intakes(first: 5, filter: { robawsClientId: $id }) { edges { node { robawsClientId notes } } } }',
      { id: aeon!.robawsClientId },
    );
    expect(intakes.edges.map((edge) => edge.node)).toEqual([{ robawsClientId: aeon!.robawsClientId, notes: 'Two cars to Dubai' }]);
    await saveScreen(page, 'intakes');
  });
});
