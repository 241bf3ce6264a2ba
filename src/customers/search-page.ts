import { sqlPool, type Db } from '../db/client.js';
import { likeEscaped } from '../db/like.js';
import { Prisma } from '../generated/prisma/client.js';

/**
 * A search's page of customers in an order whose keys the search table keeps, read in one statement of
 * our own: through Prisma the page was a second statement by id, and Prisma compiles each query anew
 * (about 2 ms of a search's 5 to 10, measured side by side).
 */

/** Each scalar field of a customer by its column: the schema maps every camelCase field to its snake_case. */
const CUSTOMER_COLUMNS: ReadonlyMap<string, string> = new Map(
  Object.values(Prisma.CustomerScalarFieldEnum).map((field) => [field, field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`)]),
);

/**
 * The fields a Prisma selection reads, when they are all scalar fields of a customer (read here as Prisma
 * gives them: pg parses timestamps to Dates and jsonb to values as Prisma does); null when it asks for
 * more (relations, counts), which only Prisma reads.
 */
export function scalarFieldsOf(query: Pick<Prisma.CustomerFindManyArgs, 'select' | 'include'>): string[] | null {
  if (query.include) return null;
  if (!query.select) return [...CUSTOMER_COLUMNS.keys()];
  const fields = Object.entries(query.select).flatMap(([field, wanted]) => (wanted ? [field] : []));
  return fields.every((field) => CUSTOMER_COLUMNS.has(field)) ? fields : null;
}

export interface SearchPageRequest {
  /** The folded search term. */
  term: string;
  /** The order's key: a column of both customers and customer_search. */
  key: string;
  direction: 'ASC' | 'DESC';
  /** How many customers at most. */
  take: number;
  /** The page starts after this customer; at the first when null. */
  after: number | null;
  /** Scalar fields, as scalarFieldsOf names them. */
  fields: readonly string[];
}

/**
 * A page that walks the list's order finds it among the next `WALK_SHARE` x `take` customers when the
 * term is in more than a hundredth of them: sooner than sorting its matches, as the walk reads only the
 * order's index. Otherwise it sorts.
 */
const WALK_SHARE = 100;

/** Rows of `table` after the customer `$3` in the order of the key and the id; every row when `$3` is null. */
function afterCursorSql(table: string, id: string, { key, direction }: SearchPageRequest): string {
  const after = direction === 'ASC' ? '>' : '<';
  return `($3::int IS NULL OR (${key}, ${id}) ${after} (SELECT ${key}, ${id} FROM ${table} WHERE ${id} = $3))`;
}

/** The order of the key, then of the id (column `id` of the table read), the direction of both. */
const orderSql = ({ key, direction }: SearchPageRequest, id: string) => `ORDER BY ${key} ${direction}, ${id} ${direction}`;

const selectList = (fields: readonly string[]) => fields.map((field) => `${CUSTOMER_COLUMNS.get(field)!} AS "${field}"`).join(', ');

/** The page's rows: the customers whose ids `idsSql` gives, in the order. */
function pageOfSql(request: SearchPageRequest, idsSql: string): string {
  return `
SELECT ${selectList(request.fields)} FROM customers WHERE id = ANY(ARRAY(${idsSql}))
${orderSql(request, 'id')}`;
}

/**
 * The first `$2` customers after the cursor whose search text contains `$1`, among the next `$4` in the
 * order. The order's index holds the search text, so the walk reads no customer row until the page's.
 * strpos, unlike LIKE, gives the planner no estimate to choose another plan by.
 */
function walkedPageSql(request: SearchPageRequest): string {
  return pageOfSql(request, `
  SELECT id FROM (
    SELECT id, ${request.key}, search_text FROM customers
    WHERE ${afterCursorSql('customers', 'id', request)}
    ${orderSql(request, 'id')} LIMIT $4) walked
  WHERE strpos(search_text, $1) > 0 ${orderSql(request, 'id')} LIMIT $2`);
}

/** The first `$2` customers after the cursor among the search table's rows that `condition` selects, sorted by the keys the table keeps. */
function sortedPageSql(request: SearchPageRequest, condition: string): string {
  return pageOfSql(request, `
  SELECT customer_id FROM customer_search
  WHERE ${condition} AND ${afterCursorSql('customer_search', 'customer_id', request)}
  ${orderSql(request, 'customer_id')} LIMIT $2`);
}

interface Statement {
  text: string;
  values: unknown[];
}

/** A search's first statement: the walk. */
export function walkedPageStatement(request: SearchPageRequest): Statement {
  const { term, take, after } = request;
  return { text: walkedPageSql(request), values: [term, take, after, take * WALK_SHARE] };
}

/**
 * A search's statement when the walk falls short: its matches, listed by their ids when few (as its count
 * lists them), found through the search table's trigram index otherwise, sorted by the order's keys.
 */
function sortedPageStatement(request: SearchPageRequest, matched: readonly number[] | 'many'): Statement {
  const { term, take, after } = request;
  return matched === 'many'
    ? { text: sortedPageSql(request, `search_text LIKE '%' || $1 || '%'`), values: [likeEscaped(term), take, after] }
    : { text: sortedPageSql(request, 'customer_id = ANY($1::int[])'), values: [matched, take, after] };
}

/**
 * A search's page (rows of the requested fields): walked when the walk finds it whole, sorted otherwise.
 * `matched` gives the ids of its matches (or `many`) as its count found them, which is under way by then:
 * a few matches are not searched for twice.
 */
export async function searchPage<Row extends { id: number }>(db: Db, request: SearchPageRequest, matched: () => Promise<readonly number[] | 'many'>): Promise<Row[]> {
  const pool = sqlPool(db);
  const walked = await pool.query<Row>(walkedPageStatement(request));
  if (walked.rows.length === request.take) return walked.rows;
  return (await pool.query<Row>(sortedPageStatement(request, await matched()))).rows;
}
