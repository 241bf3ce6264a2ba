import type { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClients } from '../../src/sandbox/seed/generator.js';
import type { DuplicateGroup as SeededGroup } from '../../src/sandbox/seed/types.js';
import { graphql } from '../generated/gql.js';
import { createGraphQLApp, errorsOf } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';

/** The duplicate finder against the sandbox's ground truth: every group it seeded, and nothing else. */

const DuplicateCustomers = graphql(`
  query DuplicateCustomers($first: Int, $after: String, $minScore: Float) {
    duplicateCustomers(first: $first, after: $after, minScore: $minScore) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          score
          reasons
          customers {
            robawsClientId
            name
          }
          matches {
            score
            customers {
              robawsClientId
            }
            reasons {
              kind
              value
              similarity
            }
          }
        }
      }
    }
  }
`);

const REASON_KIND: Record<SeededGroup['reason'], string> = { 'same-vat': 'SAME_VAT', 'same-email': 'SAME_EMAIL', 'same-name-other-suffix': 'SAME_NAME' };

let harness: Harness;
let client: GraphQLClient;
let seeded: SeededGroup[];

beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 4017 } });
  await harness.sync.run({ kind: 'FULL', trigger: 'API' });
  seeded = generateClients({ count: 4017, seed: harness.sandbox.options.seed }).duplicateGroups;
  client = (await createGraphQLApp(harness)).client('read');
}, 120_000);
afterAll(() => harness?.close());

const keyOf = (ids: ReadonlyArray<string | number>) => ids.map(String).sort().join(',');

async function groups(variables: { first?: number; minScore?: number }) {
  const { duplicateCustomers } = await client.request(DuplicateCustomers, variables);
  return duplicateCustomers.edges.map((edge) => edge.node);
}

describe('duplicateCustomers', () => {
  it('finds every group the sandbox seeded, each with the reason it was seeded for', async () => {
    expect(seeded.length).toBeGreaterThanOrEqual(25);
    const found = await groups({ first: 500 });
    const byKey = new Map(found.map((group) => [keyOf(group.customers.map((customer) => customer.robawsClientId)), group]));
    for (const group of seeded) {
      const match = byKey.get(keyOf(group.ids));
      expect(match, `seeded ${group.reason} group ${group.ids.join(', ')}`).toBeDefined();
      expect(match!.reasons).toContain(REASON_KIND[group.reason]);
      expect(match!.score).toBeGreaterThanOrEqual(0.6);
    }
  });

  it('returns no group of unrelated companies: precision 100% on the 4,017 sandbox clients', async () => {
    const found = await groups({ first: 500 });
    const seededKeys = new Set(seeded.map((group) => keyOf(group.ids)));
    const unrelated = found.filter((group) => !seededKeys.has(keyOf(group.customers.map((customer) => customer.robawsClientId))));
    expect(unrelated.map((group) => group.customers.map((customer) => customer.name))).toEqual([]);
    expect(found).toHaveLength(seeded.length);
  });

  it('orders groups best first and explains each match', async () => {
    const found = await groups({ first: 500 });
    expect(found.map((group) => group.score)).toEqual([...found.map((group) => group.score)].sort((a, b) => b - a));
    const sameVat = found.find((group) => group.reasons.includes('SAME_VAT'))!;
    expect(sameVat.score).toBe(0.95);
    expect(sameVat.matches[0]!.reasons).toContainEqual(expect.objectContaining({ kind: 'SAME_VAT', similarity: null }));
  });

  it('a lower minScore adds similar-name groups on top of the seeded ones', async () => {
    const loose = await groups({ first: 500, minScore: 0.3 });
    expect(loose.length).toBeGreaterThan(seeded.length);
    expect(loose.flatMap((group) => group.reasons)).toContain('SIMILAR_NAME');
  });

  it('pages: first and after walk the groups in order, totalCount counts them all', async () => {
    const all = await groups({ first: 500 });
    const { duplicateCustomers: firstPage } = await client.request(DuplicateCustomers, { first: 3 });
    expect(firstPage.totalCount).toBe(all.length);
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    const { duplicateCustomers: secondPage } = await client.request(DuplicateCustomers, { first: 3, after: firstPage.pageInfo.endCursor });
    expect([...firstPage.edges, ...secondPage.edges].map((edge) => edge.node)).toEqual(all.slice(0, 6));
  });

  it('refuses a minScore outside 0..1 and a first above 500 with BAD_USER_INPUT errors naming the argument', async () => {
    const [minScore] = await errorsOf(client.request(DuplicateCustomers, { minScore: 1.5 }));
    expect(minScore?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'minScore', message: 'Between 0 and 1' }] });
    const [first] = await errorsOf(client.request(DuplicateCustomers, { first: 501 }));
    expect(first?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: 'first' }] });
  });
});
