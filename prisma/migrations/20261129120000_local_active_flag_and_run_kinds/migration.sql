-- Whether a customer is active here is a local decision (is_active, set through the API only); Robaws'
-- own flag is kept apart, so that a sync no longer overwrites a local deactivation. Local flags set
-- before this migration stay as they are.
ALTER TABLE "customers" ADD COLUMN "robaws_active" BOOLEAN NOT NULL DEFAULT true;
UPDATE "customers" SET "robaws_active" = ("raw"->>'isActive')::boolean WHERE jsonb_typeof("raw"->'isActive') = 'boolean';

-- WEBHOOK was never a kind of run (webhooks start SINGLE runs); the migrator wraps this in its transaction.
CREATE TYPE "SyncKind_new" AS ENUM ('FULL', 'INCREMENTAL', 'SINGLE', 'PUSH');
ALTER TABLE "sync_runs" ALTER COLUMN "kind" TYPE "SyncKind_new" USING ("kind"::text::"SyncKind_new");
ALTER TYPE "SyncKind" RENAME TO "SyncKind_old";
ALTER TYPE "SyncKind_new" RENAME TO "SyncKind";
DROP TYPE "SyncKind_old";

-- A server resuming, on start, a full sync that a crash interrupted.
ALTER TYPE "SyncTrigger" ADD VALUE 'STARTUP';
