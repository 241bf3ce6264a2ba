import type { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClients } from '../../src/sandbox/seed/generator.js';
import type { DuplicateGroup as SeededGroup } from '../../src/sandbox/seed/types.js';
import { graphql } from '../generated/gql.js';
import { createGraphQLApp } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';

/** The duplicate finder against the sandbox's ground truth: every group it seeded, and nothing else. */

const DuplicateCustomers = graphql(`
  query DuplicateCustomers($first: Int, $minScore: Float) {
    duplicateCustomers(first: $first, minScore: $minScore) {
      __typename
      ... on QueryDuplicateCustomersSuccess {
        data {
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
      ... on ValidationError {
        issues {
          path
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
  if (duplicateCustomers.__typename !== 'QueryDuplicateCustomersSuccess') throw new Error(duplicateCustomers.__typename);
  return duplicateCustomers.data;
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

  it('a lower minScore adds similar-name groups on top of the seeded ones; first limits the answer', async () => {
    const loose = await groups({ first: 500, minScore: 0.3 });
    expect(loose.length).toBeGreaterThan(seeded.length);
    expect(loose.flatMap((group) => group.reasons)).toContain('SIMILAR_NAME');
    expect(await groups({ first: 3 })).toHaveLength(3);
  });

  it('refuses a minScore outside 0..1 and a first above 500 with field errors', async () => {
    const { duplicateCustomers } = await client.request(DuplicateCustomers, { minScore: 1.5, first: 501 });
    expect(duplicateCustomers).toEqual({ __typename: 'ValidationError', issues: [{ path: 'first' }, { path: 'minScore' }] });
  });
});
