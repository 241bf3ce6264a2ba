import { z } from 'zod';
import { customerOptionLabel } from '../customers/labels.js';
import type { CustomerOption as CustomerOptionValue } from '../customers/customer-queries.js';
import { ValidationError } from '../errors.js';
import { parseInput } from '../validation.js';
import { builder } from './builder.js';
import { MAX_PAGE_SIZE } from './limits.js';

const CustomerOption = builder.objectRef<CustomerOptionValue>('CustomerOption').implement({
  description: 'One choice of the intake form\'s customer picker.',
  fields: (t) => ({
    value: t.exposeString('robawsClientId', { description: 'The Robaws client id: what an intake stores.' }),
    label: t.string({ description: '"NAME (ROLE) - CITY".', resolve: customerOptionLabel }),
  }),
});

builder.queryFields((t) => ({
  customerOptions: t.field({
    type: [CustomerOption],
    description:
      'The intake picker: customers Robaws still has whose name, e-mail or VAT number contains the search (case, accents and VAT format ignored). Names starting with it first, then names with a word starting with it, then the most similar names.',
    errors: { types: [ValidationError] },
    args: {
      search: t.arg.string({ required: false }),
      limit: t.arg.int({ required: false, defaultValue: 50 }),
    },
    resolve: async (_parent, args, context) => {
      const { limit } = parseInput(z.object({ limit: z.number().int().min(1, 'At least 1').max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE}`) }), args);
      return context.customers.options(args.search, limit);
    },
  }),
}));
