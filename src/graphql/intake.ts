import { encodeGlobalID } from '@pothos/plugin-relay';
import { INTAKE_ORDER, intakeWhere } from '../customers/intakes.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { definedFields } from '../validation.js';
import { ADMIN_ONLY } from './access.js';
import { builder } from './builder.js';
import { IntakeStatus } from './enums.js';
import { localIdOf } from './ids.js';
import { PAGE_SIZE } from './limits.js';

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
    resolve: (query, _parent, args, context) => context.db.intake.findMany({ ...query, where: intakeWhere(args.filter), orderBy: INTAKE_ORDER }),
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
      const { id } = await context.intakes.create(definedFields(args.input));
      return context.db.intake.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateIntake: t.prismaField({
    type: 'Intake',
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.globalID({ required: true }), input: t.arg({ type: UpdateIntakeInput, required: true }) },
    resolve: async (query, _parent, args, context) => {
      const { id } = await context.intakes.update(localIdOf(args.id, 'Intake', 'id'), definedFields(args.input));
      return context.db.intake.findUniqueOrThrow({ ...query, where: { id } });
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
      await context.intakes.delete(id);
      return encodeGlobalID('Intake', id);
    },
  }),
}));
