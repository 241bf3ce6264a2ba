import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Customer } from '../../src/generated/prisma/client.js';
import { graphql } from '../generated/gql.js';
import { createGraphQLApp, errorsOf, type GraphQLApp } from '../support/graphql-app.js';
import { createHarness, type Harness } from '../support/harness.js';
import { createGate, robawsWith, type Gate } from '../support/robaws.js';

/** Every mutation through HTTP with a real GraphQL client: what it does, a validation error, and a missing permission. */

const RunFullSync = graphql(`
  mutation MutationRunFullSync($input: RunFullSyncInput) {
    runFullSync(input: $input) {
      __typename
      ... on SyncRunStart {
        alreadyRunning
        run {
          id
          kind
          status
          dryRun
        }
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

const RunIncrementalSync = graphql(`
  mutation MutationRunIncrementalSync($input: RunIncrementalSyncInput) {
    runIncrementalSync(input: $input) {
      __typename
      ... on SyncRunStart {
        run {
          id
          kind
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

const PushPendingCustomers = graphql(`
  mutation MutationPushPendingCustomers($input: PushPendingCustomersInput) {
    pushPendingCustomers(input: $input) {
      __typename
      ... on SyncRunStart {
        run {
          id
          kind
        }
      }
    }
  }
`);

const SearchByName = graphql(`
  query MutationSearchByName($search: String) {
    customers(first: 5, filter: { search: $search }) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const SyncRunStatus = graphql(`
  query MutationSyncRunStatus($id: ID!) {
    syncRun(id: $id) {
      __typename
      ... on SyncRun {
        status
        pushed
        fetched
        cancelRequestedAt
      }
    }
  }
`);

const CancelSyncRun = graphql(`
  mutation MutationCancelSyncRun($id: ID!) {
    cancelSyncRun(input: { id: $id }) {
      __typename
      ... on SyncRun {
        id
        cancelRequestedAt
      }
      ... on ValidationError {
        issues {
          path
        }
      }
      ... on NotFoundError {
        entity
      }
    }
  }
`);

const SyncSingle = graphql(`
  mutation MutationSyncSingle($robawsClientId: String!) {
    syncSingle(input: { robawsClientId: $robawsClientId }) {
      __typename
      ... on Customer {
        robawsClientId
        name
      }
      ... on ValidationError {
        issues {
          path
        }
      }
      ... on NotFoundError {
        key
      }
    }
  }
`);

const UpdateCustomer = graphql(`
  mutation MutationUpdateCustomer($input: UpdateCustomerInput!) {
    updateCustomer(input: $input) {
      __typename
      ... on Customer {
        name
        role
        email
        phone
        website
        vatNumber
        language
        currency
        address {
          countryCode
        }
        pendingChanges {
          field
        }
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

const PushCustomer = graphql(`
  mutation MutationPushCustomer($id: ID!) {
    pushCustomer(input: { id: $id }) {
      __typename
      ... on PushCustomerPayload {
        outcome
        pushedFields
        conflictFields
        customer {
          email
          pendingChanges {
            field
          }
          lastPushedToRobawsAt
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

const ResolveConflict = graphql(`
  mutation MutationResolveConflict($id: ID!, $fields: [CustomerField!]!, $keep: ConflictSide!) {
    resolveConflict(input: { id: $id, fields: $fields, keep: $keep }) {
      __typename
      ... on Customer {
        email
        conflict {
          field
        }
        pendingChanges {
          field
        }
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

const SetCustomersActive = graphql(`
  mutation MutationSetCustomersActive($ids: [ID!]!, $active: Boolean!) {
    setCustomersActive(input: { ids: $ids, active: $active }) {
      __typename
      ... on SetCustomersActivePayload {
        customers {
          id
          isActive
        }
      }
      ... on ValidationError {
        issues {
          path
          message
        }
      }
      ... on NotFoundError {
        key
      }
    }
  }
`);

const DeleteCustomers = graphql(`
  mutation MutationDeleteCustomers($ids: [ID!]!, $force: Boolean) {
    deleteCustomers(input: { ids: $ids, force: $force }) {
      __typename
      ... on DeleteCustomersPayload {
        deletedCustomerIds
      }
      ... on CustomersHaveIntakesError {
        customerIds
        intakeCount
        message
      }
      ... on ValidationError {
        issues {
          path
        }
      }
    }
  }
`);

const CreateIntake = graphql(`
  mutation MutationCreateIntake($input: CreateIntakeInput!) {
    createIntake(input: $input) {
      __typename
      ... on Intake {
        id
        robawsClientId
        customerName
        contactEmail
        contactPhone
        status
        customer {
          robawsClientId
        }
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

const UpdateIntake = graphql(`
  mutation MutationUpdateIntake($input: UpdateIntakeInput!) {
    updateIntake(input: $input) {
      __typename
      ... on Intake {
        robawsClientId
        customerName
        contactEmail
        contactPhone
        status
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

const DeleteIntake = graphql(`
  mutation MutationDeleteIntake($id: ID!) {
    deleteIntake(input: { id: $id }) {
      __typename
      ... on DeleteIntakePayload {
        deletedIntakeId
      }
      ... on ValidationError {
        issues {
          path
        }
      }
      ... on NotFoundError {
        entity
      }
    }
  }
`);

let harness: Harness;
let api: GraphQLApp;
let admin: GraphQLClient;
let writer: GraphQLClient;
let reader: GraphQLClient;
let customers: Customer[];

beforeAll(async () => {
  harness = await createHarness({ sandbox: { clients: 80 }, sync: { pageSize: 10, pageConcurrency: 1 } });
  await harness.sync.run({ kind: 'FULL', trigger: 'API' });
  customers = await harness.database.db.customer.findMany({ orderBy: { id: 'asc' } });
  api = await createGraphQLApp(harness);
  [admin, writer, reader] = [api.client('admin'), api.client('write'), api.client('read')];
}, 120_000);
afterAll(() => harness?.close());

let next = 0;
/** Each test takes customers of its own. */
function takeCustomer(): Customer {
  const customer = customers[next++];
  if (!customer) throw new Error('out of customers');
  return customer;
}
const idOf = (customer: Customer) => encodeGlobalID('Customer', customer.id);
const robawsRecord = (customer: Customer) => harness.sandbox.store.get(Number(customer.robawsClientId)) as Record<string, any>;

/** A missing permission: a FORBIDDEN error naming the scope needed, and nothing done. */
async function expectForbidden(request: Promise<unknown>, requiredScope: 'write' | 'admin') {
  const [error] = await errorsOf(request);
  expect(error?.extensions).toMatchObject({ code: 'FORBIDDEN', requiredScope });
  expect(error?.message).toMatch(new RegExp(`needs an API key with the ${requiredScope} scope`));
}

async function finished(runId: string) {
  return vi.waitFor(
    async () => {
      const { syncRun } = await admin.request(SyncRunStatus, { id: runId });
      if (syncRun.__typename !== 'SyncRun' || syncRun.status === 'RUNNING' || syncRun.status === 'QUEUED') throw new Error('still running');
      return syncRun;
    },
    { timeout: 20_000, interval: 50 },
  );
}

/** The API over a sync service whose list requests wait until `gate` opens: a run it starts is still running while the test looks. */
async function apiHeldBy(gate: Gate): Promise<{ admin: GraphQLClient; writer: GraphQLClient }> {
  const robaws = robawsWith(harness.robaws, {
    listClients: async (params, options) => {
      await gate.passed;
      return harness.robaws.listClients(params, options);
    },
  });
  const held = await createGraphQLApp({ ...harness, sync: harness.secondSyncService({ robaws }) });
  return { admin: held.client('admin'), writer: held.client('write') };
}

describe('runFullSync, runIncrementalSync, pushPendingCustomers, cancelSyncRun (admin)', () => {
  it('runFullSync starts a run and returns it at once; a second call while it runs returns the same run', async () => {
    const running = createGate();
    const held = await apiHeldBy(running);
    try {
      const first = (await held.admin.request(RunFullSync, { input: { dryRun: true } })).runFullSync;
      const second = (await held.admin.request(RunFullSync, { input: { dryRun: true } })).runFullSync;
      if (first.__typename !== 'SyncRunStart' || second.__typename !== 'SyncRunStart') throw new Error('not started');
      expect(first).toMatchObject({ alreadyRunning: false, run: { kind: 'FULL', status: 'RUNNING', dryRun: true } });
      expect(second).toMatchObject({ alreadyRunning: true, run: { id: first.run.id } });
      running.open();
      expect(await finished(first.run.id)).toMatchObject({ status: 'SUCCEEDED', fetched: 80 });
    } finally {
      running.open();
    }
  });

  it('runFullSync refuses a limit below 1 with a field error, and a write key', async () => {
    const { runFullSync } = await admin.request(RunFullSync, { input: { limit: 0 } });
    expect(runFullSync).toEqual({ __typename: 'ValidationError', issues: [{ path: 'input.limit', message: 'At least 1' }] });
    await expectForbidden(writer.request(RunFullSync, {}), 'admin');
  });

  it('runIncrementalSync starts an incremental run; refuses a bad limit and a write key', async () => {
    const { runIncrementalSync } = await admin.request(RunIncrementalSync, { input: {} });
    if (runIncrementalSync.__typename !== 'SyncRunStart') throw new Error(runIncrementalSync.__typename);
    expect(runIncrementalSync.run.kind).toBe('INCREMENTAL');
    expect((await finished(runIncrementalSync.run.id)).status).toBe('SUCCEEDED');
    expect((await admin.request(RunIncrementalSync, { input: { limit: 2_000_000 } })).runIncrementalSync).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: 'input.limit' }],
    });
    await expectForbidden(writer.request(RunIncrementalSync, {}), 'admin');
  });

  it('pushPendingCustomers pushes every edited customer in a PUSH run; refuses a bad input and a write key', async () => {
    const customer = takeCustomer();
    await admin.request(UpdateCustomer, { input: { id: idOf(customer), city: 'Mechelen' } });
    const { pushPendingCustomers } = await admin.request(PushPendingCustomers, {});
    if (pushPendingCustomers.__typename !== 'SyncRunStart') throw new Error(pushPendingCustomers.__typename);
    expect(pushPendingCustomers.run.kind).toBe('PUSH');
    expect(await finished(pushPendingCustomers.run.id)).toMatchObject({ status: 'SUCCEEDED', pushed: 1 });
    expect(robawsRecord(customer).address.city).toBe('Mechelen');

    const [invalid] = await errorsOf(admin.request(PushPendingCustomers, { input: { dryRun: 'yes' as never } }));
    expect(invalid?.message).toMatch(/Boolean cannot represent a non boolean value/);
    await expectForbidden(writer.request(PushPendingCustomers, {}), 'admin');
  });

  it('cancelSyncRun stops a running sync; refuses an id that is no run id, reports an unknown one, and needs admin', async () => {
    const running = createGate();
    const held = await apiHeldBy(running);
    try {
      const started = (await held.admin.request(RunFullSync, {})).runFullSync;
      if (started.__typename !== 'SyncRunStart') throw new Error(started.__typename);
      await expectForbidden(held.writer.request(CancelSyncRun, { id: started.run.id }), 'admin');
      const { cancelSyncRun } = await held.admin.request(CancelSyncRun, { id: started.run.id });
      expect(cancelSyncRun).toMatchObject({ __typename: 'SyncRun', id: started.run.id, cancelRequestedAt: expect.any(String) });
      running.open();
      expect(await finished(started.run.id)).toMatchObject({ status: 'CANCELLED', fetched: 0 });
    } finally {
      running.open();
    }
    for (const id of ['not-a-run', '00000000-0000-4000-8000-000000000000', idOf(customers[0]!)]) {
      expect((await admin.request(CancelSyncRun, { id })).cancelSyncRun).toEqual({ __typename: 'ValidationError', issues: [{ path: 'input.id' }] });
    }
    expect((await admin.request(CancelSyncRun, { id: encodeGlobalID('SyncRun', '00000000-0000-4000-8000-000000000000') })).cancelSyncRun).toEqual({
      __typename: 'NotFoundError',
      entity: 'SyncRun',
    });
  });
});

describe('syncSingle (admin)', () => {
  it('fetches one client now; refuses an id that is not a number; reports one Robaws does not have; needs admin', async () => {
    const customer = takeCustomer();
    harness.sandbox.store.update(Number(customer.robawsClientId), { name: 'Renamed In Robaws BV' });
    expect((await admin.request(SyncSingle, { robawsClientId: customer.robawsClientId })).syncSingle).toEqual({
      __typename: 'Customer',
      robawsClientId: customer.robawsClientId,
      name: 'Renamed In Robaws BV',
    });
    expect((await admin.request(SyncSingle, { robawsClientId: 'abc' })).syncSingle).toEqual({ __typename: 'ValidationError', issues: [{ path: 'input.robawsClientId' }] });
    expect((await admin.request(SyncSingle, { robawsClientId: '99999999' })).syncSingle).toEqual({ __typename: 'NotFoundError', key: '99999999' });
    await expectForbidden(writer.request(SyncSingle, { robawsClientId: customer.robawsClientId }), 'admin');
  });
});

describe('updateCustomer (write)', () => {
  it('records the edit with values normalized as a sync stores them, pending a push', async () => {
    const customer = takeCustomer();
    const { updateCustomer } = await writer.request(UpdateCustomer, {
      input: {
        id: idOf(customer),
        name: '  Nieuwe   Naam  BV ',
        role: 'SHIPPING LINE',
        email: 'Sales@Example.BE',
        phone: '03 231 45 67',
        website: 'www.example.be',
        vatNumber: 'be 0403.170.701',
        countryCode: 'be',
        language: 'fr',
        currency: 'USD',
      },
    });
    expect(updateCustomer).toEqual({
      __typename: 'Customer',
      name: 'Nieuwe Naam BV',
      role: 'SHIPPING LINE',
      email: 'sales@example.be',
      phone: '+3232314567',
      website: 'https://www.example.be',
      vatNumber: 'BE0403170701',
      language: 'fr',
      currency: 'USD',
      address: { countryCode: 'BE' },
      pendingChanges: expect.arrayContaining([{ field: 'NAME' }, { field: 'EMAIL' }, { field: 'PHONE' }, { field: 'ROLE' }]),
    });
    const { customers: found } = await reader.request(SearchByName, { search: 'NIEUWE naam' });
    expect(found.edges.map((edge) => edge.node.id)).toEqual([idOf(customer)]);
  });

  it('accepts a new role in upper case and clears a field with null', async () => {
    const customer = takeCustomer();
    const { updateCustomer } = await writer.request(UpdateCustomer, { input: { id: idOf(customer), role: 'FREIGHT  AGENT', website: null } });
    expect(updateCustomer).toMatchObject({ __typename: 'Customer', role: 'FREIGHT AGENT', website: null });
  });

  it("refuses what the plan's form refuses, with one message per field, and changes nothing", async () => {
    const customer = takeCustomer();
    const { updateCustomer } = await writer.request(UpdateCustomer, {
      input: {
        id: idOf(customer),
        name: 'x'.repeat(256),
        role: 'forwarder',
        email: 'not-an-email',
        website: 'not a url',
        countryCode: 'BEL',
        streetNumber: '1'.repeat(51),
        postalCode: '1'.repeat(21),
        language: 'es',
        currency: 'JPY',
        phone: '12',
      },
    });
    if (updateCustomer.__typename !== 'ValidationError') throw new Error(updateCustomer.__typename);
    expect(Object.fromEntries(updateCustomer.issues.map((issue) => [issue.path, issue.message]))).toEqual({
      'input.name': 'At most 255 characters',
      'input.role': 'Roles are written in upper case: FORWARDER',
      'input.email': 'Not a valid e-mail address',
      'input.website': 'Not a valid web address (URL)',
      'input.countryCode': 'Two letters, such as BE',
      'input.streetNumber': 'At most 50 characters',
      'input.postalCode': 'At most 20 characters',
      'input.language': 'One of nl, fr, en, de',
      'input.currency': 'One of EUR, USD, GBP',
      'input.phone': 'Not a valid phone number',
    });
    const stored = await harness.database.db.customer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(stored).toMatchObject({ name: customer.name, email: customer.email, pendingChanges: {} });
  });

  it('refuses to clear the name or the currency, and an empty edit', async () => {
    const customer = takeCustomer();
    const { updateCustomer } = await writer.request(UpdateCustomer, { input: { id: idOf(customer), name: '   ', currency: null } });
    expect(updateCustomer).toMatchObject({ __typename: 'ValidationError', issues: [{ path: 'input.name' }, { path: 'input.currency' }] });
    expect((await writer.request(UpdateCustomer, { input: { id: idOf(customer) } })).updateCustomer).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: 'input' }],
    });
  });

  it('needs the write scope', async () => {
    const customer = takeCustomer();
    await expectForbidden(reader.request(UpdateCustomer, { input: { id: idOf(customer), city: 'Gent' } }), 'write');
    expect((await harness.database.db.customer.findUniqueOrThrow({ where: { id: customer.id } })).city).toBe(customer.city);
  });
});

describe('pushCustomer (admin) and resolveConflict (write)', () => {
  it('pushCustomer sends the pending edits to Robaws', async () => {
    const customer = takeCustomer();
    await writer.request(UpdateCustomer, { input: { id: idOf(customer), email: 'pushed@example.be' } });
    const { pushCustomer } = await admin.request(PushCustomer, { id: idOf(customer) });
    expect(pushCustomer).toMatchObject({
      __typename: 'PushCustomerPayload',
      outcome: 'PUSHED',
      pushedFields: ['EMAIL'],
      conflictFields: [],
      customer: { email: 'pushed@example.be', pendingChanges: [] },
    });
    expect(robawsRecord(customer).email).toBe('pushed@example.be');
  });

  it('pushCustomer reports a conflict, and resolveConflict settles it', async () => {
    const customer = takeCustomer();
    await writer.request(UpdateCustomer, { input: { id: idOf(customer), email: 'ours@example.be' } });
    harness.sandbox.store.update(Number(customer.robawsClientId), { email: 'theirs@example.be' });
    expect((await admin.request(PushCustomer, { id: idOf(customer) })).pushCustomer).toMatchObject({
      outcome: 'CONFLICT',
      conflictFields: ['EMAIL'],
      customer: { email: 'ours@example.be' },
    });
    await expectForbidden(reader.request(ResolveConflict, { id: idOf(customer), fields: ['EMAIL'], keep: 'REMOTE' }), 'write');
    const { resolveConflict } = await writer.request(ResolveConflict, { id: idOf(customer), fields: ['EMAIL'], keep: 'REMOTE' });
    expect(resolveConflict).toEqual({ __typename: 'Customer', email: 'theirs@example.be', conflict: [], pendingChanges: [] });
  });

  it('resolveConflict refuses fields that are not in conflict', async () => {
    const customer = takeCustomer();
    const { resolveConflict } = await writer.request(ResolveConflict, { id: idOf(customer), fields: ['CITY'], keep: 'LOCAL' });
    expect(resolveConflict).toEqual({ __typename: 'ValidationError', issues: [{ path: 'input.fields.0', message: 'city is not in conflict' }] });
  });

  it('pushCustomer refuses an id of another type and needs admin', async () => {
    const customer = takeCustomer();
    expect((await admin.request(PushCustomer, { id: encodeGlobalID('Intake', 1) })).pushCustomer).toEqual({ __typename: 'ValidationError', issues: [{ path: 'input.id' }] });
    await expectForbidden(writer.request(PushCustomer, { id: idOf(customer) }), 'admin');
  });
});

describe('setCustomersActive (write)', () => {
  it("marks customers inactive (the plan's bulk action) and active again", async () => {
    const [a, b] = [takeCustomer(), takeCustomer()];
    const { setCustomersActive } = await writer.request(SetCustomersActive, { ids: [idOf(a), idOf(b)], active: false });
    expect(setCustomersActive).toEqual({
      __typename: 'SetCustomersActivePayload',
      customers: [
        { id: idOf(a), isActive: false },
        { id: idOf(b), isActive: false },
      ],
    });
    expect((await writer.request(SetCustomersActive, { ids: [idOf(a)], active: true })).setCustomersActive).toMatchObject({ customers: [{ isActive: true }] });
  });

  it('refuses an empty list, ids of other types, unknown customers; needs write', async () => {
    expect((await writer.request(SetCustomersActive, { ids: [], active: false })).setCustomersActive).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: 'input.ids', message: 'Give at least one id' }],
    });
    expect((await writer.request(SetCustomersActive, { ids: [encodeGlobalID('Intake', 3)], active: false })).setCustomersActive).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: 'input.ids.0' }],
    });
    expect((await writer.request(SetCustomersActive, { ids: [encodeGlobalID('Customer', 999999)], active: false })).setCustomersActive).toMatchObject({
      __typename: 'NotFoundError',
    });
    await expectForbidden(reader.request(SetCustomersActive, { ids: [idOf(takeCustomer())], active: false }), 'write');
  });
});

describe('deleteCustomers (admin)', () => {
  it('deletes customers here; refuses those with intakes unless forced, which keeps the intakes without a customer', async () => {
    const [plain, withIntake] = [takeCustomer(), takeCustomer()];
    const { db } = harness.database;
    const intake = await db.intake.create({ data: { robawsClientId: withIntake.robawsClientId, customerName: withIntake.name } });

    const { deleteCustomers: refused } = await admin.request(DeleteCustomers, { ids: [idOf(plain), idOf(withIntake)] });
    expect(refused).toMatchObject({ __typename: 'CustomersHaveIntakesError', customerIds: [idOf(withIntake)], intakeCount: 1 });
    expect(await db.customer.count({ where: { id: { in: [plain.id, withIntake.id] } } })).toBe(2);

    expect((await admin.request(DeleteCustomers, { ids: [idOf(plain)] })).deleteCustomers).toEqual({ __typename: 'DeleteCustomersPayload', deletedCustomerIds: [idOf(plain)] });
    expect((await admin.request(DeleteCustomers, { ids: [idOf(withIntake)], force: true })).deleteCustomers).toEqual({
      __typename: 'DeleteCustomersPayload',
      deletedCustomerIds: [idOf(withIntake)],
    });
    expect(await db.customer.count({ where: { id: { in: [plain.id, withIntake.id] } } })).toBe(0);
    expect(await db.customerSearch.count({ where: { customerId: { in: [plain.id, withIntake.id] } } })).toBe(0);
    expect(await db.intake.findUniqueOrThrow({ where: { id: intake.id } })).toMatchObject({ robawsClientId: null, customerName: withIntake.name });
  });

  it('refuses ids of other types and needs admin', async () => {
    expect((await admin.request(DeleteCustomers, { ids: [encodeGlobalID('Intake', 1)] })).deleteCustomers).toEqual({
      __typename: 'ValidationError',
      issues: [{ path: 'input.ids.0' }],
    });
    const customer = takeCustomer();
    await expectForbidden(writer.request(DeleteCustomers, { ids: [idOf(customer)] }), 'admin');
    expect(await harness.database.db.customer.count({ where: { id: customer.id } })).toBe(1);
  });
});

describe('createIntake, updateIntake (write), deleteIntake (admin)', () => {
  it('choosing a customer fills the customer name, contact e-mail and phone, unless the input gives them', async () => {
    const customer = takeCustomer();
    const { createIntake } = await writer.request(CreateIntake, { input: { robawsClientId: customer.robawsClientId } });
    expect(createIntake).toMatchObject({
      __typename: 'Intake',
      robawsClientId: customer.robawsClientId,
      customerName: customer.name,
      contactEmail: customer.email,
      contactPhone: customer.phone,
      status: 'DRAFT',
      customer: { robawsClientId: customer.robawsClientId },
    });
    const { createIntake: given } = await writer.request(CreateIntake, {
      input: { robawsClientId: customer.robawsClientId, contactEmail: 'Someone.Else@Example.be', contactPhone: null, status: 'SUBMITTED' },
    });
    expect(given).toMatchObject({ customerName: customer.name, contactEmail: 'someone.else@example.be', contactPhone: null, status: 'SUBMITTED' });
  });

  it('createIntake: an unknown client id and a bad e-mail are field errors; needs write', async () => {
    const { createIntake } = await writer.request(CreateIntake, { input: { robawsClientId: '424242', contactEmail: 'nope' } });
    expect(createIntake).toEqual({ __typename: 'ValidationError', issues: [{ path: 'input.contactEmail', message: 'Not a valid e-mail address' }] });
    const { createIntake: unknown } = await writer.request(CreateIntake, { input: { robawsClientId: '424242' } });
    expect(unknown).toEqual({ __typename: 'ValidationError', issues: [{ path: 'input.robawsClientId', message: 'No customer has Robaws client id 424242' }] });
    await expectForbidden(reader.request(CreateIntake, { input: { customerName: 'Walk-in' } }), 'write');
  });

  it('updateIntake: choosing another customer fills its details; a bad phone is a field error; needs write', async () => {
    const [first, second] = [takeCustomer(), takeCustomer()];
    const created = (await writer.request(CreateIntake, { input: { robawsClientId: first.robawsClientId } })).createIntake;
    if (created.__typename !== 'Intake') throw new Error(created.__typename);
    const { updateIntake } = await writer.request(UpdateIntake, { input: { id: created.id, robawsClientId: second.robawsClientId, status: 'PROCESSING' } });
    expect(updateIntake).toEqual({
      __typename: 'Intake',
      robawsClientId: second.robawsClientId,
      customerName: second.name,
      contactEmail: second.email,
      contactPhone: second.phone,
      status: 'PROCESSING',
    });
    expect((await writer.request(UpdateIntake, { input: { id: created.id, contactPhone: 'call me' } })).updateIntake).toMatchObject({
      __typename: 'ValidationError',
      issues: [{ path: 'input.contactPhone' }],
    });
    await expectForbidden(reader.request(UpdateIntake, { input: { id: created.id, notes: 'x' } }), 'write');
  });

  it('deleteIntake deletes; refuses a customer id; reports an unknown intake; needs admin', async () => {
    const created = (await writer.request(CreateIntake, { input: { customerName: 'Walk-in customer' } })).createIntake;
    if (created.__typename !== 'Intake') throw new Error(created.__typename);
    await expectForbidden(writer.request(DeleteIntake, { id: created.id }), 'admin');
    expect((await admin.request(DeleteIntake, { id: created.id })).deleteIntake).toEqual({ __typename: 'DeleteIntakePayload', deletedIntakeId: created.id });
    expect((await admin.request(DeleteIntake, { id: created.id })).deleteIntake).toEqual({ __typename: 'NotFoundError', entity: 'Intake' });
    expect((await admin.request(DeleteIntake, { id: idOf(customers[0]!) })).deleteIntake).toEqual({ __typename: 'ValidationError', issues: [{ path: 'input.id' }] });
  });
});

const SyncRuns = graphql(`
  query MutationSyncRuns($kind: SyncKind, $status: SyncStatus) {
    syncRuns(first: 50, kind: $kind, status: $status) {
      totalCount
      edges {
        node {
          id
          kind
          status
          progress
          durationMs
        }
      }
    }
  }
`);

const Intakes = graphql(`
  query MutationIntakes($filter: IntakeFilter) {
    intakes(first: 50, filter: $filter) {
      totalCount
      edges {
        node {
          id
          status
          customerName
        }
      }
    }
  }
`);

const IntakeById = graphql(`
  query MutationIntake($id: ID!) {
    intake(id: $id) {
      __typename
      ... on Intake {
        customerName
      }
      ... on NotFoundError {
        entity
      }
    }
  }
`);

describe('syncRuns, intakes and intake (read)', () => {
  it('lists runs newest first, filtered by kind and status, with their progress', async () => {
    // Runs of its own, the last two of them successful full ones, with others between that the filter leaves out.
    const older = (await harness.sync.run({ kind: 'FULL', trigger: 'API' })).run;
    await harness.sync.run({ kind: 'INCREMENTAL', trigger: 'API' });
    harness.sandbox.setKnobs({ failListPagesFrom: 0 });
    try {
      expect((await harness.sync.run({ kind: 'FULL', trigger: 'API' })).run.status).toBe('FAILED');
    } finally {
      harness.sandbox.setKnobs({ failListPagesFrom: null });
    }
    const newer = (await harness.sync.run({ kind: 'FULL', trigger: 'API' })).run;

    const { syncRuns } = await reader.request(SyncRuns, { kind: 'FULL', status: 'SUCCEEDED' });
    const stored = await harness.database.db.syncRun.count({ where: { kind: 'FULL', status: 'SUCCEEDED' } });
    expect(syncRuns.totalCount).toBe(stored);
    expect(syncRuns.edges.length).toBe(stored);
    expect(syncRuns.edges.slice(0, 2).map(({ node }) => node.id)).toEqual([newer.id, older.id].map((id) => encodeGlobalID('SyncRun', id)));
    expect(syncRuns.edges.every(({ node }) => node.kind === 'FULL' && node.status === 'SUCCEEDED' && node.progress === 1 && node.durationMs !== null)).toBe(true);
  });

  it('lists intakes by status and finds one by id', async () => {
    const created = (await writer.request(CreateIntake, { input: { customerName: 'Listed Intake', status: 'COMPLETED' } })).createIntake;
    if (created.__typename !== 'Intake') throw new Error(created.__typename);
    const { intakes } = await reader.request(Intakes, { filter: { statuses: ['COMPLETED'], search: 'listed INTAKE' } });
    expect(intakes).toEqual({ totalCount: 1, edges: [{ node: { id: created.id, status: 'COMPLETED', customerName: 'Listed Intake' } }] });
    expect((await reader.request(IntakeById, { id: created.id })).intake).toEqual({ __typename: 'Intake', customerName: 'Listed Intake' });
    expect((await reader.request(IntakeById, { id: encodeGlobalID('Intake', 999999) })).intake).toEqual({ __typename: 'NotFoundError', entity: 'Intake' });
  });
});
