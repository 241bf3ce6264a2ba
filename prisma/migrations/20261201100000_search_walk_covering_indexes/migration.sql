-- A search's page walks the list's order through these indexes and keeps the customers whose search text
-- contains the term. With the text in the index the walk reads no customer row (an index-only scan): the
-- rows it read were a thousand 1 KB rows of a table larger than Postgres' cache, for a page of fifty.
CREATE INDEX "customers_last_synced_at_id_covering_idx" ON "customers"("last_synced_at", "id") INCLUDE ("search_text");
DROP INDEX "customers_last_synced_at_id_idx";
ALTER INDEX "customers_last_synced_at_id_covering_idx" RENAME TO "customers_last_synced_at_id_idx";

CREATE INDEX "customers_name_id_covering_idx" ON "customers"("name", "id") INCLUDE ("search_text");
DROP INDEX "customers_name_id_idx";
ALTER INDEX "customers_name_id_covering_idx" RENAME TO "customers_name_id_idx";

CREATE INDEX "customers_created_at_id_covering_idx" ON "customers"("created_at", "id") INCLUDE ("search_text");
DROP INDEX "customers_created_at_id_idx";
ALTER INDEX "customers_created_at_id_covering_idx" RENAME TO "customers_created_at_id_idx";
