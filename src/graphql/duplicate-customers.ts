import { z } from 'zod';
import { DEFAULT_MIN_SCORE, type DuplicateGroup as DuplicateGroupValue, type DuplicatePair, type DuplicateReason as DuplicateReasonValue } from '../customers/duplicates.js';
import { ValidationError } from '../errors.js';
import type { Customer } from '../generated/prisma/client.js';
import { parseInput } from '../validation.js';
import { builder } from './builder.js';
import { CustomerRef } from './customer.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, QUERY_LIMITS } from './limits.js';

const DUPLICATES_COMPLEXITY = QUERY_LIMITS.complexity / 5;

const DuplicateReasonKind = builder.enumType('DuplicateReasonKind', {
  values: {
    SAME_VAT: { description: 'The same VAT number, however written.' },
    SAME_EMAIL: { description: 'The same e-mail address.' },
    SAME_PHONE: { description: 'The same phone or mobile number.' },
    SAME_NAME: { description: 'The same name once legal forms (BV, NV, GmbH, Ltd, LLC...), case, accents and punctuation are ignored.' },
    SIMILAR_NAME: { description: 'Names with a trigram similarity of at least 0.7.' },
  },
});

const DuplicateReason = builder.objectRef<DuplicateReasonValue>('DuplicateReason').implement({
  fields: (t) => ({
    kind: t.expose('kind', { type: DuplicateReasonKind }),
    value: t.exposeString('value', { description: 'The shared value; for SIMILAR_NAME the two compared names.' }),
    similarity: t.exposeFloat('similarity', { nullable: true, description: 'SIMILAR_NAME: 0..1.' }),
  }),
});

/** Groups refer to customers loaded once for the whole answer. */
interface Loaded<T> {
  value: T;
  customers: ReadonlyMap<number, Customer>;
}

const DuplicateMatch = builder.objectRef<Loaded<DuplicatePair>>('DuplicateMatch').implement({
  description: 'Two customers and what they have in common.',
  fields: (t) => ({
    customers: t.field({ type: [CustomerRef], resolve: ({ value, customers }) => value.ids.map((id) => customers.get(id)!) }),
    score: t.float({ resolve: ({ value }) => value.score }),
    reasons: t.field({ type: [DuplicateReason], resolve: ({ value }) => value.reasons }),
  }),
});

const DuplicateGroup = builder.objectRef<Loaded<DuplicateGroupValue>>('DuplicateGroup').implement({
  description: 'Customers that are probably one company entered more than once.',
  fields: (t) => ({
    score: t.float({ description: 'How likely it is (0..1) that at least two of them are one company: the best match\'s score.', resolve: ({ value }) => value.score }),
    reasons: t.field({
      type: [DuplicateReasonKind],
      description: 'Every kind of reason found among the matches.',
      resolve: ({ value }) => [...new Set(value.pairs.flatMap((pair) => pair.reasons.map((reason) => reason.kind)))],
    }),
    customers: t.field({ type: [CustomerRef], resolve: ({ value, customers }) => value.ids.map((id) => customers.get(id)!) }),
    matches: t.field({ type: [DuplicateMatch], resolve: ({ value, customers }) => value.pairs.map((pair) => ({ value: pair, customers })) }),
  }),
});

const argsSchema = z.object({
  first: z.number().int().min(1, 'At least 1').max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE}`),
  minScore: z.number().min(0, 'Between 0 and 1').max(1, 'Between 0 and 1'),
});

builder.queryField('duplicateCustomers', (t) =>
  t.field({
    type: [DuplicateGroup],
    description:
      'Customers that are probably the same company, best first, each group with a score and its reasons. Customers Robaws no longer has are left out.',
    errors: { types: [ValidationError] },
    // Priced at what it costs: scoring every customer, cached until one changes. A few per request at most.
    complexity: (args) => ({ field: DUPLICATES_COMPLEXITY, multiplier: Math.min(args.first ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) }),
    args: {
      first: t.arg.int({ required: false, defaultValue: DEFAULT_PAGE_SIZE }),
      minScore: t.arg.float({
        required: false,
        defaultValue: DEFAULT_MIN_SCORE,
        description: 'Leave out groups scoring less (0..1). Below 0.5 a similar name alone counts, which compares far more names (seconds for 100,000 customers).',
      }),
    },
    resolve: async (_parent, args, context) => {
      const { first, minScore } = parseInput(argsSchema, args);
      const groups = (await context.duplicates.groups(minScore)).slice(0, first);
      const rows = await context.db.customer.findMany({ where: { id: { in: groups.flatMap((group) => group.ids) } } });
      const customers = new Map(rows.map((customer) => [customer.id, customer]));
      return groups.map((group) => ({ value: group, customers }));
    },
  }),
);
