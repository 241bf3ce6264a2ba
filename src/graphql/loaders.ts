import DataLoader from 'dataloader';
import type { Db } from '../db/client.js';
import { likeEscaped } from '../db/like.js';
import type { BodyExcerpt, WebhookEventStore } from '../webhooks/event-store.js';

/** A search finding more customers than this is `many`: selecting them by id would cost more than a join. */
export const SEARCH_BY_ID_LIMIT = 200;

/** How many customers' search text contains a term, and their ids unless there are `many`. */
export interface SearchMatches {
  count: number;
  ids: readonly number[] | 'many';
}

/** Per-request loaders: every row of a page (or every field of a request) asks, one query answers them all. */
export interface Loaders {
  /** Intakes per customer, by Robaws client id. */
  intakesCount: DataLoader<string, number>;
  /** By folded search term; a connection's page and its totalCount share the answer. */
  searchMatches: DataLoader<string, SearchMatches>;
  /** The start of each listed webhook event's body, by event id. */
  webhookBodyExcerpt: DataLoader<string, BodyExcerpt>;
}

/** How much of each webhook body a list shows; `webhookEventBody` gives one whole body. */
export const LISTED_BODY_CHARS = 4096;

export function createLoaders(db: Db, webhookEvents: WebhookEventStore): Loaders {
  return {
    webhookBodyExcerpt: new DataLoader(async (ids) => {
      const excerpts = await webhookEvents.bodyExcerpts(ids, LISTED_BODY_CHARS);
      return ids.map((id) => excerpts.get(id) ?? new Error(`Webhook event ${id} is gone`));
    }),
    intakesCount: new DataLoader(async (robawsClientIds) => {
      const counts = await db.intake.groupBy({ by: ['robawsClientId'], where: { robawsClientId: { in: [...robawsClientIds] } }, _count: { _all: true } });
      const byClient = new Map(counts.map((row) => [row.robawsClientId, row._count._all]));
      return robawsClientIds.map((id) => byClient.get(id) ?? 0);
    }),
    searchMatches: new DataLoader((terms) =>
      Promise.all(
        terms.map(async (term): Promise<SearchMatches> => {
          // One statement for both: the count of every match, and the first ids.
          const rows = await db.$queryRaw<Array<{ customerId: number; matches: number }>>`
            SELECT customer_id AS "customerId", count(*) OVER ()::int AS matches
            FROM customer_search WHERE search_text LIKE '%' || ${likeEscaped(term)} || '%' LIMIT ${SEARCH_BY_ID_LIMIT + 1}`;
          const count = rows[0]?.matches ?? 0;
          return { count, ids: count > SEARCH_BY_ID_LIMIT ? 'many' : rows.map((row) => row.customerId) };
        }),
      ),
    ),
  };
}
