import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeys } from '../../src/auth/api-keys.js';
import { graphql } from '../generated/gql.js';
import { API_KEYS, createGraphQLApp, errorsOf } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';

/** Dismissing a duplicate group: hidden, recorded with its key, undone; back only when another customer joins it. */

const Groups = graphql(`
  query DismissalGroups {
    duplicateCustomers(first: 500) {
      totalCount
      edges {
        node {
          customers {
            id
            email
          }
          matches {
            reasons {
              kind
              value
            }
          }
        }
      }
    }
  }
`);

const Dismiss = graphql(`
  mutation DismissGroup($customerIds: [ID!]!) {
    dismissDuplicateGroup(input: { customerIds: $customerIds }) {
      __typename
      ... on DuplicateDismissal {
        customers {
          id
        }
        dismissedAt
        apiKeyId
      }
      ... on Error {
        code
      }
      ... on ValidationError {
        issues {
          path
          message
        }
      }
    }
  }
`);

const Undismiss = graphql(`
  mutation UndismissGroup($customerIds: [ID!]!) {
    undismissDuplicateGroup(input: { customerIds: $customerIds }) {
      __typename
      ... on UndismissDuplicateGroupPayload {
        customers {
          id
        }
      }
      ... on Error {
        code
      }
    }
  }
`);

const Dismissals = graphql(`
  query Dismissals {
    duplicateDismissals(first: 50) {
      totalCount
      edges {
        node {
          customers {
            id
          }
          apiKeyId
        }
      }
    }
  }
`);

let harness: Harness;
let writer: GraphQLClient;
let reader: GraphQLClient;

beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 700 } });
  await harness.sync.run({ kind: 'FULL', trigger: 'API' });
  const api = await createGraphQLApp(harness);
  [writer, reader] = [api.client('write'), api.client('read')];
}, 120_000);
afterAll(() => harness?.close());

const keyOf = (ids: readonly string[]) => [...ids].sort().join(',');
const rowIdOf = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);

async function listedGroups() {
  const { duplicateCustomers } = await reader.request(Groups);
  return { totalCount: duplicateCustomers.totalCount, groups: duplicateCustomers.edges.map((edge) => edge.node) };
}

/** A group of its own for each test, picked by the reason it was found for (seeded groups have one reason each). */
async function groupFoundBy(kind: string) {
  const { groups } = await listedGroups();
  const group = groups.find((candidate) => candidate.matches.some((match) => match.reasons.some((reason) => reason.kind === kind)));
  if (!group) throw new Error(`no ${kind} group in the sandbox`);
  return group;
}

describe('dismissDuplicateGroup and undismissDuplicateGroup', () => {
  it('hides the group, records when and with which key; undoing it lists the group again', async () => {
    const group = await groupFoundBy('SAME_VAT');
    const ids = group.customers.map((customer) => customer.id);
    const before = await listedGroups();

    const { dismissDuplicateGroup } = await writer.request(Dismiss, { customerIds: ids });
    const writeKeyId = parseApiKeys(`${API_KEYS.write}:write`).keys[0]!.id;
    expect(dismissDuplicateGroup).toMatchObject({ __typename: 'DuplicateDismissal', apiKeyId: writeKeyId, dismissedAt: expect.any(String) });
    if (dismissDuplicateGroup.__typename !== 'DuplicateDismissal') throw new Error(dismissDuplicateGroup.__typename);
    expect(keyOf(dismissDuplicateGroup.customers.map((customer) => customer.id))).toBe(keyOf(ids));
    const rowIds = ids.map(rowIdOf).sort((a, b) => a - b);
    expect(await harness.database.db.duplicateDismissal.findUnique({ where: { customerIds: rowIds } })).toMatchObject({ apiKeyId: writeKeyId });

    const hidden = await listedGroups();
    expect(hidden.totalCount).toBe(before.totalCount - 1);
    expect(hidden.groups.map((listed) => keyOf(listed.customers.map((customer) => customer.id)))).not.toContain(keyOf(ids));
    const { duplicateDismissals } = await reader.request(Dismissals);
    expect(duplicateDismissals.edges.map(({ node }) => keyOf(node.customers.map((customer) => customer.id)))).toContain(keyOf(ids));
    expect(duplicateDismissals.totalCount).toBe(await harness.database.db.duplicateDismissal.count());

    const { undismissDuplicateGroup } = await writer.request(Undismiss, { customerIds: [...ids].reverse() });
    if (undismissDuplicateGroup.__typename !== 'UndismissDuplicateGroupPayload') throw new Error(undismissDuplicateGroup.__typename);
    expect(keyOf(undismissDuplicateGroup.customers.map((customer) => customer.id))).toBe(keyOf(ids));
    expect((await listedGroups()).totalCount).toBe(before.totalCount);
    expect(await harness.database.db.duplicateDismissal.findUnique({ where: { customerIds: rowIds } })).toBeNull();
    expect((await writer.request(Undismiss, { customerIds: ids })).undismissDuplicateGroup).toEqual({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it('a dismissed group stays hidden when its customers change, and comes back when another customer joins it', async () => {
    const group = await groupFoundBy('SAME_EMAIL');
    const ids = group.customers.map((customer) => customer.id);
    const sharedEmail = group.customers[0]!.email!;
    await writer.request(Dismiss, { customerIds: ids });

    await harness.customers.edit(rowIdOf(ids[0]!), { city: 'Dismissed City' });
    const stillHidden = await listedGroups();
    expect(stillHidden.groups.some((listed) => listed.customers.some((customer) => ids.includes(customer.id)))).toBe(false);

    const { groups } = await listedGroups();
    const inGroups = new Set(groups.flatMap((listed) => listed.customers.map((customer) => customer.id)));
    const newcomer = await harness.database.db.customer.findFirstOrThrow({
      where: { id: { notIn: [...inGroups, ...ids].map(rowIdOf) }, email: { not: null } },
      orderBy: { id: 'asc' },
    });
    await harness.customers.edit(newcomer.id, { email: sharedEmail });
    const back = (await listedGroups()).groups.find((listed) => listed.customers.some((customer) => customer.id === ids[0]));
    expect(keyOf(back?.customers.map((customer) => customer.id) ?? [])).toBe(keyOf([...ids, encodeGlobalID('Customer', newcomer.id)]));
  });

  it('refuses fewer than two customers, ids of other types and unknown customers, and a read key; records nothing', async () => {
    const { groups } = await listedGroups();
    const [first, second] = groups[0]!.customers.map((customer) => customer.id);
    const before = await harness.database.db.duplicateDismissal.count();
    expect((await writer.request(Dismiss, { customerIds: [first!] })).dismissDuplicateGroup).toEqual({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'input.customerIds', message: 'Give at least two customers' }],
    });
    expect((await writer.request(Dismiss, { customerIds: [first!, encodeGlobalID('Intake', 1)] })).dismissDuplicateGroup).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: 'input.customerIds.1' }],
    });
    expect((await writer.request(Dismiss, { customerIds: [first!, encodeGlobalID('Customer', 999_999)] })).dismissDuplicateGroup).toEqual({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    const [forbidden] = await errorsOf(reader.request(Dismiss, { customerIds: [first!, second!] }));
    expect(forbidden?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope: 'write' });
    expect(await harness.database.db.duplicateDismissal.count()).toBe(before);
  });
});
