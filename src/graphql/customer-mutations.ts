import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import type { EditableField } from '../customers/customer-record.js';
import { CustomersHaveIntakesError, NotFoundError, RobawsUnavailableError, ValidationError } from '../errors.js';
import type { PushResult } from '../sync/sync-service.js';
import { definedFields, parseInput } from '../validation.js';
import { ADMIN_ONLY } from './access.js';
import { builder } from './builder.js';
import { CustomerField, CustomerRef } from './customer.js';
import { localIdOf } from './ids.js';
import { MAX_PAGE_SIZE } from './limits.js';

/**
 * Changes to customers. Edits are recorded here and pushed to Robaws by the sync engine; bulk
 * activation and deletion are local only.
 */

const UpdateCustomerInput = builder.inputType('UpdateCustomerInput', {
  description:
    'The customer form. Fields left out stay as they are; null clears a field. Values are checked and normalized as a sync stores them.',
  fields: (t) => ({
    name: t.string({ required: false, description: 'At most 255 characters; cannot be cleared.' }),
    role: t.string({ required: false, description: 'A known role (see customerRoles) or a new one in upper case.' }),
    email: t.string({ required: false }),
    phone: t.string({ required: false, description: "Any usual format; read in the customer's country unless it starts with +." }),
    mobile: t.string({ required: false }),
    website: t.string({ required: false, description: 'A web address; https:// is added when no scheme is given.' }),
    vatNumber: t.string({ required: false, description: "Checked against the customer's country." }),
    street: t.string({ required: false }),
    streetNumber: t.string({ required: false, description: 'At most 50 characters.' }),
    postalCode: t.string({ required: false, description: 'At most 20 characters.' }),
    city: t.string({ required: false }),
    country: t.string({ required: false }),
    countryCode: t.string({ required: false, description: 'ISO 3166-1 alpha-2, e.g. BE.' }),
    language: t.string({ required: false, description: 'nl, fr, en or de.' }),
    currency: t.string({ required: false, description: 'EUR, USD or GBP; cannot be cleared.' }),
  }),
});

const ConflictSide = builder.enumType('ConflictSide', {
  values: { LOCAL: { description: 'Keep our value; it is pushed over Robaws.' }, REMOTE: { description: "Take Robaws' value; our edit is dropped." } },
});

const PushOutcome = builder.enumType('PushOutcome', {
  values: {
    PUSHED: { description: 'Robaws now holds our edits.' },
    CONFLICT: { description: 'Some fields changed in Robaws too: they were not sent; see conflictFields and resolveConflict.' },
    NOTHING_TO_PUSH: { description: 'No unpushed edits (or Robaws already had them).' },
    REJECTED: { description: 'Robaws refused the values: see message.' },
  },
});

const PushCustomerPayload = builder.objectRef<PushResult>('PushCustomerPayload').implement({
  fields: (t) => ({
    outcome: t.expose('outcome', { type: PushOutcome }),
    customer: t.field({ type: CustomerRef, resolve: (result) => result.customer }),
    pushedFields: t.field({ type: [CustomerField], resolve: (result) => result.pushedFields }),
    conflictFields: t.field({ type: [CustomerField], resolve: (result) => result.conflictFields }),
    message: t.string({ nullable: true, resolve: (result) => result.message ?? null }),
  }),
});

/** At least one, at most a page, of customer ids. */
function customerIdsOf(ids: ReadonlyArray<{ typename: string; id: string }>): number[] {
  parseInput(z.array(z.unknown()).min(1, 'Give at least one id').max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE} ids at once`), ids);
  return [...new Set(ids.map((id, index) => localIdOf(id, 'Customer', `ids.${index}`)))];
}

builder.mutationFields((t) => ({
  updateCustomer: t.prismaField({
    type: 'Customer',
    description: 'Edits a customer here; the changed fields wait for a push to Robaws (see pendingChanges).',
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.globalID({ required: true }), input: t.arg({ type: UpdateCustomerInput, required: true }) },
    resolve: async (query, _parent, args, context) => {
      const edited = await context.customers.edit(localIdOf(args.id, 'Customer', 'id'), definedFields(args.input));
      return context.db.customer.findUniqueOrThrow({ ...query, where: { id: edited.id } });
    },
  }),
  setCustomersActive: t.prismaField({
    type: ['Customer'],
    description: 'Marks customers active or inactive here; a local decision, never pushed to Robaws and kept through later syncs.',
    errors: { types: [NotFoundError, ValidationError] },
    args: { ids: t.arg.globalIDList({ required: true }), active: t.arg.boolean({ required: true }) },
    resolve: async (query, _parent, args, context) => {
      const ids = customerIdsOf(args.ids);
      await context.customers.setActive(ids, args.active);
      return context.db.customer.findMany({ ...query, where: { id: { in: ids } }, orderBy: { id: 'asc' } });
    },
  }),
  deleteCustomers: t.field({
    type: ['ID'],
    description:
      'Deletes customers here only (Robaws keeps them, and a full sync brings back those it still has). Refused for customers with intakes unless force; forced, their intakes stay without a customer. Returns the deleted ids.',
    ...ADMIN_ONLY,
    errors: { types: [NotFoundError, ValidationError, CustomersHaveIntakesError] },
    args: { ids: t.arg.globalIDList({ required: true }), force: t.arg.boolean({ required: false, defaultValue: false }) },
    resolve: async (_parent, args, context) => {
      const ids = customerIdsOf(args.ids);
      await context.customers.delete(ids, args.force ?? false);
      return ids.map((id) => encodeGlobalID('Customer', id));
    },
  }),
  pushCustomer: t.field({
    type: PushCustomerPayload,
    description: "Sends the customer's unpushed edits to Robaws now, without overwriting fields changed there meanwhile (those become conflicts).",
    ...ADMIN_ONLY,
    errors: { types: [NotFoundError, ValidationError, RobawsUnavailableError] },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: (_parent, args, context) => context.sync.pushCustomer(localIdOf(args.id, 'Customer', 'id')),
  }),
  resolveConflict: t.prismaField({
    type: 'Customer',
    description: "Settles conflicting fields: keep LOCAL (ours is pushed over Robaws' on the next push) or REMOTE (Robaws' value is taken).",
    errors: { types: [NotFoundError, ValidationError] },
    args: {
      id: t.arg.globalID({ required: true }),
      fields: t.arg({ type: [CustomerField], required: true }),
      keep: t.arg({ type: ConflictSide, required: true }),
    },
    resolve: async (query, _parent, args, context) => {
      const id = localIdOf(args.id, 'Customer', 'id');
      await context.customers.resolveConflict(id, args.fields as EditableField[], args.keep);
      return context.db.customer.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  syncSingle: t.prismaField({
    type: 'Customer',
    description: 'Fetches one client from Robaws now and stores it.',
    ...ADMIN_ONLY,
    errors: { types: [NotFoundError, ValidationError, RobawsUnavailableError] },
    args: { robawsClientId: t.arg.string({ required: true }) },
    resolve: async (query, _parent, args, context) => {
      const { robawsClientId } = parseInput(z.object({ robawsClientId: z.string().trim().regex(/^\d+$/, 'A Robaws client id is a number') }), args);
      const { customer } = await context.sync.syncClient(robawsClientId, 'API');
      return context.db.customer.findUniqueOrThrow({ ...query, where: { id: customer.id } });
    },
  }),
}));
