-- The orders the GraphQL customers list pages in (lastSyncedAt, name, createdAt), each with the id
-- that breaks ties: a page is a short index scan instead of a sort of every customer.

-- CreateIndex
CREATE INDEX "customers_last_synced_at_id_idx" ON "customers"("last_synced_at", "id");

-- CreateIndex
CREATE INDEX "customers_name_id_idx" ON "customers"("name", "id");

-- CreateIndex
CREATE INDEX "customers_created_at_id_idx" ON "customers"("created_at", "id");

-- Each customer's search text in a narrow table: a search matching many customers rechecks (and
-- counts) these short rows instead of the wide customers rows.

-- CreateTable
CREATE TABLE "customer_search" (
    "customer_id" INTEGER NOT NULL,
    "search_text" TEXT NOT NULL,

    CONSTRAINT "customer_search_pkey" PRIMARY KEY ("customer_id")
);

-- CreateIndex
CREATE INDEX "customer_search_search_text_trgm_idx" ON "customer_search" USING GIN ("search_text" gin_trgm_ops);

-- A finer sample of search texts, so that the planner tells a rare word from a common one (its
-- estimate decides between reading the matches and walking the customers in page order).
ALTER TABLE "customer_search" ALTER COLUMN "search_text" SET STATISTICS 1000;

-- AddForeignKey
ALTER TABLE "customer_search" ADD CONSTRAINT "customer_search_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Kept by the database, so that every writer (sync, edits, webhooks) keeps it without knowing.
CREATE FUNCTION "customer_search_keep"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "customer_search" ("customer_id", "search_text") VALUES (NEW."id", NEW."search_text")
  ON CONFLICT ("customer_id") DO UPDATE SET "search_text" = EXCLUDED."search_text";
  RETURN NULL;
END
$$;

CREATE TRIGGER "customer_search_on_insert" AFTER INSERT ON "customers"
  FOR EACH ROW EXECUTE FUNCTION "customer_search_keep"();

CREATE TRIGGER "customer_search_on_update" AFTER UPDATE OF "search_text" ON "customers"
  FOR EACH ROW WHEN (OLD."search_text" IS DISTINCT FROM NEW."search_text") EXECUTE FUNCTION "customer_search_keep"();

INSERT INTO "customer_search" ("customer_id", "search_text") SELECT "id", "search_text" FROM "customers";
