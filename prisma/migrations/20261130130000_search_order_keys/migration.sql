-- The keys of the list's orders (name, lastSyncedAt, createdAt) beside each customer's search text: one
-- read of a search's matches gives both its count and its page, where the page used to walk the
-- customers in order, looking each one up in this table, until the page was full.

-- Every customer is written by a sync, which stamps it: the default order's key is never missing (so
-- that a page's cursor is a plain comparison of keys, and their index can walk from it).
UPDATE "customers" SET "last_synced_at" = "created_at" WHERE "last_synced_at" IS NULL;
ALTER TABLE "customers" ALTER COLUMN "last_synced_at" SET DEFAULT CURRENT_TIMESTAMP, ALTER COLUMN "last_synced_at" SET NOT NULL;

ALTER TABLE "customer_search"
  ADD COLUMN "name" TEXT NOT NULL DEFAULT '',
  ADD COLUMN "last_synced_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ADD COLUMN "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

UPDATE "customer_search" s SET "name" = c."name", "last_synced_at" = c."last_synced_at", "created_at" = c."created_at"
FROM "customers" c WHERE c."id" = s."customer_id";

ALTER TABLE "customer_search" ALTER COLUMN "name" DROP DEFAULT, ALTER COLUMN "last_synced_at" DROP DEFAULT, ALTER COLUMN "created_at" DROP DEFAULT;

CREATE OR REPLACE FUNCTION "customer_search_keep"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "customer_search" ("customer_id", "search_text", "name", "last_synced_at", "created_at")
  VALUES (NEW."id", NEW."search_text", NEW."name", NEW."last_synced_at", NEW."created_at")
  ON CONFLICT ("customer_id") DO UPDATE SET "search_text" = EXCLUDED."search_text", "name" = EXCLUDED."name",
    "last_synced_at" = EXCLUDED."last_synced_at", "created_at" = EXCLUDED."created_at";
  RETURN NULL;
END
$$;

DROP TRIGGER "customer_search_on_update" ON "customers";
CREATE TRIGGER "customer_search_on_update" AFTER UPDATE OF "search_text", "name", "last_synced_at", "created_at" ON "customers"
  FOR EACH ROW WHEN ((OLD."search_text", OLD."name", OLD."last_synced_at", OLD."created_at") IS DISTINCT FROM (NEW."search_text", NEW."name", NEW."last_synced_at", NEW."created_at"))
  EXECUTE FUNCTION "customer_search_keep"();
