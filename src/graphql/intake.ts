import { encodeGlobalID } from '@pothos/plugin-relay';
import { INTAKE_ORDER, intakeWhere } from '../customers/intakes.js';
import { NotFoundError } from '../errors.js';
import { definedFields } from '../validation.js';
import { ADMIN_ONLY } from './access.js';
import { builder } from './builder.js';
import { IntakeStatus } from './enums.js';
import { rowIdOf } from './ids.js';
import { withinInput } from './inputs.js';
import { PAGE_SIZE } from './limits.js';

const IntakeRef = builder.prismaNode('Intake', {
  id: { field: 'id' },
  description: 'A shipment intake; its customer is chosen by Robaws client id (see customerOptions).',
  fields: (t) => ({
    robawsClientId: t.exposeString('robawsClientId', { nullable: true, description: "The customer's Robaws client id; null for an intake without a customer." }),
    customer: t.relation('customer', { nullable: true, description: 'The customer, when it has one that is stored here.' }),
    customerName: t.exposeString('customerName', { nullable: true, description: "The customer's name as the intake records it." }),
    contactEmail: t.exposeString('contactEmail', { nullable: true, description: 'Whom to write to about this intake.' }),
    contactPhone: t.exposeString('contactPhone', { nullable: true, description: 'Whom to call about this intake, E.164.' }),
    status: t.expose('status', { type: IntakeStatus, description: 'Where the intake is.' }),
    notes: t.exposeString('notes', { nullable: true, description: 'Free text.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it last changed.' }),
  }),
});

/** The one intake connection: the intakes list and a customer's intakes. */
export const IntakeConnection = builder.connectionObject({ type: IntakeRef, name: 'IntakeConnection', description: 'A page of intakes.' }, { name: 'IntakeEdge', description: 'One intake of a page, with its cursor.' });

const IntakeFilter = builder.inputType('IntakeFilter', {
  description: 'Which intakes to list: every condition given must hold.',
  fields: (t) => ({
    statuses: t.field({ type: [IntakeStatus], required: false, description: 'Any of these statuses.' }),
    robawsClientId: t.string({ required: false, description: "Only this customer's intakes (its Robaws client id)." }),
    search: t.string({ required: false, description: 'Part of the customer name or contact e-mail, any case.' }),
  }),
});

const CreateIntakeInput = builder.inputType('CreateIntakeInput', {
  description: 'A new intake. Choosing a customer fills the customer name and contact details from it, unless given here.',
  fields: (t) => ({
    robawsClientId: t.string({ required: false, description: 'The customer: its Robaws client id, as customerOptions gives it (`value`).' }),
    customerName: t.string({ required: false, description: 'At most 255 characters; filled from the customer when left out.' }),
    contactEmail: t.string({ required: false, description: 'An e-mail address; filled from the customer when left out.' }),
    contactPhone: t.string({ required: false, description: "A phone number in any usual format; filled from the customer when left out." }),
    status: t.field({ type: IntakeStatus, required: false, defaultValue: 'DRAFT', description: 'Where it starts; DRAFT when left out.' }),
    notes: t.string({ required: false, description: 'Free text, at most 5000 characters.' }),
  }),
});

const UpdateIntakeInput = builder.inputType('UpdateIntakeInput', {
  description: 'Changes to an intake: fields left out stay as they are; null clears a field.',
  fields: (t) => ({
    id: t.id({ required: true, description: "The intake's global id." }),
    robawsClientId: t.string({ required: false, description: 'Another customer: fills the contact fields from it, unless given here.' }),
    customerName: t.string({ required: false, description: 'At most 255 characters.' }),
    contactEmail: t.string({ required: false, description: 'An e-mail address.' }),
    contactPhone: t.string({ required: false, description: 'A phone number in any usual format.' }),
    status: t.field({ type: IntakeStatus, required: false, description: 'The new status.' }),
    notes: t.string({ required: false, description: 'Free text, at most 5000 characters.' }),
  }),
});

const DeleteIntakeInput = builder.inputType('DeleteIntakeInput', {
  description: 'The intake to delete.',
  fields: (t) => ({ id: t.id({ required: true, description: "The intake's global id." }) }),
});

const DeleteIntakePayload = builder.objectRef<{ deletedIntakeId: string }>('DeleteIntakePayload').implement({
  description: 'A deleted intake.',
  fields: (t) => ({ deletedIntakeId: t.exposeID('deletedIntakeId', { description: 'The global id the intake had: drop it from lists and caches.' }) }),
});

builder.queryFields((t) => ({
  intakes: t.prismaConnection(
    {
      type: 'Intake',
      cursor: 'id',
      ...PAGE_SIZE,
      description: 'Intakes, newest first.',
      args: { filter: t.arg({ type: IntakeFilter, required: false, description: 'Which intakes; all when left out.' }) },
      totalCount: (_parent, args, context) => context.db.intake.count({ where: intakeWhere(args.filter) }),
      resolve: (query, _parent, args, context) => context.db.intake.findMany({ ...query, where: intakeWhere(args.filter), orderBy: INTAKE_ORDER }),
    },
    IntakeConnection,
  ),
  intake: t.prismaField({
    type: 'Intake',
    description: 'One intake, by its global id.',
    errors: { types: [NotFoundError] },
    args: { id: t.arg.id({ required: true, description: "The intake's global id." }) },
    resolve: async (query, _parent, args, context) => {
      const intake = await context.db.intake.findUnique({ ...query, where: { id: rowIdOf(String(args.id), 'Intake', 'id') } });
      if (!intake) throw new NotFoundError('Intake', String(args.id));
      return intake;
    },
  }),
}));

builder.mutationFields((t) => ({
  createIntake: t.prismaField({
    type: 'Intake',
    description: 'Creates an intake; choosing a customer fills the customer name and contact details from it, unless given.',
    errors: {},
    args: { input: t.arg({ type: CreateIntakeInput, required: true, description: 'The new intake.' }) },
    resolve: (query, _parent, { input }, context) =>
      withinInput(async () => {
        const { id } = await context.intakes.create(definedFields(input));
        return context.db.intake.findUniqueOrThrow({ ...query, where: { id } });
      }),
  }),
  updateIntake: t.prismaField({
    type: 'Intake',
    description: 'Changes an intake; choosing another customer fills the contact fields from it, unless given.',
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: UpdateIntakeInput, required: true, description: 'The intake and its changes.' }) },
    resolve: (query, _parent, { input: { id: globalId, ...changes } }, context) =>
      withinInput(async () => {
        const { id } = await context.intakes.update(rowIdOf(String(globalId), 'Intake', 'id'), definedFields(changes));
        return context.db.intake.findUniqueOrThrow({ ...query, where: { id } });
      }),
  }),
  deleteIntake: t.field({
    type: DeleteIntakePayload,
    description: 'Deletes an intake.',
    ...ADMIN_ONLY,
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: DeleteIntakeInput, required: true, description: 'The intake to delete.' }) },
    resolve: (_parent, { input }, context) =>
      withinInput(async () => {
        const id = rowIdOf(String(input.id), 'Intake', 'id');
        await context.intakes.delete(id);
        return { deletedIntakeId: encodeGlobalID('Intake', id) };
      }),
  }),
}));
