import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { parseCustomerChanges } from '../customers/customer-input.js';
import { CustomersHaveIntakesError, NotFoundError, RobawsUnavailableError, ValidationError } from '../errors.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { EditableField } from '../sync/customer-record.js';
import { conflictsSchema } from '../sync/merge.js';
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
    "The plan's customer form. Fields left out stay as they are; null clears a field. Values are checked and normalized as a sync stores them.",
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

async function requireCustomers(db: Prisma.TransactionClient, ids: readonly number[]): Promise<void> {
  const found = await db.customer.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((customer) => customer.id === id));
  if (missing.length > 0) throw new NotFoundError('Customer', missing.map((id) => encodeGlobalID('Customer', id)).join(', '));
}

builder.mutationFields((t) => ({
  updateCustomer: t.prismaField({
    type: 'Customer',
    description: 'Edits a customer here; the changed fields wait for a push to Robaws (see pendingChanges).',
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.globalID({ required: true }), input: t.arg({ type: UpdateCustomerInput, required: true }) },
    resolve: async (query, _parent, args, context) => {
      const id = localIdOf(args.id, 'Customer', 'id');
      const current = await context.db.customer.findUnique({ where: { id }, select: { countryCode: true } });
      if (!current) throw new NotFoundError('Customer', args.id.id);
      const changes = parseCustomerChanges(definedFields(args.input), { countryCode: current.countryCode, defaultPhoneCountry: context.defaultPhoneCountry });
      if (Object.keys(changes).length === 0) throw new ValidationError([{ path: 'input', message: 'Nothing to change: give at least one field' }]);
      const edited = await context.sync.editCustomer(id, changes);
      return context.db.customer.findUniqueOrThrow({ ...query, where: { id: edited.id } });
    },
  }),
  setCustomersActive: t.prismaField({
    type: ['Customer'],
    description: "Marks customers active or inactive here (the plan's bulk \"mark inactive\"); not pushed to Robaws.",
    errors: { types: [NotFoundError, ValidationError] },
    args: { ids: t.arg.globalIDList({ required: true }), active: t.arg.boolean({ required: true }) },
    resolve: async (query, _parent, args, context) => {
      const ids = customerIdsOf(args.ids);
      await requireCustomers(context.db, ids);
      await context.db.customer.updateMany({ where: { id: { in: ids } }, data: { isActive: args.active } });
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
      return context.db.$transaction(async (tx) => {
        await requireCustomers(tx, ids);
        const withIntakes = await tx.customer.findMany({
          where: { id: { in: ids }, intakes: { some: {} } },
          select: { id: true, _count: { select: { intakes: true } } },
        });
        if (withIntakes.length > 0 && !args.force) {
          throw new CustomersHaveIntakesError(
            withIntakes.map((customer) => customer.id),
            withIntakes.reduce((sum, customer) => sum + customer._count.intakes, 0),
          );
        }
        await tx.customer.deleteMany({ where: { id: { in: ids } } });
        return ids.map((id) => encodeGlobalID('Customer', id));
      });
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
      const customer = await context.db.customer.findUnique({ where: { id }, select: { conflicts: true } });
      if (!customer) throw new NotFoundError('Customer', args.id.id);
      const inConflict = Object.keys(conflictsSchema.parse(customer.conflicts));
      const fields = args.fields as EditableField[];
      const issues = [
        ...(fields.length === 0 ? [{ path: 'fields', message: 'Name at least one field' }] : []),
        ...fields.flatMap((field, index) => (inConflict.includes(field) ? [] : [{ path: `fields.${index}`, message: `${field} is not in conflict` }])),
      ];
      if (issues.length > 0) throw new ValidationError(issues);
      await context.sync.resolveConflict(id, fields, args.keep);
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
