import { z } from 'zod';
import { customerOptionLabel } from '../customers/labels.js';
import type { CustomerOption as CustomerOptionValue } from '../customers/customer-queries.js';
import { parseInput } from '../validation.js';
import { builder } from './builder.js';
import { MAX_PAGE_SIZE } from './limits.js';

const CustomerOption = builder.objectRef<CustomerOptionValue>('CustomerOption').implement({
  description: "One choice of the intake form's customer picker.",
  fields: (t) => ({
    value: t.exposeString('robawsClientId', { description: 'The Robaws client id: what createIntake takes as robawsClientId.' }),
    label: t.string({ description: '"NAME (ROLE) - CITY": what the picker shows.', resolve: customerOptionLabel }),
  }),
});

builder.queryFields((t) => ({
  customerOptions: t.field({
    type: [CustomerOption],
    description:
      'The intake picker: customers Robaws still has whose name, e-mail or VAT number contains the search (case, accents and VAT format ignored). Names starting with it first, then names with a word starting with it, then the most similar names.',
    args: {
      search: t.arg.string({ required: false, description: 'What the user typed; every customer (by name) when left out.' }),
      limit: t.arg.int({ required: false, defaultValue: 50, description: `How many choices at most: 1 to ${MAX_PAGE_SIZE}.` }),
    },
    resolve: async (_parent, args, context) => {
      const { limit } = parseInput(z.object({ limit: z.number().int().min(1, 'At least 1').max(MAX_PAGE_SIZE, `At most ${MAX_PAGE_SIZE}`) }), args);
      return context.customers.options(args.search, limit);
    },
  }),
}));
