import { ComplexityErrorKind, type ComplexityErrorFn, type FieldComplexityValue } from '@pothos/plugin-complexity';
import { getNamedType, GraphQLError, type GraphQLOutputType } from 'graphql';

/**
 * What one request may ask for. Costs follow page sizes: a connection's selection counts once per
 * row it asks for, so `customers(first: 500)` with ten fields is within budget and nesting a
 * connection of 50 intakes inside it is not.
 */

export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;
export const QUERY_LIMITS = { depth: 12, breadth: 300, complexity: 25_000 };

interface PageArgs {
  first?: unknown;
  last?: unknown;
  limit?: unknown;
}

const PAGE_ARGS = ['first', 'last', 'limit'] as const;

function requestedPage(args: PageArgs): { arg: (typeof PAGE_ARGS)[number]; size: number } | null {
  const arg = PAGE_ARGS.find((name) => typeof args[name] === 'number');
  return arg ? { arg, size: args[arg] as number } : null;
}

function requestedSize(args: PageArgs): number | null {
  return requestedPage(args)?.size ?? null;
}

/** Refuses a page larger than the maximum instead of shortening it silently. */
export function maxPageSize(args: PageArgs): number {
  const page = requestedPage(args);
  if (page && page.size > MAX_PAGE_SIZE) {
    const message = `At most ${MAX_PAGE_SIZE} items per page (asked for ${page.size})`;
    throw new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', maxPageSize: MAX_PAGE_SIZE, issues: [{ path: page.arg, message }] } });
  }
  return MAX_PAGE_SIZE;
}

/** The options every connection and paged list shares. */
export const PAGE_SIZE = { defaultSize: DEFAULT_PAGE_SIZE, maxSize: maxPageSize };

/**
 * A field costs 1, and a connection or paged list (first, last or limit) costs its page size times
 * its selection. Other lists count once: they are small and bounded by what owns them (a customer's
 * conflicts, a group's customers), and an errors-union's `data` list is the page its field asked for.
 */
export function fieldComplexity(args: Record<string, unknown>, _context: unknown, field: { type: GraphQLOutputType }): FieldComplexityValue {
  const pageSize = requestedSize(args);
  if (getNamedType(field.type).name.endsWith('Connection') || pageSize !== null) {
    return { field: 1, multiplier: Math.min(pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE) };
  }
  return { field: 1, multiplier: 1 };
}

const LIMIT_NAMES: Record<ComplexityErrorKind, keyof typeof QUERY_LIMITS> = {
  [ComplexityErrorKind.Depth]: 'depth',
  [ComplexityErrorKind.Breadth]: 'breadth',
  [ComplexityErrorKind.Complexity]: 'complexity',
};

export function complexityError(kind: ComplexityErrorKind, result: Parameters<ComplexityErrorFn>[1]): GraphQLError {
  const limit = LIMIT_NAMES[kind];
  return new GraphQLError(`The query's ${limit} is ${result[limit]}, more than the allowed ${QUERY_LIMITS[limit]}: ask for fewer fields or smaller pages`, {
    extensions: { code: 'QUERY_TOO_COMPLEX', limit, value: result[limit], max: QUERY_LIMITS[limit] },
  });
}
