import { PrismaPg } from '@prisma/adapter-pg';
import type { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_BY_ID_LIMIT } from '../../src/customers/customer-queries.js';
import type { Db } from '../../src/db/client.js';
import { PrismaClient, type Customer } from '../../src/generated/prisma/client.js';
import { graphql } from '../generated/gql.js';
import type { CustomerFilter, CustomerOrder, CustomerPageQueryVariables } from '../generated/graphql.js';
import { createGraphQLApp, errorsOf } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';

/** The admin table over GraphQL: filters, ordering, pagination and search over the 4,017 sandbox clients. */

const CustomerPage = graphql(`
  query CustomerPage($first: Int, $after: String, $last: Int, $before: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
    customers(first: $first, after: $after, last: $last, before: $before, filter: $filter, orderBy: $orderBy) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        node {
          id
          robawsClientId
          name
        }
      }
    }
  }
`);

const CustomerCount = graphql(`
  query CustomerCount($filter: CustomerFilter) {
    customers(first: 1, filter: $filter) {
      totalCount
    }
  }
`);

const IntakesCounts = graphql(`
  query IntakesCounts {
    customers(first: 100, orderBy: { field: INTAKES_COUNT, direction: DESC }) {
      edges {
        node {
          robawsClientId
          intakesCount
          fullNameWithRole
          roleBadgeColor
        }
      }
    }
  }
`);

const CustomerOptions = graphql(`
  query CustomerOptions($search: String, $limit: Int) {
    customerOptions(search: $search, limit: $limit) {
      value
      label
    }
  }
`);

const RolesAndStats = graphql(`
  query RolesAndStats {
    customerRoles {
      role
      color
      count
      known
    }
    customerStats {
      total
      active
      inactive
      pendingPush
      inConflict
      gone
      withoutRole
      byRole {
        role
        count
      }
    }
  }
`);

const CustomerDetail = graphql(`
  query CustomerDetail($robawsClientId: String) {
    customer(robawsClientId: $robawsClientId) {
      __typename
      ... on Customer {
        name
        fullNameWithRole
        roleBadgeColor
        intakesCount
        intakes(first: 2) {
          totalCount
          edges {
            node {
              customerName
              customer {
                robawsClientId
              }
            }
          }
        }
        pendingChanges {
          field
          base
        }
        conflict {
          field
          local
          remote
        }
        address {
          city
          countryCode
        }
      }
    }
  }
`);

type Row = Customer & { intakes: number };

let harness: Harness;
let client: GraphQLClient;
let queries: string[] = [];
let countingDb: Db;
let countingClient: GraphQLClient;
let rows: Row[];

beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 4017 } });
  await harness.sync.run({ kind: 'FULL', trigger: 'API' });
  const { db } = harness.database;
  const ordered = await db.customer.findMany({ orderBy: { id: 'asc' } });
  // Intakes for 150 customers (one to three each), edits, conflicts and gone clients, so that every filter has both answers.
  await db.intake.createMany({
    data: ordered.slice(0, 150).flatMap((customer, index) =>
      Array.from({ length: (index % 3) + 1 }, () => ({ robawsClientId: customer.robawsClientId, customerName: customer.name })),
    ),
  });
  for (const customer of ordered.slice(200, 205)) await harness.customers.edit(customer.id, { city: 'Edited City' });
  for (const customer of ordered.slice(210, 213)) {
    await db.customer.update({
      where: { id: customer.id },
      data: { conflicts: { email: { local: 'ours@example.be', remote: 'theirs@example.be', detectedAt: new Date().toISOString() } } },
    });
  }
  await db.customer.updateMany({ where: { id: { in: ordered.slice(220, 224).map((customer) => customer.id) } }, data: { goneFromRobawsAt: new Date() } });
  // Active is a local decision: every tenth customer is deactivated here.
  await harness.customers.setActive(ordered.filter((_, index) => index % 10 === 3).map((customer) => customer.id), false);
  rows = (await db.customer.findMany({ include: { _count: { select: { intakes: true } } } })).map(({ _count, ...customer }) => ({ ...customer, intakes: _count.intakes }));

  client = (await createGraphQLApp(harness)).client('read');
  // The same database through a client that records every SQL statement.
  const recording = new PrismaClient({ adapter: new PrismaPg({ connectionString: harness.database.url }), log: [{ emit: 'event', level: 'query' }] });
  recording.$on('query', (event) => queries.push(event.query));
  countingDb = recording as unknown as Db;
  countingClient = (await createGraphQLApp(harness, { db: countingDb })).client('read');
}, 120_000);

afterAll(async () => {
  await countingDb?.$disconnect();
  await harness?.close();
});

const isEmpty = (json: unknown) => Object.keys(json as object).length === 0;

/** Each filter and what it must select, worked out here from the rows themselves. */
const FILTERS: Array<[string, CustomerFilter, (row: Row) => boolean]> = [
  ['roles (several)', { roles: ['FORWARDER', 'BROKER'] }, (row) => row.role === 'FORWARDER' || row.role === 'BROKER'],
  ['isActive: true', { isActive: true }, (row) => row.isActive],
  ['isActive: false', { isActive: false }, (row) => !row.isActive],
  ['country code', { country: 'be' }, (row) => row.countryCode === 'BE'],
  ['country name', { country: 'nether' }, (row) => row.country?.toLowerCase().includes('nether') ?? false],
  ['hasIntakes: true', { hasIntakes: true }, (row) => row.intakes > 0],
  ['hasIntakes: false', { hasIntakes: false }, (row) => row.intakes === 0],
  ['hasPendingChanges: true', { hasPendingChanges: true }, (row) => !isEmpty(row.pendingChanges)],
  ['hasPendingChanges: false', { hasPendingChanges: false }, (row) => isEmpty(row.pendingChanges)],
  ['hasConflict: true', { hasConflict: true }, (row) => !isEmpty(row.conflicts)],
  ['hasConflict: false', { hasConflict: false }, (row) => isEmpty(row.conflicts)],
  ['goneFromRobaws: true', { goneFromRobaws: true }, (row) => row.goneFromRobawsAt !== null],
  ['goneFromRobaws: false', { goneFromRobaws: false }, (row) => row.goneFromRobawsAt === null],
  ['search', { search: 'transport' }, (row) => row.name.toLowerCase().includes('transport') || (row.email ?? '').includes('transport')],
  [
    'combined: active Belgian forwarders with intakes',
    { roles: ['FORWARDER'], isActive: true, country: 'BE', hasIntakes: true },
    (row) => row.role === 'FORWARDER' && row.isActive && row.countryCode === 'BE' && row.intakes > 0,
  ],
  [
    'combined: search among inactive customers without intakes',
    { search: 'motors', isActive: false, hasIntakes: false },
    (row) => !row.isActive && row.intakes === 0 && (row.name.toLowerCase().includes('motors') || (row.email ?? '').includes('motors')),
  ],
];

/** Every node of the connection, following cursors forwards or backwards. */
async function pageThrough(direction: 'forward' | 'backward', variables: { filter?: CustomerFilter; orderBy?: CustomerOrder }, pageSize = 500) {
  const seen: Array<{ id: string; robawsClientId: string; name: string }> = [];
  let cursor: string | null | undefined;
  for (let pages = 0; pages < 100; pages++) {
    const page: CustomerPageQueryVariables =
      direction === 'forward' ? { ...variables, first: pageSize, after: cursor } : { ...variables, last: pageSize, before: cursor };
    const { customers } = await client.request(CustomerPage, page);
    const nodes = customers.edges.map((edge) => edge.node);
    seen.push(...(direction === 'forward' ? nodes : nodes.reverse()));
    const more = direction === 'forward' ? customers.pageInfo.hasNextPage : customers.pageInfo.hasPreviousPage;
    if (!more) return direction === 'forward' ? seen : seen.reverse();
    cursor = direction === 'forward' ? customers.pageInfo.endCursor : customers.pageInfo.startCursor;
  }
  throw new Error('more than 100 pages');
}

/** The list's orders, each with how it sorts the rows. */
const ORDERS: Array<[string, CustomerOrder | undefined, (a: Row, b: Row) => number]> = [
  ['default (lastSyncedAt, newest first)', undefined, (a, b) => b.lastSyncedAt.getTime() - a.lastSyncedAt.getTime() || b.id - a.id],
  ['name', { field: 'NAME', direction: 'ASC' }, (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id)],
  ['intakesCount, most first', { field: 'INTAKES_COUNT', direction: 'DESC' }, (a, b) => b.intakes - a.intakes || b.id - a.id],
  ['createdAt', { field: 'CREATED_AT', direction: 'ASC' }, (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id],
];

describe('customers: filters', () => {
  it('the filters have rows on both sides (the test data is what the cases assume)', () => {
    for (const [name, , selects] of FILTERS) {
      const selected = rows.filter(selects).length;
      expect(selected, name).toBeGreaterThan(0);
      expect(selected, name).toBeLessThan(rows.length);
    }
  });

  it.each(FILTERS)('%s: totalCount is the number of matching customers', async (_name, filter, selects) => {
    const { customers } = await client.request(CustomerCount, { filter });
    expect(customers.totalCount).toBe(rows.filter(selects).length);
  });

  it('a combined filter returns exactly the matching customers', async () => {
    const [, filter, selects] = FILTERS.at(-2)!;
    const nodes = await pageThrough('forward', { filter });
    expect(nodes.map((node) => node.robawsClientId).sort()).toEqual(rows.filter(selects).map((row) => row.robawsClientId).sort());
  });

  it('no filter: all 4,017', async () => {
    expect((await client.request(CustomerCount, {})).customers.totalCount).toBe(4017);
  });
});

describe('customers: pagination', () => {

  it.each(ORDERS)('ordered by %s: forwards and backwards visit each of the 4,017 exactly once, in order', async (_name, orderBy, compare) => {
    const expected = [...rows].sort(compare).map((row) => row.robawsClientId);
    const forward = await pageThrough('forward', { orderBy: orderBy ?? undefined });
    const backward = await pageThrough('backward', { orderBy: orderBy ?? undefined });
    expect(new Set(forward.map((node) => node.id)).size).toBe(4017);
    if (orderBy?.field === 'NAME') {
      // Postgres orders names by its collation; the order must still be total and the same both ways.
      expect(forward.map((node) => node.robawsClientId).sort()).toEqual([...expected].sort());
    } else {
      expect(forward.map((node) => node.robawsClientId)).toEqual(expected);
    }
    expect(backward.map((node) => node.robawsClientId)).toEqual(forward.map((node) => node.robawsClientId));
  });

  it('pages of a filtered list: forwards and backwards agree with totalCount', async () => {
    const filter: CustomerFilter = { roles: ['FORWARDER'] };
    const forward = await pageThrough('forward', { filter }, 97);
    const backward = await pageThrough('backward', { filter }, 97);
    expect(forward).toHaveLength(rows.filter((row) => row.role === 'FORWARDER').length);
    expect(new Set(forward.map((node) => node.id)).size).toBe(forward.length);
    expect(backward).toEqual(forward);
  });
});

describe('customers: search', () => {
  const someone = (predicate: (row: Row) => boolean) => {
    const row = rows.find(predicate);
    if (!row) throw new Error('no such customer in the sandbox');
    return row;
  };
  const found = async (search: string) =>
    (await client.request(CustomerPage, { first: 500, filter: { search } })).customers.edges.map((edge) => edge.node.robawsClientId);

  it('finds a customer by part of its name in another case', async () => {
    const customer = someone((row) => row.name === 'Aeon Shipping LLC');
    expect(await found('aEoN sHiP')).toContain(customer.robawsClientId);
  });

  it('ignores accents both ways', async () => {
    const customer = someone((row) => /[éèàç]/i.test(row.name));
    const unaccented = customer.name.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
    expect(await found(unaccented)).toContain(customer.robawsClientId);
  });

  it('finds a customer by e-mail', async () => {
    const customer = someone((row) => row.email !== null && row.email.startsWith('info@'));
    expect(await found(customer.email!.toUpperCase())).toContain(customer.robawsClientId);
  });

  it('finds a Belgian customer by VAT written "BE 0123.456.789", "0123456789" or "BE0123456789"', async () => {
    const customer = someone((row) => /^BE0\d{9}$/.test(row.vatNumber ?? ''));
    const digits = customer.vatNumber!.slice(2);
    for (const written of [`BE ${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`, digits, customer.vatNumber!, `be${digits}`]) {
      expect(await found(written), written).toContain(customer.robawsClientId);
    }
  });

  it('a term found nowhere finds nothing; % and _ are no wildcards', async () => {
    expect(await found('zzqx-no-such-customer')).toEqual([]);
    expect(await found('%')).toEqual([]);
    expect((await client.request(CustomerCount, { filter: { search: '_' } })).customers.totalCount).toBe(0);
  });

  it.each(ORDERS)('a search pages forwards and backwards by %s, each match once and in order, and counts them', async (_name, orderBy, compare) => {
    // A word in fewer customers than are listed by id, and one in more.
    for (const term of ['motors', 'transport']) {
      const matching = rows.filter((row) => row.searchText.includes(term)).sort(compare).map((row) => row.robawsClientId);
      const variables = { filter: { search: term }, orderBy: orderBy ?? undefined };
      const forward = (await pageThrough('forward', variables, 23)).map((node) => node.robawsClientId);
      const backward = (await pageThrough('backward', variables, 23)).map((node) => node.robawsClientId);
      // Postgres orders names by its collation: there the order must be total and the same both ways.
      if (orderBy?.field === 'NAME') expect([...forward].sort()).toEqual([...matching].sort());
      else expect(forward).toEqual(matching);
      expect(backward).toEqual(forward);
      expect((await client.request(CustomerPage, { ...variables, first: 5 })).customers.totalCount).toBe(matching.length);
    }
  });

  it('a word in many customers pages and counts like a rare one', async () => {
    const matching = rows.filter((row) => row.searchText.includes('transport'));
    // More than are selected by id: the page is found by the search join.
    expect(matching.length).toBeGreaterThan(SEARCH_BY_ID_LIMIT);
    const nodes = await pageThrough('forward', { filter: { search: 'TRANSPORT' } }, 100);
    expect(nodes.map((node) => node.robawsClientId).sort()).toEqual(matching.map((row) => row.robawsClientId).sort());
    expect((await client.request(CustomerCount, { filter: { search: 'transport', isActive: true } })).customers.totalCount).toBe(
      matching.filter((row) => row.isActive).length,
    );
  });
});

describe('intakesCount', () => {
  it('for a page of 100 customers costs a bounded number of SQL statements (not one per row)', async () => {
    queries = [];
    const { customers } = await countingClient.request(IntakesCounts);
    expect(customers.edges).toHaveLength(100);
    const expected = [...rows].sort((a, b) => b.intakes - a.intakes || b.id - a.id).slice(0, 100);
    expect(customers.edges.map((edge) => [edge.node.robawsClientId, edge.node.intakesCount])).toEqual(expected.map((row) => [row.robawsClientId, row.intakes]));
    // The page itself, then one grouped count for all 100 rows.
    expect(queries).toHaveLength(2);
    expect(queries[1]).toMatch(/GROUP BY "public"\."intakes"\."robaws_client_id"/);
  });

  it('fullNameWithRole and roleBadgeColor follow the plan', async () => {
    const { customers } = await client.request(IntakesCounts);
    for (const { node } of customers.edges) {
      const row = rows.find((candidate) => candidate.robawsClientId === node.robawsClientId)!;
      expect(node.fullNameWithRole).toBe(row.role ? `${row.name} (${row.role})` : row.name);
      if (row.role === 'FORWARDER') expect(node.roleBadgeColor).toBe('PRIMARY');
      if (row.role === null || row.role === 'EMBASSY') expect(node.roleBadgeColor).toBe('GRAY');
    }
  });
});

describe('customer', () => {
  it('shows intakes, pending changes, conflicts and the address', async () => {
    const withEverything = rows.find((row) => row.intakes === 3)!;
    const { customer } = await client.request(CustomerDetail, { robawsClientId: withEverything.robawsClientId });
    if (customer.__typename !== 'Customer') throw new Error(customer.__typename);
    expect(customer.intakesCount).toBe(3);
    expect(customer.intakes.totalCount).toBe(3);
    expect(customer.intakes.edges).toHaveLength(2);
    expect(customer.intakes.edges[0]!.node.customer?.robawsClientId).toBe(withEverything.robawsClientId);

    const edited = rows.find((row) => !isEmpty(row.pendingChanges))!;
    const detail = (await client.request(CustomerDetail, { robawsClientId: edited.robawsClientId })).customer;
    if (detail.__typename !== 'Customer') throw new Error(detail.__typename);
    expect(detail.pendingChanges).toEqual([{ field: 'CITY', base: expect.anything() }]);
    expect(detail.address.city).toBe('Edited City');

    const conflicted = rows.find((row) => !isEmpty(row.conflicts))!;
    const inConflict = (await client.request(CustomerDetail, { robawsClientId: conflicted.robawsClientId })).customer;
    if (inConflict.__typename !== 'Customer') throw new Error(inConflict.__typename);
    expect(inConflict.conflict).toEqual([{ field: 'EMAIL', local: 'ours@example.be', remote: 'theirs@example.be' }]);
  });
});

describe('customerOptions (the intake picker)', () => {
  it('labels "NAME (ROLE) - CITY", value the Robaws client id, names starting with the search first', async () => {
    const { customerOptions } = await client.request(CustomerOptions, { search: 'aeon', limit: 10 });
    const aeon = rows.find((row) => row.name === 'Aeon Shipping LLC')!;
    expect(customerOptions[0]).toEqual({ value: aeon.robawsClientId, label: 'Aeon Shipping LLC (FORWARDER) - Dubai' });
  });

  it('ranks names starting with the term before names merely containing it, and leaves out gone customers', async () => {
    const { customerOptions } = await client.request(CustomerOptions, { search: 'motors', limit: 500 });
    const labels = customerOptions.map((option) => option.label.toLowerCase());
    const firstNotStarting = labels.findIndex((label) => !label.startsWith('motors'));
    expect(firstNotStarting).toBeGreaterThan(0);
    expect(labels.length).toBeGreaterThan(firstNotStarting);
    expect(labels.slice(firstNotStarting).every((label) => !label.startsWith('motors'))).toBe(true);
    const gone = new Set(rows.filter((row) => row.goneFromRobawsAt).map((row) => row.robawsClientId));
    expect(customerOptions.some((option) => gone.has(option.value))).toBe(false);
  });

  it('returns at most `limit`, and refuses a limit out of range with a BAD_USER_INPUT error naming it', async () => {
    const { customerOptions } = await client.request(CustomerOptions, { search: 'a', limit: 7 });
    expect(customerOptions).toHaveLength(7);
    for (const limit of [0, 501]) {
      const [refused] = await errorsOf(client.request(CustomerOptions, { search: 'a', limit }));
      expect(refused?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'limit' }] });
    }
  });

  it('treats % and _ in the search as themselves', async () => {
    const { customerOptions } = await client.request(CustomerOptions, { search: '%', limit: 5 });
    expect(customerOptions).toEqual([]);
  });
});

describe('customerRoles and customerStats', () => {
  it('lists the plan\'s roles first with their colours and counts, then roles only seen in data', async () => {
    const { customerRoles, customerStats } = await client.request(RolesAndStats);
    expect(customerRoles.slice(0, 3)).toEqual([
      { role: 'FORWARDER', color: 'PRIMARY', count: rows.filter((row) => row.role === 'FORWARDER').length, known: true },
      { role: 'POV', color: 'SUCCESS', count: rows.filter((row) => row.role === 'POV').length, known: true },
      { role: 'BROKER', color: 'WARNING', count: rows.filter((row) => row.role === 'BROKER').length, known: true },
    ]);
    expect(customerRoles.find((role) => role.role === 'TOURIST')?.color).toBe('DANGER');
    const total = customerRoles.reduce((sum, role) => sum + role.count, 0);
    expect(total + customerStats.withoutRole).toBe(4017);
    expect(customerStats.byRole).toEqual(customerRoles.map(({ role, count }) => ({ role, count })));
  });

  it('counts total, active, inactive, pending push, in conflict and gone', async () => {
    const { customerStats } = await client.request(RolesAndStats);
    expect(customerStats).toMatchObject({
      total: 4017,
      active: rows.filter((row) => row.isActive).length,
      inactive: rows.filter((row) => !row.isActive).length,
      pendingPush: 5,
      inConflict: 3,
      gone: 4,
      withoutRole: rows.filter((row) => row.role === null).length,
    });
  });
});
