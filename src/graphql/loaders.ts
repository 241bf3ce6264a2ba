import DataLoader from 'dataloader';
import type { Customers } from '../customers/customers.js';
import type { SearchMatches } from '../customers/customer-queries.js';
import type { BodyExcerpt, WebhookEventStore } from '../webhooks/event-store.js';

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

export function createLoaders(customers: Customers, webhookEvents: WebhookEventStore): Loaders {
  return {
    webhookBodyExcerpt: new DataLoader(async (ids) => {
      const excerpts = await webhookEvents.bodyExcerpts(ids, LISTED_BODY_CHARS);
      return ids.map((id) => excerpts.get(id) ?? new Error(`Webhook event ${id} is gone`));
    }),
    intakesCount: new DataLoader((robawsClientIds) => customers.intakeCounts(robawsClientIds)),
    searchMatches: new DataLoader((terms) => Promise.all(terms.map((term) => customers.searchMatches(term)))),
  };
}
