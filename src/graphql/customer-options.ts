import { z } from 'zod';
import { customerOptionLabel } from '../customers/labels.js';
import { normalizeSearchTerm } from '../customers/normalize.js';
import { likeEscaped } from '../db/like.js';
import { ValidationError } from '../errors.js';
import { parseInput } from '../validation.js';
import { builder } from './builder.js';
import { MAX_PAGE_SIZE } from './limits.js';

interface OptionRow {
  robawsClientId: string;
  name: string;
  role: string | null;
  city: string | null;
}

const CustomerOption = builder.objectRef<OptionRow>('CustomerOption').implement({
  description: 'One choice of the intake form\'s customer picker.',
  fields: (t) => ({
    value: t.exposeString('robawsClientId', { description: 'The Robaws client id: what an intake stores.' }),
    label: t.string({ description: '"NAME (ROLE) - CITY", as the plan shows it.', resolve: customerOptionLabel }),
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
      const term = args.search ? normalizeSearchTerm(args.search) : '';
      const pattern = likeEscaped(term);
      // The search text starts with the folded name, so a prefix of it is a prefix of the name.
      return context.db.$queryRaw<OptionRow[]>`
        SELECT c.robaws_client_id AS "robawsClientId", c.name, c.role, c.city
        FROM customer_search s JOIN customers c ON c.id = s.customer_id
        WHERE c.gone_from_robaws_at IS NULL AND s.search_text LIKE '%' || ${pattern} || '%'
        ORDER BY s.search_text LIKE ${pattern} || '%' DESC,
                 s.search_text LIKE '% ' || ${pattern} || '%' DESC,
                 similarity(lower(c.name), ${term}) DESC,
                 c.name, c.id
        LIMIT ${limit}`;
    },
  }),
}));
