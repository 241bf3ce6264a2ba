import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { EditableField } from '../customers/customer-record.js';
import { CustomersHaveIntakesError, NotFoundError, RobawsUnavailableError } from '../errors.js';
import type { PushResult } from '../sync/sync-service.js';
import { definedFields, parseInput } from '../validation.js';
import { ADMIN_ONLY } from './access.js';
import { builder } from './builder.js';
import { CustomerField, CustomerRef } from './customer.js';
import { rowIdOf, rowIdsOf } from './ids.js';
import { withinInput } from './inputs.js';
import { MAX_PAGE_SIZE } from './limits.js';

/**
 * Changes to customers. Edits are recorded here and pushed to Robaws by the sync engine; bulk
 * activation and deletion are local only.
 */

const UpdateCustomerInput = builder.inputType('UpdateCustomerInput', {
  description:
    'The customer form. Fields left out stay as they are; null clears a field. Values are checked and normalized as a sync stores them; each problem comes back in a ValidationError at input.<field>.',
  fields: (t) => ({
    id: t.id({ required: true, description: "The customer's global id." }),
    name: t.string({ required: false, description: 'At most 255 characters; cannot be cleared.' }),
    role: t.string({ required: false, description: 'A known role (see customerRoles) or a new one in upper case; null clears it.' }),
    email: t.string({ required: false, description: 'An e-mail address; stored lower case.' }),
    phone: t.string({ required: false, description: "Any usual format; read in the customer's country unless it starts with +; stored E.164." }),
    mobile: t.string({ required: false, description: 'As phone.' }),
    website: t.string({ required: false, description: 'A web address; https:// is added when no scheme is given.' }),
    vatNumber: t.string({ required: false, description: "Any usual format; checked (format and check digits) against the customer's country." }),
    street: t.string({ required: false, description: 'The street, without its number; at most 255 characters.' }),
    streetNumber: t.string({ required: false, description: 'At most 50 characters.' }),
    postalCode: t.string({ required: false, description: 'At most 20 characters.' }),
    city: t.string({ required: false, description: 'At most 255 characters.' }),
    country: t.string({ required: false, description: 'The country name; at most 255 characters.' }),
    countryCode: t.field({ type: 'CountryCode', required: false, description: 'ISO 3166-1 alpha-2, e.g. BE; phones and VAT numbers in the same edit are read in its format.' }),
    language: t.string({ required: false, description: 'nl, fr, en or de.' }),
    currency: t.field({ type: 'Currency', required: false, description: 'EUR, USD or GBP; cannot be cleared.' }),
  }),
});

const ConflictSide = builder.enumType('ConflictSide', {
  description: "Which value of a field in conflict to keep: ours or Robaws'.",
  values: { LOCAL: { description: 'Keep our value; it is pushed over Robaws\' on the next push.' }, REMOTE: { description: "Take Robaws' value; our edit is dropped." } },
});

const PushOutcome = builder.enumType('PushOutcome', {
  description: 'What pushing one customer did.',
  values: {
    PUSHED: { description: 'Robaws now holds our edits.' },
    CONFLICT: { description: 'Some fields changed in Robaws too: they were not sent; see conflictFields and resolveConflict.' },
    NOTHING_TO_PUSH: { description: 'No unpushed edits (or Robaws already had them).' },
    REJECTED: { description: 'Robaws refused the values: see message.' },
  },
});

const PushCustomerPayload = builder.objectRef<PushResult>('PushCustomerPayload').implement({
  description: 'What pushing a customer to Robaws did.',
  fields: (t) => ({
    outcome: t.expose('outcome', { type: PushOutcome, description: 'What happened.' }),
    customer: t.field({ type: CustomerRef, description: 'The customer after the push.', resolve: (result) => result.customer }),
    pushedFields: t.field({ type: [CustomerField], description: 'The fields Robaws now holds our values of.', resolve: (result) => result.pushedFields }),
    conflictFields: t.field({ type: [CustomerField], description: 'The fields found changed in Robaws too, not sent (see Customer.conflict).', resolve: (result) => result.conflictFields }),
    message: t.string({ nullable: true, description: 'REJECTED: what Robaws said.', resolve: (result) => result.message ?? null }),
  }),
});

const SetCustomersActivePayload = builder.objectRef<{ customerIds: number[] }>('SetCustomersActivePayload').implement({
  description: 'The customers marked active or inactive.',
  fields: (t) => ({
    customers: t.prismaField({
      type: ['Customer'],
      description: 'Each customer named, as it is now, in id order.',
      resolve: (query, payload, _args, context) =>
        context.db.customer.findMany({ ...query, where: { id: { in: payload.customerIds } }, orderBy: { id: 'asc' } }),
    }),
  }),
});

const DeleteCustomersPayload = builder.objectRef<{ deletedCustomerIds: string[] }>('DeleteCustomersPayload').implement({
  description: 'The customers deleted here.',
  fields: (t) => ({ deletedCustomerIds: t.exposeIDList('deletedCustomerIds', { description: 'The global ids they had: drop them from lists and caches.' }) }),
});

const CUSTOMER_IDS = { required: true, description: `Global ids of customers; 1 to ${MAX_PAGE_SIZE}.` } as const;

const SetCustomersActiveInput = builder.inputType('SetCustomersActiveInput', {
  description: 'Customers to mark active or inactive.',
  fields: (t) => ({ ids: t.idList(CUSTOMER_IDS), active: t.boolean({ required: true, description: 'true: active; false: inactive.' }) }),
});

const DeleteCustomersInput = builder.inputType('DeleteCustomersInput', {
  description: 'Customers to delete here.',
  fields: (t) => ({
    ids: t.idList(CUSTOMER_IDS),
    force: t.boolean({ required: false, defaultValue: false, description: 'Delete customers that have intakes too; their intakes stay, without a customer.' }),
  }),
});

const PushCustomerInput = builder.inputType('PushCustomerInput', {
  description: 'The customer to push.',
  fields: (t) => ({ id: t.id({ required: true, description: "The customer's global id." }) }),
});

const ResolveConflictInput = builder.inputType('ResolveConflictInput', {
  description: 'Fields in conflict to settle, all the same way.',
  fields: (t) => ({
    id: t.id({ required: true, description: "The customer's global id." }),
    fields: t.field({ type: [CustomerField], required: true, description: 'Fields in conflict (see Customer.conflict); at least one.' }),
    keep: t.field({ type: ConflictSide, required: true, description: "Keep ours (LOCAL) or Robaws' (REMOTE)." }),
  }),
});

const SyncSingleInput = builder.inputType('SyncSingleInput', {
  description: 'The Robaws client to fetch.',
  fields: (t) => ({ robawsClientId: t.string({ required: true, description: "The client's id in Robaws (a number)." }) }),
});

/** At least one, at most a page, of customer ids, at `path`. */
function customerIdsAt(path: string, ids: readonly (string | number)[]): number[] {
  parseInput(z.object({ [path]: z.array(z.unknown()).min(1, 'Give at least one id').max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE} ids at once`) }), { [path]: ids });
  return rowIdsOf(ids.map(String), 'Customer', path);
}

builder.mutationFields((t) => ({
  updateCustomer: t.prismaField({
    type: 'Customer',
    description: 'Edits a customer here; the changed fields wait for a push to Robaws (see pendingChanges) and answer the customer as it is now.',
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: UpdateCustomerInput, required: true, description: 'The customer and its changes.' }) },
    resolve: (query, _parent, { input: { id, ...changes } }, context) =>
      withinInput(async () => {
        const edited = await context.customers.edit(rowIdOf(String(id), 'Customer', 'id'), definedFields(changes));
        return context.db.customer.findUniqueOrThrow({ ...query, where: { id: edited.id } });
      }),
  }),
  setCustomersActive: t.field({
    type: SetCustomersActivePayload,
    description: 'Marks customers active or inactive here: a local decision, never pushed to Robaws and kept through later syncs.',
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: SetCustomersActiveInput, required: true, description: 'The customers and the flag.' }) },
    resolve: (_parent, { input }, context) =>
      withinInput(async () => {
        const customerIds = customerIdsAt('ids', input.ids);
        await context.customers.setActive(customerIds, input.active);
        return { customerIds };
      }),
  }),
  deleteCustomers: t.field({
    type: DeleteCustomersPayload,
    description:
      'Deletes customers here only (Robaws keeps them, and a full sync brings back those it still has). Refused for customers with intakes unless force; forced, their intakes stay without a customer.',
    ...ADMIN_ONLY,
    errors: { types: [NotFoundError, CustomersHaveIntakesError] },
    args: { input: t.arg({ type: DeleteCustomersInput, required: true, description: 'The customers to delete.' }) },
    resolve: (_parent, { input }, context) =>
      withinInput(async () => {
        const ids = customerIdsAt('ids', input.ids);
        await context.customers.delete(ids, input.force ?? false);
        return { deletedCustomerIds: ids.map((id) => encodeGlobalID('Customer', id)) };
      }),
  }),
  pushCustomer: t.field({
    type: PushCustomerPayload,
    description: "Sends the customer's unpushed edits to Robaws now, without overwriting fields changed there meanwhile (those become conflicts).",
    ...ADMIN_ONLY,
    errors: { types: [NotFoundError, RobawsUnavailableError] },
    args: { input: t.arg({ type: PushCustomerInput, required: true, description: 'The customer to push.' }) },
    resolve: (_parent, { input }, context) => withinInput(() => context.sync.pushCustomer(rowIdOf(String(input.id), 'Customer', 'id'))),
  }),
  resolveConflict: t.prismaField({
    type: 'Customer',
    description: "Settles fields in conflict: keep LOCAL (ours is pushed over Robaws' on the next push) or REMOTE (Robaws' value is taken). Answers the customer as it is now.",
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: ResolveConflictInput, required: true, description: 'The customer, the fields and the side to keep.' }) },
    resolve: (query, _parent, { input }, context) =>
      withinInput(async () => {
        const id = rowIdOf(String(input.id), 'Customer', 'id');
        await context.customers.resolveConflict(id, input.fields as EditableField[], input.keep);
        return context.db.customer.findUniqueOrThrow({ ...query, where: { id } });
      }),
  }),
  syncSingle: t.prismaField({
    type: 'Customer',
    description: 'Fetches one client from Robaws now and stores it; answers the customer as stored.',
    ...ADMIN_ONLY,
    errors: { types: [NotFoundError, RobawsUnavailableError] },
    args: { input: t.arg({ type: SyncSingleInput, required: true, description: 'The Robaws client to fetch.' }) },
    resolve: (query, _parent, { input }, context) =>
      withinInput(async () => {
        const { robawsClientId } = parseInput(z.object({ robawsClientId: z.string().trim().regex(/^\d{1,18}$/, 'A Robaws client id is a number') }), input);
        const { customer } = await context.sync.syncClient(robawsClientId, 'API');
        return context.db.customer.findUniqueOrThrow({ ...query, where: { id: customer.id } });
      }),
  }),
}));
