import { sqlPool, type Db } from '../db/client.js';
import { likeEscaped } from '../db/like.js';
import type { Prisma } from '../generated/prisma/client.js';
import { normalizeSearchTerm } from './normalize.js';
import { KNOWN_ROLES, roleBadgeColor, type RoleBadgeColor } from './roles.js';

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
 * A search term's matches, batched and cached per request (a DataLoader): the page of a search may
 * learn them first, and hands them on for its totalCount.
 */
export interface SearchMatcher {
  load(term: string): Promise<SearchMatches>;
  prime(term: string, matches: SearchMatches): unknown;
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

/**
 * A search matching more than this share of the customers finds its page sooner by walking the list's
 * order (a page of 50 within about 20 x 51 customers) than by sorting every match.
 */
const WALK_SHARE = 20;

/**
 * How many rows the search table has, as the planner reckons it (the density the last analyze saw, times
 * the pages there are now), without counting them; -1 until an analyze has seen the table filled.
 */
const SEARCH_TABLE_SIZE_SQL = `
  SELECT CASE WHEN relpages > 0 THEN reltuples / relpages * (pg_relation_size(oid) / current_setting('block_size')::int) ELSE -1 END AS count
  FROM pg_class WHERE oid = 'customer_search'::regclass`;

/**
 * The ids of at most `$2` rows of `rows` (a table or the matches) after the customer `$3` (from the first
 * when null) in the order of a key and the id, the customer's key read from `keys`.
 */
function pageSql(rows: string, keys: string, id: string, where: string, page: { key: string; direction: 'ASC' | 'DESC' }): string {
  const after = page.direction === 'ASC' ? '>' : '<';
  return `ARRAY(SELECT ${id} FROM ${rows}
    WHERE ${where} AND ($3::int IS NULL OR (${page.key}, ${id}) ${after} (SELECT ${page.key}, ${id} FROM ${keys} WHERE ${id} = $3))
    ORDER BY ${page.key} ${page.direction}, ${id} ${page.direction} LIMIT $2)`;
}

/**
 * One read of a search's matches (on the pool: this runs for every search) for their count, their ids
 * when there are few, and, given an order's key, the ids of a page in that order: sorted among the
 * matches, or, when they are so many that the list's order finds a page sooner, by walking the customers
 * in that order (their index). The read gathers the matches' ids and keys into arrays as it counts:
 * for a word in 13,000 customers that costs a millisecond less than keeping the rows for a second look.
 * The walk tests the search text with strpos (`$4`, the term unescaped): Postgres cannot estimate it
 * and takes a third of the rows to match, so it walks; a LIKE it would estimate from the customers'
 * statistics, and might sort every customer instead. While the table's size is unknown, sorting (which
 * costs about what counting costs) is the safe choice.
 */
function searchMatchesSql(page?: { key: string; direction: 'ASC' | 'DESC' }): string {
  const pageIds = page
    ? `,
  CASE WHEN customers.count < 0 OR matches * ${WALK_SHARE} <= customers.count THEN ${pageSql(`unnest(found.all_ids, found.keys) AS matched(customer_id, ${page.key})`, 'customer_search', 'customer_id', 'true', page)}
       ELSE ${pageSql('customers', 'customers', 'id', 'strpos(search_text, $4) > 0', page)} END AS "pageIds"`
    : '';
  return `
WITH found AS (
  SELECT count(*)::int AS matches, coalesce(array_agg(customer_id), '{}') AS all_ids${page ? `, array_agg(${page.key}) AS keys` : ''}
  FROM customer_search WHERE search_text LIKE '%' || $1 || '%')
SELECT matches, CASE WHEN matches <= ${SEARCH_BY_ID_LIMIT} THEN all_ids END AS ids${pageIds}
FROM found${page ? `, (${SEARCH_TABLE_SIZE_SQL}) customers` : ''}`;
}

export const SEARCH_MATCHES_SQL = searchMatchesSql();

/** SEARCH_MATCHES_SQL with the ids of a page in an order whose key the search table keeps. */
export const searchPageSql = (key: string, direction: 'ASC' | 'DESC') => searchMatchesSql({ key, direction });

interface FoundMatches {
  matches: number;
  ids: number[] | null;
}

const searchMatchesOf = (found: FoundMatches): SearchMatches => ({ count: found.matches, ids: found.ids ?? 'many' });

export async function searchMatches(db: Db, term: string): Promise<SearchMatches> {
  const { rows } = await sqlPool(db).query<FoundMatches>(SEARCH_MATCHES_SQL, [likeEscaped(term)]);
  return searchMatchesOf(rows[0]!);
}

/** What Pothos asks of a page: the selection, how many rows (negative: backwards) and after which cursor. */
export type CustomerPageQuery = Pick<Prisma.CustomerFindManyArgs, 'select' | 'include' | 'cursor' | 'skip'> & { take: number };

/** The ids of a search's page in an order whose keys the search table keeps, read forwards (null for any other page); its matches go to `matches`. */
async function searchPageIds(db: Db, term: string, order: CustomerOrder, query: CustomerPageQuery, matches: SearchMatcher): Promise<number[] | null> {
  const key = SEARCH_ORDER_KEYS[order.field];
  if (!key || query.take < 0) return null;
  const { rows } = await sqlPool(db).query<FoundMatches & { pageIds: number[] }>(searchPageSql(key, order.direction ?? 'ASC'), [
    likeEscaped(term),
    query.take,
    query.cursor?.id ?? null,
    term,
  ]);
  matches.prime(term, searchMatchesOf(rows[0]!));
  return rows[0]!.pageIds;
}

/**
 * A page of the customers a filter selects, in an order, as Pothos asks for it. A search alone, read
 * forwards in an order whose keys the search table keeps, is one statement for its count (kept in
 * `matches`, for totalCount) and its page's ids, then the page's rows by id.
 */
export async function customerPage(db: Db, query: CustomerPageQuery, filter: CustomerFilter | null | undefined, order: CustomerOrder | null | undefined, matches: SearchMatcher) {
  const orderBy = customerOrderBy(order);
  const term = searchTermOf(filter);
  const pageIds = term && conditionsOf(filter!).length === 0 ? await searchPageIds(db, term, order ?? DEFAULT_ORDER, query, matches) : null;
  // The ids are the page already: the cursor has been applied.
  if (pageIds) return db.customer.findMany({ ...query, cursor: undefined, skip: 0, where: { id: { in: pageIds } }, orderBy });
  return db.customer.findMany({ ...query, where: await customerWhere(filter, matches), orderBy });
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
