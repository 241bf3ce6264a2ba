import { nameWithRole } from '../customers/labels.js';
import { ROLE_BADGE_COLORS, roleBadgeColor, type RoleBadgeColor as RoleBadgeColorValue } from '../customers/roles.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Customer } from '../generated/prisma/client.js';
import { CUSTOMER_ORDER_FIELDS } from '../customers/customer-queries.js';
import { EDITABLE_FIELDS, type EditableField } from '../customers/customer-record.js';
import { conflictsSchema, pendingChangesSchema } from '../customers/merge.js';
import { builder } from './builder.js';
import { rowIdOf } from './ids.js';
import { IntakeConnection } from './intake.js';
import { PAGE_SIZE } from './limits.js';

const DataIssue = builder.objectRef<{ field: string; code: string; value: string; message: string }>('DataIssue').implement({
  description: 'A value from Robaws that did not normalize cleanly; it is stored and shown as Robaws gave it.',
  fields: (t) => ({
    field: t.exposeString('field', { description: 'The customer field it is in: phone, mobile, vatNumber, email, website or countryCode.' }),
    code: t.exposeString('code', { description: 'What is wrong with it, e.g. invalid or ambiguous.' }),
    value: t.exposeString('value', { description: 'The value as Robaws holds it.' }),
    message: t.exposeString('message', { description: 'A sentence to show, e.g. next to the field.' }),
  }),
});

type AddressParts = Pick<Customer, 'address' | 'street' | 'streetNumber' | 'postalCode' | 'city' | 'country' | 'countryCode'>;
const ADDRESS_SELECT = { address: true, street: true, streetNumber: true, postalCode: true, city: true, country: true, countryCode: true } as const;

const Address = builder.objectRef<AddressParts>('Address').implement({
  description: "A customer's address, in parts and on one line.",
  fields: (t) => ({
    line: t.exposeString('address', { nullable: true, description: 'The whole address on one line, built from its parts.' }),
    street: t.exposeString('street', { nullable: true, description: 'The street, without its number.' }),
    streetNumber: t.exposeString('streetNumber', { nullable: true, description: 'The house number (with box or bus, as written).' }),
    postalCode: t.exposeString('postalCode', { nullable: true, description: 'The postal code.' }),
    city: t.exposeString('city', { nullable: true, description: 'The city.' }),
    country: t.exposeString('country', { nullable: true, description: 'The country name, as Robaws holds it.' }),
    countryCode: t.expose('countryCode', { type: 'CountryCode', nullable: true, description: 'The country as its ISO 3166-1 alpha-2 code; null when unknown.' }),
  }),
});

const ADDRESS_PARTS: ReadonlySet<EditableField> = new Set(['street', 'streetNumber', 'postalCode', 'city', 'country', 'countryCode']);
const constantCase = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();

export const CustomerField = builder.enumType('CustomerField', {
  description: 'A customer field that can be edited here and pushed to Robaws.',
  values: Object.fromEntries(
    EDITABLE_FIELDS.map((field) => [constantCase(field), { value: field, description: `Customer.${ADDRESS_PARTS.has(field) ? `address.${field}` : field}` }]),
  ) as Record<string, { value: EditableField; description: string }>,
});

const BADGE_COLOR_DESCRIPTIONS: Record<RoleBadgeColorValue, string> = {
  PRIMARY: "The theme's primary colour (blue).",
  SUCCESS: 'The success colour (green).',
  WARNING: 'The warning colour (orange).',
  INFO: 'The info colour (light blue).',
  SECONDARY: 'The secondary colour (dark gray).',
  DANGER: 'The danger colour (red).',
  GRAY: 'Neutral gray: roles without a colour of their own, and customers without a role.',
};

export const RoleBadgeColor = builder.enumType('RoleBadgeColor', {
  description: "The colour of a role's badge in lists, named after Bootstrap's theme colours.",
  values: Object.fromEntries(ROLE_BADGE_COLORS.map((color) => [color, { description: BADGE_COLOR_DESCRIPTIONS[color] }])) as Record<RoleBadgeColorValue, { description: string }>,
});

const PendingChange = builder.objectRef<{ field: EditableField; base: string | null; editedAt: string }>('PendingChange').implement({
  description: 'A field edited here and not yet pushed to Robaws.',
  fields: (t) => ({
    field: t.expose('field', { type: CustomerField, description: 'The edited field.' }),
    base: t.exposeString('base', { nullable: true, description: 'What Robaws had when the edit was made: a push sends ours only if Robaws still has this.' }),
    editedAt: t.field({ type: 'DateTime', description: 'When it was edited.', resolve: (change) => new Date(change.editedAt) }),
  }),
});

const FieldConflict = builder.objectRef<{ field: EditableField; local: string | null; remote: string | null; detectedAt: string }>('FieldConflict').implement({
  description: 'A field changed both here and in Robaws since the last push; neither value was overwritten.',
  fields: (t) => ({
    field: t.expose('field', { type: CustomerField, description: 'The field in conflict.' }),
    local: t.exposeString('local', { nullable: true, description: 'Our value.' }),
    remote: t.exposeString('remote', { nullable: true, description: "Robaws' value." }),
    detectedAt: t.field({ type: 'DateTime', description: 'When the conflict was found.', resolve: (conflict) => new Date(conflict.detectedAt) }),
  }),
});

export const CustomerRef = builder.prismaNode('Customer', {
  id: { field: 'id' },
  description: 'A Robaws client mirrored here: normalized, searchable, editable here and pushed back.',
  // Only the columns a query asks for: a page of 100 need not carry 100 Robaws records along.
  select: { id: true },
  fields: (t) => ({
    robawsClientId: t.exposeString('robawsClientId', { description: "The client's id in Robaws: what intakes store and customer(robawsClientId:) takes." }),
    name: t.exposeString('name', { description: 'The company (or person) name.' }),
    role: t.exposeString('role', { nullable: true, description: 'From the Robaws custom field Role, upper case; null when it has none (see customerRoles).' }),
    fullNameWithRole: t.string({ select: { name: true, role: true }, description: '"NAME (ROLE)", or the name alone: how lists show a customer.', resolve: nameWithRole }),
    roleBadgeColor: t.field({ type: RoleBadgeColor, select: { role: true }, description: "The colour of the role's badge.", resolve: (customer) => roleBadgeColor(customer.role) }),
    email: t.exposeString('email', { nullable: true, description: 'Lower case when valid; otherwise as Robaws holds it (see dataIssues).' }),
    phone: t.exposeString('phone', { nullable: true, description: 'E.164 (+3232345678) when it could be parsed, otherwise as Robaws holds it.' }),
    mobile: t.exposeString('mobile', { nullable: true, description: 'E.164 when it could be parsed, otherwise as Robaws holds it.' }),
    address: t.field({ type: Address, select: ADDRESS_SELECT, description: 'The address, in parts and on one line.', resolve: (customer) => customer }),
    vatNumber: t.exposeString('vatNumber', { nullable: true, description: 'Compact, upper case, with its country prefix (BE0123456789) when valid.' }),
    website: t.exposeString('website', { nullable: true, description: 'A web address with its scheme (https://...) when valid.' }),
    language: t.exposeString('language', { nullable: true, description: 'Two letters: nl, fr, en, de (or what Robaws holds).' }),
    currency: t.expose('currency', { type: 'Currency', description: 'The currency the customer is invoiced in; EUR unless Robaws says otherwise.' }),
    clientType: t.exposeString('clientType', { nullable: true, description: "Robaws' client type, read only." }),
    isActive: t.exposeBoolean('isActive', { description: 'Active here: a local decision (setCustomersActive), never taken from or sent to Robaws.' }),
    robawsActive: t.exposeBoolean('robawsActive', { description: "Robaws' own active flag, as last synced." }),
    dataIssues: t.field({
      type: [DataIssue],
      select: { dataIssues: true },
      description: 'Values from Robaws that did not normalize; empty for a clean record.',
      resolve: (customer) => customer.dataIssues as never,
    }),
    raw: t.expose('raw', { type: 'JSON', description: 'The Robaws record exactly as last received.' }),
    intakes: t.relatedConnection(
      'intakes',
      {
        cursor: 'id',
        ...PAGE_SIZE,
        totalCount: true,
        description: "The customer's intakes, newest first.",
        query: () => ({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] }),
      },
      IntakeConnection,
    ),
    intakesCount: t.int({
      select: { robawsClientId: true },
      description: 'How many intakes the customer has; cheap in lists (one query answers a whole page).',
      resolve: (customer, _args, context) => context.loaders.intakesCount.load(customer.robawsClientId),
    }),
    pendingChanges: t.field({
      type: [PendingChange],
      select: { pendingChanges: true },
      description: 'Fields edited here and not yet pushed to Robaws; empty when there are none.',
      resolve: (customer) => Object.entries(pendingChangesSchema.parse(customer.pendingChanges)).map(([field, change]) => ({ field: field as EditableField, ...change })),
    }),
    conflict: t.field({
      type: [FieldConflict],
      select: { conflicts: true },
      description: "Per field in conflict: our value and Robaws'. Settle them with resolveConflict; empty when there are none.",
      resolve: (customer) => Object.entries(conflictsSchema.parse(customer.conflicts)).map(([field, conflict]) => ({ field: field as EditableField, ...conflict })),
    }),
    pushError: t.exposeString('pushError', { nullable: true, description: 'Why Robaws refused the last push; null once a push succeeds.' }),
    localChangedAt: t.expose('localChangedAt', { type: 'DateTime', nullable: true, description: 'When this customer was last edited here.' }),
    robawsUpdatedAt: t.expose('robawsUpdatedAt', { type: 'DateTime', nullable: true, description: 'When Robaws last changed the client, by its clock.' }),
    goneFromRobawsAt: t.expose('goneFromRobawsAt', { type: 'DateTime', nullable: true, description: 'When Robaws was found to no longer have this client; null while it has.' }),
    lastSyncedAt: t.expose('lastSyncedAt', { type: 'DateTime', description: 'When a sync last stored this client as Robaws had it (an unchanged client is not stored again).' }),
    lastPushedToRobawsAt: t.expose('lastPushedToRobawsAt', { type: 'DateTime', nullable: true, description: 'When our edits were last pushed to Robaws.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the customer was first stored here.' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When the stored row last changed.' }),
  }),
});

const CustomerConnection = builder.connectionObject({ type: CustomerRef, name: 'CustomerConnection', description: 'A page of customers.' }, { name: 'CustomerEdge', description: 'One customer of a page, with its cursor.' });

const CustomerFilter = builder.inputType('CustomerFilter', {
  description: 'Which customers to list: every condition given must hold; leave a condition out to not filter on it.',
  fields: (t) => ({
    search: t.string({
      required: false,
      description: 'Part of the name, e-mail or VAT number; case and accents ignored, a VAT number typed in any format.',
    }),
    roles: t.stringList({ required: false, description: 'Any of these roles (see customerRoles).' }),
    isActive: t.boolean({ required: false, description: 'Active (true) or inactive (false) here.' }),
    country: t.string({ required: false, description: 'A two-letter country code (any case), or part of the country name.' }),
    hasIntakes: t.boolean({ required: false, description: 'With at least one intake (true) or none (false).' }),
    hasPendingChanges: t.boolean({ required: false, description: 'With edits not yet pushed to Robaws (true) or none (false).' }),
    hasConflict: t.boolean({ required: false, description: 'With fields in conflict (true) or none (false).' }),
    goneFromRobaws: t.boolean({ required: false, description: 'Robaws no longer has them (true), or still has them (false).' }),
  }),
});

const CUSTOMER_ORDER_DESCRIPTIONS: Record<(typeof CUSTOMER_ORDER_FIELDS)[number], string> = {
  NAME: 'By name, in the database collation.',
  LAST_SYNCED_AT: 'By when a sync last read them (the default, newest first).',
  INTAKES_COUNT: 'By how many intakes they have.',
  CREATED_AT: 'By when they were first stored here.',
};

const CustomerOrderField = builder.enumType('CustomerOrderField', {
  description: 'What the customer list is sorted by.',
  values: Object.fromEntries(CUSTOMER_ORDER_FIELDS.map((field) => [field, { description: CUSTOMER_ORDER_DESCRIPTIONS[field] }])) as Record<
    (typeof CUSTOMER_ORDER_FIELDS)[number],
    { description: string }
  >,
});

const OrderDirection = builder.enumType('OrderDirection', {
  description: 'Sort order.',
  values: { ASC: { description: 'Smallest, earliest or A first.' }, DESC: { description: 'Largest, latest or Z first.' } },
});

const CustomerOrder = builder.inputType('CustomerOrder', {
  description: 'How the customer list is sorted; ties are broken by id, so that paging never skips or repeats a customer.',
  fields: (t) => ({
    field: t.field({ type: CustomerOrderField, required: true, description: 'What to sort by.' }),
    direction: t.field({ type: OrderDirection, required: false, defaultValue: 'ASC', description: 'Which way.' }),
  }),
});

builder.queryFields((t) => ({
  customers: t.prismaConnection(
    {
      type: 'Customer',
      cursor: 'id',
      ...PAGE_SIZE,
      description: 'The customer list: filtered, sorted (newest synced first unless orderBy says otherwise) and paged.',
      args: {
        filter: t.arg({ type: CustomerFilter, required: false, description: 'Which customers; all when left out.' }),
        orderBy: t.arg({ type: CustomerOrder, required: false, description: 'The order; by lastSyncedAt, newest first, when left out.' }),
      },
      // A request's searches share one lookup per term: a page and its totalCount ask for the same.
      totalCount: (_parent, args, context) => context.customers.count(args.filter, context.loaders.searchMatches),
      resolve: (query, _parent, args, context) => context.customers.page(query, args.filter, args.orderBy, context.loaders.searchMatches),
    },
    CustomerConnection,
  ),
  customer: t.prismaField({
    type: 'Customer',
    description: 'One customer, by its global id or its Robaws client id (give exactly one).',
    errors: { types: [NotFoundError] },
    args: {
      id: t.arg.id({ required: false, description: "The customer's global id." }),
      robawsClientId: t.arg.string({ required: false, description: "The client's id in Robaws." }),
    },
    resolve: async (query, _parent, args, context) => {
      const id = args.id ?? null;
      const robawsClientId = args.robawsClientId ?? null;
      if ((id === null) === (robawsClientId === null)) throw new ValidationError([{ path: '', message: 'Give exactly one of id and robawsClientId' }]);
      const where = id !== null ? { id: rowIdOf(String(id), 'Customer', 'id') } : { robawsClientId: robawsClientId! };
      const customer = await context.db.customer.findUnique({ ...query, where });
      if (!customer) throw new NotFoundError('Customer', String(id ?? robawsClientId));
      return customer;
    },
  }),
}));
