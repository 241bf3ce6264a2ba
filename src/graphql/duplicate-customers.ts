import { resolveArrayConnection } from '@pothos/plugin-relay';
import { z } from 'zod';
import { DEFAULT_MIN_SCORE, type DuplicateGroup as DuplicateGroupValue, type DuplicatePair, type DuplicateReason as DuplicateReasonValue } from '../customers/duplicates.js';
import { NotFoundError } from '../errors.js';
import type { Customer } from '../generated/prisma/client.js';
import { parseInput } from '../validation.js';
import { builder } from './builder.js';
import { CustomerRef } from './customer.js';
import { rowIdsOf } from './ids.js';
import { withinInput } from './inputs.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, maxPageSize, PAGE_SIZE, QUERY_LIMITS } from './limits.js';

const DUPLICATES_COMPLEXITY = QUERY_LIMITS.complexity / 5;

const DuplicateReasonKind = builder.enumType('DuplicateReasonKind', {
  description: 'What two customers have in common.',
  values: {
    SAME_VAT: { description: 'The same VAT number, however written.' },
    SAME_EMAIL: { description: 'The same e-mail address.' },
    SAME_PHONE: { description: 'The same phone or mobile number.' },
    SAME_NAME: { description: 'The same name once legal forms (BV, NV, GmbH, Ltd, LLC...), case, accents and punctuation are ignored.' },
    SIMILAR_NAME: { description: 'Names with a trigram similarity of at least 0.7.' },
  },
});

const DuplicateReason = builder.objectRef<DuplicateReasonValue>('DuplicateReason').implement({
  description: 'One thing two customers have in common.',
  fields: (t) => ({
    kind: t.expose('kind', { type: DuplicateReasonKind, description: 'What they share.' }),
    value: t.exposeString('value', { description: 'The shared value; for SIMILAR_NAME the two compared names.' }),
    similarity: t.exposeFloat('similarity', { nullable: true, description: 'SIMILAR_NAME: how similar the names are, 0..1; null for the other kinds.' }),
  }),
});

/** Groups refer to customers loaded once for the whole page. */
interface Loaded<T> {
  value: T;
  customers: ReadonlyMap<number, Customer>;
}

const DuplicateMatch = builder.objectRef<Loaded<DuplicatePair>>('DuplicateMatch').implement({
  description: 'Two customers and what they have in common.',
  fields: (t) => ({
    customers: t.field({ type: [CustomerRef], description: 'The two customers.', resolve: ({ value, customers }) => value.ids.map((id) => customers.get(id)!) }),
    score: t.float({ description: 'How likely it is (0..1) that the two are one company.', resolve: ({ value }) => value.score }),
    reasons: t.field({ type: [DuplicateReason], description: 'Everything they have in common.', resolve: ({ value }) => value.reasons }),
  }),
});

const DuplicateGroup = builder.objectRef<Loaded<DuplicateGroupValue>>('DuplicateGroup').implement({
  description: 'Customers that are probably one company entered more than once. Merge them, or dismiss the group (dismissDuplicateGroup) if they are not.',
  fields: (t) => ({
    score: t.float({ description: "How likely it is (0..1) that at least two of them are one company: the best match's score.", resolve: ({ value }) => value.score }),
    reasons: t.field({
      type: [DuplicateReasonKind],
      description: 'Every kind of reason found among the matches.',
      resolve: ({ value }) => [...new Set(value.pairs.flatMap((pair) => pair.reasons.map((reason) => reason.kind)))],
    }),
    customers: t.field({
      type: [CustomerRef],
      description: 'The customers of the group, at least two; their ids are what dismissDuplicateGroup takes.',
      resolve: ({ value, customers }) => value.ids.map((id) => customers.get(id)!),
    }),
    matches: t.field({ type: [DuplicateMatch], description: 'Each pair found alike, with its reasons.', resolve: ({ value, customers }) => value.pairs.map((pair) => ({ value: pair, customers })) }),
  }),
});

const DuplicateGroupConnection = builder.connectionObject(
  { type: DuplicateGroup, name: 'DuplicateGroupConnection', description: 'A page of duplicate groups.' },
  { name: 'DuplicateGroupEdge', description: 'One duplicate group of a page, with its cursor.' },
);

const DuplicateDismissalRef = builder.prismaObject('DuplicateDismissal', {
  description: 'Customers a person said are not one company: the group they form is not listed in duplicateCustomers until another customer joins it.',
  fields: (t) => ({
    customers: t.prismaField({
      type: ['Customer'],
      description: 'The customers dismissed together (those deleted since are left out).',
      select: { customerIds: true },
      resolve: (query, dismissal, _args, context) =>
        context.db.customer.findMany({ ...query, where: { id: { in: dismissal.customerIds } }, orderBy: { id: 'asc' } }),
    }),
    dismissedAt: t.expose('dismissedAt', { type: 'DateTime', description: 'When they were dismissed.' }),
    apiKeyId: t.exposeString('apiKeyId', {
      nullable: true,
      description: 'Which API key dismissed them: the first 8 hex digits of its sha256 (as the server log names keys); null when the API was open.',
    }),
  }),
});

const DuplicateDismissalConnection = builder.connectionObject(
  { type: DuplicateDismissalRef, name: 'DuplicateDismissalConnection', description: 'A page of dismissed duplicate groups.' },
  { name: 'DuplicateDismissalEdge', description: 'One dismissal of a page, with its cursor.' },
);

const UndismissDuplicateGroupPayload = builder.objectRef<{ customerIds: number[] }>('UndismissDuplicateGroupPayload').implement({
  description: 'A dismissal undone: the group these customers form is listed again.',
  fields: (t) => ({
    customers: t.prismaField({
      type: ['Customer'],
      description: 'The customers that had been dismissed together (those deleted since are left out).',
      resolve: (query, payload, _args, context) =>
        context.db.customer.findMany({ ...query, where: { id: { in: payload.customerIds } }, orderBy: { id: 'asc' } }),
    }),
  }),
});

const DuplicateGroupInput = (name: string, description: string) =>
  builder.inputType(name, {
    description,
    fields: (t) => ({
      customerIds: t.idList({ required: true, description: `Global ids of the customers (DuplicateGroup.customers), 2 to ${MAX_PAGE_SIZE}.` }),
    }),
  });
const DismissDuplicateGroupInput = DuplicateGroupInput('DismissDuplicateGroupInput', 'Customers that are not one company.');
const UndismissDuplicateGroupInput = DuplicateGroupInput('UndismissDuplicateGroupInput', 'Customers dismissed together, exactly as they were dismissed.');

/** Customer ids of a group: 2 to a page of them, at `customerIds`. */
function groupCustomerIds(ids: readonly (string | number)[]): number[] {
  parseInput(z.object({ customerIds: z.array(z.unknown()).min(2, 'Give at least two customers').max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE} customers`) }), { customerIds: ids });
  return rowIdsOf(ids.map(String), 'Customer', 'customerIds');
}

const minScoreSchema = z.object({ minScore: z.number().min(0, 'Between 0 and 1').max(1, 'Between 0 and 1') });

builder.queryFields((t) => ({
  duplicateCustomers: t.connection(
    {
      type: DuplicateGroup,
      description:
        'Customers that are probably the same company, best first, each group with a score and its reasons. Customers Robaws no longer has, and groups a person dismissed, are left out.',
      // Priced at what it costs: scoring every customer, cached until one changes. A few per request at most.
      complexity: (args) => ({ field: DUPLICATES_COMPLEXITY, multiplier: Math.min(args.first ?? args.last ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) }),
      args: {
        minScore: t.arg.float({
          required: false,
          defaultValue: DEFAULT_MIN_SCORE,
          description: 'Leave out groups scoring less (0..1). Below 0.5 a similar name alone counts, which compares far more names (seconds for 100,000 customers).',
        }),
      },
      resolve: async (_parent, args, context) => {
        const { minScore } = parseInput(minScoreSchema, { minScore: args.minScore ?? DEFAULT_MIN_SCORE });
        const maxSize = maxPageSize(args);
        const groups = await context.duplicates.groups(minScore);
        const page = resolveArrayConnection({ args, defaultSize: DEFAULT_PAGE_SIZE, maxSize }, groups);
        const rows = await context.db.customer.findMany({ where: { id: { in: page.edges.flatMap((edge) => edge.node.ids) } } });
        const customers = new Map(rows.map((customer) => [customer.id, customer]));
        return { ...page, edges: page.edges.map((edge) => ({ ...edge, node: { value: edge.node, customers } })), totalCount: groups.length };
      },
    },
    DuplicateGroupConnection,
  ),
  duplicateDismissals: t.prismaConnection(
    {
      type: 'DuplicateDismissal',
      cursor: 'id',
      ...PAGE_SIZE,
      description: 'Dismissed duplicate groups, newest first: where a dismissal can be found again and undone.',
      totalCount: (_parent, _args, context) => context.db.duplicateDismissal.count(),
      resolve: (query, _parent, _args, context) => context.db.duplicateDismissal.findMany({ ...query, orderBy: [{ dismissedAt: 'desc' }, { id: 'desc' }] }),
    },
    DuplicateDismissalConnection,
  ),
}));

builder.mutationFields((t) => ({
  dismissDuplicateGroup: t.prismaField({
    type: 'DuplicateDismissal',
    description:
      'Records that these customers are not one company (when, and with which API key): duplicateCustomers leaves out any group made only of them, until another customer joins it. undismissDuplicateGroup undoes it.',
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: DismissDuplicateGroupInput, required: true, description: 'The customers.' }) },
    resolve: (query, _parent, { input }, context) =>
      withinInput(async () => {
        const { id } = await context.customers.dismissDuplicates(groupCustomerIds(input.customerIds), context.caller.keyId);
        return context.db.duplicateDismissal.findUniqueOrThrow({ ...query, where: { id } });
      }),
  }),
  undismissDuplicateGroup: t.field({
    type: UndismissDuplicateGroupPayload,
    description: 'Undoes dismissDuplicateGroup for exactly this set of customers: their group is listed again.',
    errors: { types: [NotFoundError] },
    args: { input: t.arg({ type: UndismissDuplicateGroupInput, required: true, description: 'The customers, as they were dismissed.' }) },
    resolve: (_parent, { input }, context) =>
      withinInput(async () => ({ customerIds: (await context.customers.undismissDuplicates(groupCustomerIds(input.customerIds))).customerIds })),
  }),
}));
