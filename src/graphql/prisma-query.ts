/**
 * A prismaField's query with the id always selected. A selection of nothing but `__typename` gives
 * Prisma an empty select, which it refuses.
 */
export function selectingId<Query extends object>(query: Query): Query {
  return 'select' in query && query.select ? { ...query, select: { id: true, ...query.select } } : query;
}
