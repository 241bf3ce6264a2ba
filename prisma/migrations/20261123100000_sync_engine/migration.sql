-- Scratch table of a full sync's seen clients; UNLOGGED because a crash only costs a rerun of the pass.
CREATE UNLOGGED TABLE "sync_run_seen" (
    "run_id" UUID NOT NULL,
    "robaws_client_id" TEXT NOT NULL,

    CONSTRAINT "sync_run_seen_pkey" PRIMARY KEY ("run_id","robaws_client_id")
);

-- Push-all and the pending filter look for customers with unpushed edits: few rows, so a partial index.
CREATE INDEX "customers_pending_changes_idx" ON "customers" ("id") WHERE "pending_changes" <> '{}'::jsonb;
