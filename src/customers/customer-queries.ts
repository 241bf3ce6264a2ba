import { sqlPool, type Db } from '../db/client.js';
import { likeEscaped } from '../db/like.js';
import type { Customer, Prisma } from '../generated/prisma/client.js';
import { normalizeSearchTerm } from './normalize.js';
import { KNOWN_ROLES, roleBadgeColor, type RoleBadgeColor } from './roles.js';
import { scalarFieldsOf, searchPage } from './search-page.js';

/**
 * Every read of the customer list that is more than a lookup: filters and orders for the paged list,
 * counts, search, the dashboard figures, role counts and the intake picker's options.
 */

export interface CustomerFilter {
  search?: string | null;
  roles?: string[] | null;
  isActive?: boolean | null;
  country?: string | null;
  hasIntakes?: boolean | null;
  hasPendingChanges?: boolean | null;
  hasConflict?: boolean | null;
  goneFromRobaws?: boolean | null;
}

export const CUSTOMER_ORDER_FIELDS = ['NAME', 'LAST_SYNCED_AT', 'INTAKES_COUNT', 'CREATED_AT'] as const;
export interface CustomerOrder {
  field: (typeof CUSTOMER_ORDER_FIELDS)[number];
  direction?: 'ASC' | 'DESC' | null;
}

/** A search finding more customers than this is `many`: selecting them by id would cost more than a join. */
export const SEARCH_BY_ID_LIMIT = 200;

/** How many customers' search text contains a term, and their ids unless there are `many`. */
export interface SearchMatches {
  count: number;
  ids: readonly number[] | 'many';
}

/**
 * A search term's matches, batched and cached per request (a DataLoader): the page of a search asks
 * for them first, so that they are counted while it reads the page, and its totalCount reads them.
 */
export interface SearchMatcher {
  load(term: string): Promise<SearchMatches>;
}

const EMPTY_JSON_OBJECT = {};

/** Present or absent, by a flag that may be unset. */
function either<T>(flag: boolean | null | undefined, present: T, absent: T): T[] {
  return flag === null || flag === undefined ? [] : [flag ? present : absent];
}

function searchTermOf(filter: CustomerFilter | null | undefined): string {
  return filter?.search ? normalizeSearchTerm(filter.search) : '';
}

/** Every condition of the filter but the search. */
function conditionsOf(filter: CustomerFilter): Prisma.CustomerWhereInput[] {
  const country = filter.country?.trim() ?? '';
  return [
    ...(filter.roles?.length ? [{ role: { in: filter.roles } }] : []),
    ...(filter.isActive === null || filter.isActive === undefined ? [] : [{ isActive: filter.isActive }]),
    ...(country.length === 2 ? [{ countryCode: country.toUpperCase() }] : country ? [{ country: { contains: likeEscaped(country), mode: 'insensitive' as const } }] : []),
    ...either<Prisma.CustomerWhereInput>(filter.hasIntakes, { intakes: { some: {} } }, { intakes: { none: {} } }),
    ...either<Prisma.CustomerWhereInput>(filter.hasPendingChanges, { NOT: { pendingChanges: { equals: EMPTY_JSON_OBJECT } } }, { pendingChanges: { equals: EMPTY_JSON_OBJECT } }),
    ...either<Prisma.CustomerWhereInput>(filter.hasConflict, { NOT: { conflicts: { equals: EMPTY_JSON_OBJECT } } }, { conflicts: { equals: EMPTY_JSON_OBJECT } }),
    ...either<Prisma.CustomerWhereInput>(filter.goneFromRobaws, { goneFromRobawsAt: { not: null } }, { goneFromRobawsAt: null }),
  ];
}

/**
 * A search selects a few customers by id (found in the search table) and more by joining the search
 * table, where the planner chooses between reading the matches and walking the customers in page
 * order. Left to it, a term it takes for common but that is rare walks every customer for a page it
 * never fills; a long list of ids, on the other hand, costs Prisma more than the join.
 */
async function searchCondition(matches: SearchMatcher, term: string): Promise<Prisma.CustomerWhereInput> {
  const { ids } = await matches.load(term);
  return ids === 'many' ? { search: { searchText: { contains: likeEscaped(term) } } } : { id: { in: [...ids] } };
}

export async function customerWhere(filter: CustomerFilter | null | undefined, matches: SearchMatcher): Promise<Prisma.CustomerWhereInput> {
  if (!filter) return {};
  const term = searchTermOf(filter);
  const conditions = [...(term ? [await searchCondition(matches, term)] : []), ...conditionsOf(filter)];
  return conditions.length > 0 ? { AND: conditions } : {};
}

/** How many customers a filter selects. A search alone was counted in the search table, without reading a customer row. */
export async function countCustomers(db: Db, filter: CustomerFilter | null | undefined, matches: SearchMatcher): Promise<number> {
  const term = searchTermOf(filter);
  if (term && conditionsOf(filter!).length === 0) return (await matches.load(term)).count;
  return db.customer.count({ where: await customerWhere(filter, matches) });
}

const DEFAULT_ORDER: CustomerOrder = { field: 'LAST_SYNCED_AT', direction: 'DESC' };

/** A total order (the id breaks ties), so that cursors page through every customer exactly once. */
export function customerOrderBy(order: CustomerOrder | null | undefined): Prisma.CustomerOrderByWithRelationInput[] {
  const { field, direction } = order ?? DEFAULT_ORDER;
  const sort = direction === 'DESC' ? 'desc' : 'asc';
  const first: Record<CustomerOrder['field'], Prisma.CustomerOrderByWithRelationInput> = {
    NAME: { name: sort },
    LAST_SYNCED_AT: { lastSyncedAt: sort },
    INTAKES_COUNT: { intakes: { _count: sort } },
    CREATED_AT: { createdAt: sort },
  };
  return [first[field], { id: sort }];
}

/** The list's orders whose keys the search table keeps beside the search text, by column (named as in the customers table). */
const SEARCH_ORDER_KEYS: Partial<Record<CustomerOrder['field'], string>> = { NAME: 'name', LAST_SYNCED_AT: 'last_synced_at', CREATED_AT: 'created_at' };

/** A search's count, and the ids of its matches when there are few. */
export const SEARCH_MATCHES_SQL = `
WITH found AS (
  SELECT count(*)::int AS matches, coalesce(array_agg(customer_id), '{}') AS all_ids
  FROM customer_search WHERE search_text LIKE '%' || $1 || '%')
SELECT matches, CASE WHEN matches <= ${SEARCH_BY_ID_LIMIT} THEN all_ids END AS ids FROM found`;

export async function searchMatches(db: Db, term: string): Promise<SearchMatches> {
  const { rows } = await sqlPool(db).query<{ matches: number; ids: number[] | null }>(SEARCH_MATCHES_SQL, [likeEscaped(term)]);
  return { count: rows[0]!.matches, ids: rows[0]!.ids ?? 'many' };
}

/** What Pothos asks of a page: the selection, how many rows (negative: backwards) and after which cursor. */
export type CustomerPageQuery = Pick<Prisma.CustomerFindManyArgs, 'select' | 'include' | 'cursor' | 'skip'> & { take: number };

/**
 * A page of the customers a filter selects, in an order, as Pothos asks for it. A search alone, read
 * forwards in an order whose keys the search table keeps, is read by our own statement (search-page.ts);
 * its count (for totalCount, on another connection) is under way meanwhile: for a word in thousands of
 * customers it costs more than the page. A page of a word in few customers is read by the ids the count
 * lists.
 */
export async function customerPage(db: Db, query: CustomerPageQuery, filter: CustomerFilter | null | undefined, order: CustomerOrder | null | undefined, matches: SearchMatcher) {
  const { field, direction } = order ?? DEFAULT_ORDER;
  const orderBy = customerOrderBy(order);
  const term = searchTermOf(filter);
  const key = SEARCH_ORDER_KEYS[field];
  if (!term || conditionsOf(filter!).length > 0 || !key || query.take < 0) return db.customer.findMany({ ...query, where: await customerWhere(filter, matches), orderBy });
  // Awaited by totalCount when asked for, and by the page when its walk falls short; caught here so that a
  // page that needs neither leaves no rejection unhandled.
  const matched = matches.load(term);
  matched.catch(() => undefined);
  const fields = scalarFieldsOf(query);
  const request = { term, key, direction: direction ?? 'ASC', take: query.take, after: query.cursor?.id ?? null, fields: fields ?? ['id'] } as const;
  const rows = await searchPage<Customer>(db, request, async () => (await matched).ids);
  if (fields) return rows;
  // The rows are the page already: the cursor has been applied.
  return db.customer.findMany({ ...query, cursor: undefined, skip: 0, where: { id: { in: rows.map((row) => row.id) } }, orderBy });
}

/** Intakes per customer, by Robaws client id, in one query for a whole page. */
export async function intakeCounts(db: Db, robawsClientIds: readonly string[]): Promise<number[]> {
  const counts = await db.intake.groupBy({ by: ['robawsClientId'], where: { robawsClientId: { in: [...robawsClientIds] } }, _count: { _all: true } });
  const byClient = new Map(counts.map((row) => [row.robawsClientId, row._count._all]));
  return robawsClientIds.map((id) => byClient.get(id) ?? 0);
}

export interface RoleCount {
  role: string;
  color: RoleBadgeColor;
  count: number;
  known: boolean;
}

/** The known roles in their order, then every other role seen in the data, each with its count. */
export async function roleCounts(db: Db): Promise<RoleCount[]> {
  const groups = await db.customer.groupBy({ by: ['role'], where: { role: { not: null } }, _count: { _all: true } });
  const counts = new Map(groups.map((group) => [group.role as string, group._count._all]));
  const known: readonly string[] = KNOWN_ROLES;
  const seen = [...counts.keys()].filter((role) => !known.includes(role)).sort();
  return [...known, ...seen].map((role) => ({ role, color: roleBadgeColor(role), count: counts.get(role) ?? 0, known: known.includes(role) }));
}

export interface CustomerTotals {
  total: number;
  active: number;
  inactive: number;
  pendingPush: number;
  inConflict: number;
  gone: number;
  withoutRole: number;
}

export async function customerTotals(db: Db): Promise<CustomerTotals> {
  const { rows } = await sqlPool(db).query<CustomerTotals>(`
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE is_active)::int AS active,
           count(*) FILTER (WHERE NOT is_active)::int AS inactive,
           count(*) FILTER (WHERE pending_changes <> '{}'::jsonb)::int AS "pendingPush",
           count(*) FILTER (WHERE conflicts <> '{}'::jsonb)::int AS "inConflict",
           count(*) FILTER (WHERE gone_from_robaws_at IS NOT NULL)::int AS gone,
           count(*) FILTER (WHERE role IS NULL)::int AS "withoutRole"
    FROM customers`);
  return rows[0]!;
}

export interface CustomerOption {
  robawsClientId: string;
  name: string;
  role: string | null;
  city: string | null;
}

/**
 * The intake picker: customers Robaws still has whose name, e-mail or VAT number contains the search.
 * Names starting with it first, then names with a word starting with it, then the most similar names.
 */
export async function customerOptions(db: Db, search: string | null | undefined, limit: number): Promise<CustomerOption[]> {
  const term = search ? normalizeSearchTerm(search) : '';
  const pattern = likeEscaped(term);
  // The search text starts with the folded name, so a prefix of it is a prefix of the name.
  return db.$queryRaw<CustomerOption[]>`
    SELECT c.robaws_client_id AS "robawsClientId", c.name, c.role, c.city
    FROM customer_search s JOIN customers c ON c.id = s.customer_id
    WHERE c.gone_from_robaws_at IS NULL AND s.search_text LIKE '%' || ${pattern} || '%'
    ORDER BY s.search_text LIKE ${pattern} || '%' DESC,
             s.search_text LIKE '% ' || ${pattern} || '%' DESC,
             similarity(lower(c.name), ${term}) DESC,
             c.name, c.id
    LIMIT ${limit}`;
}

/** The unpushed local edits a push-all run goes through, oldest customer first. */
export async function customersWithPendingChanges(db: Db): Promise<Array<{ id: number; robawsClientId: string }>> {
  const { rows } = await sqlPool(db).query<{ id: number; robawsClientId: string }>(
    `SELECT id, robaws_client_id AS "robawsClientId" FROM customers
     WHERE pending_changes <> '{}'::jsonb AND gone_from_robaws_at IS NULL ORDER BY id`,
  );
  return rows;
}
