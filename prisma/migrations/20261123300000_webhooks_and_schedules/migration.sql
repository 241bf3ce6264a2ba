-- CreateEnum
CREATE TYPE "WebhookEventOutcome" AS ENUM ('CREATED', 'UPDATED', 'UNCHANGED', 'MERGED', 'STALE', 'DUPLICATE', 'GONE');

-- CreateEnum
CREATE TYPE "ScheduledRunOutcome" AS ENUM ('STARTED', 'SKIPPED', 'FAILED');

-- AlterTable
ALTER TABLE "webhook_events" ADD COLUMN     "deliveries" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "outcome" "WebhookEventOutcome";

-- CreateTable
CREATE TABLE "webhook_endpoints" (
    "id" UUID NOT NULL,
    "robaws_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "events" TEXT[],
    "secret" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scheduled_runs" (
    "id" UUID NOT NULL,
    "job" TEXT NOT NULL,
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "catch_up" BOOLEAN NOT NULL DEFAULT false,
    "instance" TEXT NOT NULL,
    "outcome" "ScheduledRunOutcome",
    "reason" TEXT,
    "sync_run_id" UUID,
    "claimed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "scheduled_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "webhook_endpoints_robaws_id_key" ON "webhook_endpoints"("robaws_id");

-- CreateIndex
CREATE INDEX "webhook_endpoints_url_idx" ON "webhook_endpoints"("url");

-- CreateIndex
CREATE INDEX "scheduled_runs_job_claimed_at_idx" ON "scheduled_runs"("job", "claimed_at");

-- CreateIndex
CREATE UNIQUE INDEX "scheduled_runs_job_slot_key" ON "scheduled_runs"("job", "slot");

-- AddForeignKey
ALTER TABLE "webhook_events" ADD CONSTRAINT "webhook_events_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

