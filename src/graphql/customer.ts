import { nameWithRole } from '../customers/labels.js';
import { ROLE_BADGE_COLORS, roleBadgeColor } from '../customers/roles.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Customer } from '../generated/prisma/client.js';
import { CUSTOMER_ORDER_FIELDS, type SearchMatcher } from '../customers/customer-queries.js';
import { EDITABLE_FIELDS, type EditableField } from '../customers/customer-record.js';
import { conflictsSchema, pendingChangesSchema } from '../customers/merge.js';
import { builder } from './builder.js';
import { localIdOf } from './ids.js';
import type { GraphQLContext } from './context.js';
import { PAGE_SIZE } from './limits.js';

const DataIssue = builder.objectRef<{ field: string; code: string; value: string; message: string }>('DataIssue').implement({
  description: 'A value from Robaws that did not normalize cleanly; it is stored as given.',
  fields: (t) => ({
    field: t.exposeString('field'),
    code: t.exposeString('code'),
    value: t.exposeString('value'),
    message: t.exposeString('message'),
  }),
});

type AddressParts = Pick<Customer, 'address' | 'street' | 'streetNumber' | 'postalCode' | 'city' | 'country' | 'countryCode'>;
const ADDRESS_SELECT = { address: true, street: true, streetNumber: true, postalCode: true, city: true, country: true, countryCode: true } as const;

const Address = builder.objectRef<AddressParts>('Address').implement({
  fields: (t) => ({
    line: t.exposeString('address', { nullable: true, description: 'The whole address on one line.' }),
    street: t.exposeString('street', { nullable: true }),
    streetNumber: t.exposeString('streetNumber', { nullable: true }),
    postalCode: t.exposeString('postalCode', { nullable: true }),
    city: t.exposeString('city', { nullable: true }),
    country: t.exposeString('country', { nullable: true }),
    countryCode: t.expose('countryCode', { type: 'CountryCode', nullable: true, description: 'ISO 3166-1 alpha-2.' }),
  }),
});

const constantCase = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();

export const CustomerField = builder.enumType('CustomerField', {
  description: 'A field that can be edited here and pushed to Robaws.',
  values: Object.fromEntries(EDITABLE_FIELDS.map((field) => [constantCase(field), { value: field }])) as Record<string, { value: EditableField }>,
});

export const RoleBadgeColor = builder.enumType('RoleBadgeColor', {
  description: "The colour of a role's badge in lists; roles without a colour of their own are gray.",
  values: ROLE_BADGE_COLORS,
});

const PendingChange = builder.objectRef<{ field: EditableField; base: string | null; editedAt: string }>('PendingChange').implement({
  description: 'A field edited here and not yet pushed to Robaws.',
  fields: (t) => ({
    field: t.expose('field', { type: CustomerField }),
    base: t.exposeString('base', { nullable: true, description: 'What Robaws had when the edit was made.' }),
    editedAt: t.field({ type: 'DateTime', resolve: (change) => new Date(change.editedAt) }),
  }),
});

const FieldConflict = builder.objectRef<{ field: EditableField; local: string | null; remote: string | null; detectedAt: string }>('FieldConflict').implement({
  description: 'A field changed both here and in Robaws since the last push; neither value was overwritten.',
  fields: (t) => ({
    field: t.expose('field', { type: CustomerField }),
    local: t.exposeString('local', { nullable: true, description: 'Our value.' }),
    remote: t.exposeString('remote', { nullable: true, description: "Robaws' value." }),
    detectedAt: t.field({ type: 'DateTime', resolve: (conflict) => new Date(conflict.detectedAt) }),
  }),
});

export const CustomerRef = builder.prismaNode('Customer', {
  id: { field: 'id' },
  description: 'A Robaws client mirrored locally.',
  // Only the columns a query asks for: a page of 100 need not carry 100 Robaws records along.
  select: { id: true },
  fields: (t) => ({
    robawsClientId: t.exposeString('robawsClientId'),
    name: t.exposeString('name'),
    role: t.exposeString('role', { nullable: true, description: 'From the Robaws custom field Role, upper case.' }),
    fullNameWithRole: t.string({ select: { name: true, role: true }, description: '"NAME (ROLE)", or the name alone.', resolve: nameWithRole }),
    roleBadgeColor: t.field({ type: RoleBadgeColor, select: { role: true }, resolve: (customer) => roleBadgeColor(customer.role) }),
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true, description: 'E.164 when it could be parsed, otherwise as Robaws holds it.' }),
    mobile: t.exposeString('mobile', { nullable: true }),
    address: t.field({ type: Address, select: ADDRESS_SELECT, resolve: (customer) => customer }),
    vatNumber: t.exposeString('vatNumber', { nullable: true }),
    website: t.exposeString('website', { nullable: true }),
    language: t.exposeString('language', { nullable: true }),
    currency: t.exposeString('currency'),
    clientType: t.exposeString('clientType', { nullable: true }),
    isActive: t.exposeBoolean('isActive', { description: 'Active here: a local decision (setCustomersActive), never taken from or sent to Robaws.' }),
    robawsActive: t.exposeBoolean('robawsActive', { description: "Robaws' own active flag, as last synced." }),
    dataIssues: t.field({ type: [DataIssue], select: { dataIssues: true }, resolve: (customer) => customer.dataIssues as never }),
    raw: t.expose('raw', { type: 'JSON', description: 'The Robaws record as last received.' }),
    intakes: t.relatedConnection('intakes', {
      cursor: 'id',
      ...PAGE_SIZE,
      totalCount: true,
      query: () => ({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
    }),
    intakesCount: t.int({
      select: { robawsClientId: true },
      description: 'Batched: one query answers every customer of a page.',
      resolve: (customer, _args, context) => context.loaders.intakesCount.load(customer.robawsClientId),
    }),
    pendingChanges: t.field({
      type: [PendingChange],
      select: { pendingChanges: true },
      resolve: (customer) => Object.entries(pendingChangesSchema.parse(customer.pendingChanges)).map(([field, change]) => ({ field: field as EditableField, ...change })),
    }),
    conflict: t.field({
      type: [FieldConflict],
      select: { conflicts: true },
      description: 'Per field in conflict: our value and Robaws\'. Settle with resolveConflict.',
      resolve: (customer) => Object.entries(conflictsSchema.parse(customer.conflicts)).map(([field, conflict]) => ({ field: field as EditableField, ...conflict })),
    }),
    pushError: t.exposeString('pushError', { nullable: true, description: 'Why Robaws refused the last push.' }),
    localChangedAt: t.expose('localChangedAt', { type: 'DateTime', nullable: true, description: 'When this customer was last edited here.' }),
    robawsUpdatedAt: t.expose('robawsUpdatedAt', { type: 'DateTime', nullable: true }),
    goneFromRobawsAt: t.expose('goneFromRobawsAt', { type: 'DateTime', nullable: true, description: 'When Robaws was found to no longer have this client.' }),
    lastSyncedAt: t.expose('lastSyncedAt', { type: 'DateTime', nullable: true }),
    lastPushedToRobawsAt: t.expose('lastPushedToRobawsAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const CustomerFilter = builder.inputType('CustomerFilter', {
  description: 'Every given condition must hold.',
  fields: (t) => ({
    search: t.string({
      required: false,
      description: 'Substring of the name, e-mail or VAT number; case and accents ignored, VAT typed in any format.',
    }),
    roles: t.stringList({ required: false, description: 'Any of these roles.' }),
    isActive: t.boolean({ required: false }),
    country: t.string({ required: false, description: 'A two-letter country code, or part of the country name.' }),
    hasIntakes: t.boolean({ required: false }),
    hasPendingChanges: t.boolean({ required: false, description: 'Edited here and not yet pushed.' }),
    hasConflict: t.boolean({ required: false }),
    goneFromRobaws: t.boolean({ required: false }),
  }),
});

const CustomerOrderField = builder.enumType('CustomerOrderField', { values: CUSTOMER_ORDER_FIELDS });
export const OrderDirection = builder.enumType('OrderDirection', { values: ['ASC', 'DESC'] as const });

const CustomerOrder = builder.inputType('CustomerOrder', {
  fields: (t) => ({
    field: t.field({ type: CustomerOrderField, required: true }),
    direction: t.field({ type: OrderDirection, required: false, defaultValue: 'ASC' }),
  }),
});

/** A request's searches share one lookup per term (a page and its totalCount ask for the same). */
const searchMatcherOf = (context: GraphQLContext): SearchMatcher => (term) => context.loaders.searchMatches.load(term);

builder.queryFields((t) => ({
  customers: t.prismaConnection({
    type: 'Customer',
    cursor: 'id',
    ...PAGE_SIZE,
    description: 'Customers, filtered; newest synced first unless orderBy says otherwise.',
    args: {
      filter: t.arg({ type: CustomerFilter, required: false }),
      orderBy: t.arg({ type: CustomerOrder, required: false }),
    },
    totalCount: (_parent, args, context) => context.customers.count(args.filter, searchMatcherOf(context)),
    resolve: async (query, _parent, args, context) =>
      context.db.customer.findMany({ ...query, where: await context.customers.where(args.filter, searchMatcherOf(context)), orderBy: context.customers.orderBy(args.orderBy) }),
  }),
  customer: t.prismaField({
    type: 'Customer',
    description: 'One customer, by its global id or its Robaws client id.',
    errors: { types: [NotFoundError, ValidationError] },
    args: {
      id: t.arg.globalID({ required: false }),
      robawsClientId: t.arg.string({ required: false }),
    },
    resolve: async (query, _parent, args, context) => {
      if (Boolean(args.id) === Boolean(args.robawsClientId)) {
        throw new ValidationError([{ path: '', message: 'Give exactly one of id and robawsClientId' }]);
      }
      const where = args.id ? { id: localIdOf(args.id, 'Customer', 'id') } : { robawsClientId: args.robawsClientId as string };
      const customer = await context.db.customer.findUnique({ ...query, where });
      if (!customer) throw new NotFoundError('Customer', args.id?.id ?? (args.robawsClientId as string));
      return customer;
    },
  }),
}));
