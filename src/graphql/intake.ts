import { encodeGlobalID } from '@pothos/plugin-relay';
import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Customer, IntakeStatus as IntakeStatusValue, Prisma } from '../generated/prisma/client.js';
import { normalizeEmail, normalizePhone } from '../customers/normalize.js';
import { likeEscaped } from '../db/like.js';
import { definedFields, parseInput } from '../validation.js';
import { ADMIN_ONLY } from './access.js';
import { builder } from './builder.js';
import { localIdOf } from './ids.js';
import { PAGE_SIZE } from './limits.js';

const IntakeStatus = builder.enumType('IntakeStatus', { values: ['DRAFT', 'SUBMITTED', 'PROCESSING', 'COMPLETED', 'CANCELLED'] as const });

builder.prismaNode('Intake', {
  id: { field: 'id' },
  description: 'A shipment intake; its customer is chosen by Robaws client id.',
  fields: (t) => ({
    robawsClientId: t.exposeString('robawsClientId', { nullable: true }),
    customer: t.relation('customer', { nullable: true }),
    customerName: t.exposeString('customerName', { nullable: true }),
    contactEmail: t.exposeString('contactEmail', { nullable: true }),
    contactPhone: t.exposeString('contactPhone', { nullable: true }),
    status: t.expose('status', { type: IntakeStatus }),
    notes: t.exposeString('notes', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const IntakeFilter = builder.inputType('IntakeFilter', {
  fields: (t) => ({
    statuses: t.field({ type: [IntakeStatus], required: false }),
    robawsClientId: t.string({ required: false }),
    search: t.string({ required: false, description: 'Part of the customer name or contact e-mail, any case.' }),
  }),
});

function intakeWhere(filter: { statuses?: IntakeStatusValue[] | null; robawsClientId?: string | null; search?: string | null } | null | undefined): Prisma.IntakeWhereInput {
  const search = filter?.search?.trim() ? likeEscaped(filter.search.trim()) : '';
  return {
    ...(filter?.statuses?.length ? { status: { in: filter.statuses } } : {}),
    ...(filter?.robawsClientId ? { robawsClientId: filter.robawsClientId } : {}),
    ...(search
      ? { OR: [{ customerName: { contains: search, mode: 'insensitive' } }, { contactEmail: { contains: search, mode: 'insensitive' } }] }
      : {}),
  };
}

/** The intake form's rules; phones typed without a country code are read as `defaultCountry` numbers. */
const intakeChangesSchema = (defaultCountry: CountryCode) =>
  z
    .strictObject({
      robawsClientId: z.string().trim().min(1, 'Choose a customer, or leave it out').nullable(),
      customerName: z.string().trim().max(255, 'At most 255 characters').nullable(),
      contactEmail: z
        .string()
        .max(255, 'At most 255 characters')
        .transform((value, context) => {
          const email = normalizeEmail(value);
          if (!email.valid) context.addIssue({ code: 'custom', message: 'Not a valid e-mail address' });
          return email.value;
    })
    .nullable(),
  contactPhone: z
    .string()
    .max(255, 'At most 255 characters')
    .transform((value, context) => {
      const phone = normalizePhone(value, { defaultCountry });
      if (!phone.valid) context.addIssue({ code: 'custom', message: 'Not a valid phone number (write it with its country code, e.g. +32 3 123 45 67)' });
      return phone.value;
    })
    .nullable(),
  status: z.enum(['DRAFT', 'SUBMITTED', 'PROCESSING', 'COMPLETED', 'CANCELLED']),
  notes: z.string().max(5000, 'At most 5000 characters').nullable(),
    })
    .partial();
type IntakeChanges = z.output<ReturnType<typeof intakeChangesSchema>>;

/**
 * Choosing a customer fills the customer name, contact e-mail and contact phone from it, unless the
 * input gives them (null included: that clears them). A client id we do not know is a field error.
 */
async function withCustomerDetails(db: Prisma.TransactionClient, changes: IntakeChanges): Promise<IntakeChanges> {
  if (!changes.robawsClientId) return changes;
  const customer: Pick<Customer, 'name' | 'email' | 'phone'> | null = await db.customer.findUnique({
    where: { robawsClientId: changes.robawsClientId },
    select: { name: true, email: true, phone: true },
  });
  if (!customer) throw new ValidationError([{ path: 'robawsClientId', message: `No customer has Robaws client id ${changes.robawsClientId}` }]);
  return {
    ...changes,
    customerName: changes.customerName === undefined ? customer.name : changes.customerName,
    contactEmail: changes.contactEmail === undefined ? customer.email : changes.contactEmail,
    contactPhone: changes.contactPhone === undefined ? customer.phone : changes.contactPhone,
  };
}

const CreateIntakeInput = builder.inputType('CreateIntakeInput', {
  fields: (t) => ({
    robawsClientId: t.string({ required: false, description: 'The customer (its Robaws client id, as customerOptions gives it).' }),
    customerName: t.string({ required: false, description: 'Filled from the customer when left out.' }),
    contactEmail: t.string({ required: false, description: 'Filled from the customer when left out.' }),
    contactPhone: t.string({ required: false, description: 'Filled from the customer when left out.' }),
    status: t.field({ type: IntakeStatus, required: false, defaultValue: 'DRAFT' }),
    notes: t.string({ required: false }),
  }),
});

const UpdateIntakeInput = builder.inputType('UpdateIntakeInput', {
  description: 'Fields left out stay as they are; null clears a field.',
  fields: (t) => ({
    robawsClientId: t.string({ required: false, description: 'Choosing another customer fills the contact fields from it, unless given.' }),
    customerName: t.string({ required: false }),
    contactEmail: t.string({ required: false }),
    contactPhone: t.string({ required: false }),
    status: t.field({ type: IntakeStatus, required: false }),
    notes: t.string({ required: false }),
  }),
});

builder.queryFields((t) => ({
  intakes: t.prismaConnection({
    type: 'Intake',
    cursor: 'id',
    ...PAGE_SIZE,
    description: 'Intakes, newest first.',
    args: { filter: t.arg({ type: IntakeFilter, required: false }) },
    totalCount: (_parent, args, context) => context.db.intake.count({ where: intakeWhere(args.filter) }),
    resolve: (query, _parent, args, context) =>
      context.db.intake.findMany({ ...query, where: intakeWhere(args.filter), orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
  }),
  intake: t.prismaField({
    type: 'Intake',
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (query, _parent, args, context) => {
      const intake = await context.db.intake.findUnique({ ...query, where: { id: localIdOf(args.id, 'Intake', 'id') } });
      if (!intake) throw new NotFoundError('Intake', args.id.id);
      return intake;
    },
  }),
}));

builder.mutationFields((t) => ({
  createIntake: t.prismaField({
    type: 'Intake',
    description: 'Creates an intake; choosing a customer fills the customer name and contact details from it unless given.',
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: CreateIntakeInput, required: true }) },
    resolve: async (query, _parent, args, context) => {
      const changes = await withCustomerDetails(context.db, parseInput(intakeChangesSchema(context.defaultPhoneCountry), definedFields(args.input)));
      return context.db.intake.create({ ...query, data: changes });
    },
  }),
  updateIntake: t.prismaField({
    type: 'Intake',
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.globalID({ required: true }), input: t.arg({ type: UpdateIntakeInput, required: true }) },
    resolve: async (query, _parent, args, context) => {
      const id = localIdOf(args.id, 'Intake', 'id');
      const changes = parseInput(intakeChangesSchema(context.defaultPhoneCountry), definedFields(args.input));
      return context.db.$transaction(async (tx) => {
        const current = await tx.intake.findUnique({ where: { id }, select: { robawsClientId: true } });
        if (!current) throw new NotFoundError('Intake', args.id.id);
        const chosen = changes.robawsClientId !== undefined && changes.robawsClientId !== current.robawsClientId;
        const data = chosen ? await withCustomerDetails(tx, changes) : changes;
        return tx.intake.update({ ...query, where: { id }, data });
      });
    },
  }),
  deleteIntake: t.field({
    type: 'ID',
    description: 'Deletes an intake; returns its (global) id.',
    ...ADMIN_ONLY,
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (_parent, args, context) => {
      const id = localIdOf(args.id, 'Intake', 'id');
      const { count } = await context.db.intake.deleteMany({ where: { id } });
      if (count === 0) throw new NotFoundError('Intake', args.id.id);
      return encodeGlobalID('Intake', id);
    },
  }),
}));
