import { normalizeSearchTerm } from '../customers/normalize.js';
import { NotFoundError, RobawsUnavailableError, ValidationError } from '../errors.js';
import type { Customer, Prisma } from '../generated/prisma/client.js';
import { builder } from './builder.js';

const DataIssue = builder.objectRef<{ field: string; code: string; value: string; message: string }>('DataIssue').implement({
  description: 'A value from Robaws that did not normalize cleanly; it is stored as given.',
  fields: (t) => ({
    field: t.exposeString('field'),
    code: t.exposeString('code'),
    value: t.exposeString('value'),
    message: t.exposeString('message'),
  }),
});

const Address = builder.objectRef<Customer>('Address').implement({
  fields: (t) => ({
    line: t.exposeString('address', { nullable: true, description: 'The whole address on one line.' }),
    street: t.exposeString('street', { nullable: true }),
    streetNumber: t.exposeString('streetNumber', { nullable: true }),
    postalCode: t.exposeString('postalCode', { nullable: true }),
    city: t.exposeString('city', { nullable: true }),
    country: t.exposeString('country', { nullable: true }),
    countryCode: t.exposeString('countryCode', { nullable: true, description: 'ISO 3166-1 alpha-2.' }),
  }),
});

export const CustomerRef = builder.prismaNode('Customer', {
  id: { field: 'id' },
  description: 'A Robaws client mirrored locally.',
  fields: (t) => ({
    robawsClientId: t.exposeString('robawsClientId'),
    name: t.exposeString('name'),
    role: t.exposeString('role', { nullable: true, description: 'From the Robaws custom field Role, upper case.' }),
    email: t.exposeString('email', { nullable: true }),
    phone: t.exposeString('phone', { nullable: true, description: 'E.164 when it could be parsed, otherwise as Robaws holds it.' }),
    mobile: t.exposeString('mobile', { nullable: true }),
    address: t.field({ type: Address, resolve: (customer) => customer }),
    vatNumber: t.exposeString('vatNumber', { nullable: true }),
    website: t.exposeString('website', { nullable: true }),
    language: t.exposeString('language', { nullable: true }),
    currency: t.exposeString('currency'),
    clientType: t.exposeString('clientType', { nullable: true }),
    isActive: t.exposeBoolean('isActive'),
    dataIssues: t.field({ type: [DataIssue], resolve: (customer) => customer.dataIssues as never }),
    raw: t.expose('raw', { type: 'JSON', description: 'The Robaws record as last received.' }),
    robawsUpdatedAt: t.expose('robawsUpdatedAt', { type: 'DateTime', nullable: true }),
    goneFromRobawsAt: t.expose('goneFromRobawsAt', { type: 'DateTime', nullable: true }),
    lastSyncedAt: t.expose('lastSyncedAt', { type: 'DateTime', nullable: true }),
    lastPushedToRobawsAt: t.expose('lastPushedToRobawsAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const CustomerFilter = builder.inputType('CustomerFilter', {
  fields: (t) => ({
    search: t.string({
      required: false,
      description: 'Substring of the name, e-mail or VAT number; case and accents ignored, VAT typed in any format.',
    }),
  }),
});

export function customerWhere(filter: { search?: string | null } | null | undefined): Prisma.CustomerWhereInput {
  const term = filter?.search ? normalizeSearchTerm(filter.search) : '';
  return term ? { searchText: { contains: term } } : {};
}

builder.queryFields((t) => ({
  customers: t.prismaConnection({
    type: 'Customer',
    cursor: 'id',
    defaultSize: 50,
    maxSize: 500,
    args: { filter: t.arg({ type: CustomerFilter, required: false }) },
    totalCount: (_parent, args, context) => context.db.customer.count({ where: customerWhere(args.filter) }),
    resolve: (query, _parent, args, context) =>
      context.db.customer.findMany({ ...query, where: customerWhere(args.filter), orderBy: [{ name: 'asc' }, { id: 'asc' }] }),
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
      const where = args.id ? { id: Number(args.id.id) } : { robawsClientId: args.robawsClientId as string };
      const customer = await context.db.customer.findUnique({ ...query, where });
      if (!customer) throw new NotFoundError('Customer', args.id?.id ?? (args.robawsClientId as string));
      return customer;
    },
  }),
}));

builder.mutationFields((t) => ({
  syncSingle: t.prismaField({
    type: 'Customer',
    description: 'Fetches one client from Robaws now and stores it.',
    errors: { types: [NotFoundError, RobawsUnavailableError] },
    args: { robawsClientId: t.arg.string({ required: true }) },
    resolve: async (query, _parent, args, context) => {
      const { customer } = await context.sync.syncClient(args.robawsClientId, 'API');
      return context.db.customer.findUniqueOrThrow({ ...query, where: { id: customer.id } });
    },
  }),
}));
