-- Trigram indexes back substring search on name, e-mail and VAT.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "IntakeStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'PROCESSING', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SyncKind" AS ENUM ('FULL', 'INCREMENTAL', 'SINGLE', 'PUSH', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "SyncTrigger" AS ENUM ('CRON', 'API', 'CLI', 'WEBHOOK');

-- CreateEnum
CREATE TYPE "SyncStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SignatureVerdict" AS ENUM ('VALID', 'MISSING', 'MALFORMED', 'EXPIRED', 'MISMATCH');

-- CreateEnum
CREATE TYPE "WebhookEventStatus" AS ENUM ('RECEIVED', 'PROCESSING', 'PROCESSED', 'IGNORED', 'FAILED', 'REJECTED');

-- CreateTable
CREATE TABLE "customers" (
    "id" SERIAL NOT NULL,
    "robaws_client_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT,
    "email" TEXT,
    "phone" TEXT,
    "mobile" TEXT,
    "address" TEXT,
    "street" TEXT,
    "street_number" TEXT,
    "postal_code" TEXT,
    "city" TEXT,
    "country" TEXT,
    "country_code" VARCHAR(2),
    "vat_number" TEXT,
    "website" TEXT,
    "language" VARCHAR(10),
    "currency" VARCHAR(3) NOT NULL DEFAULT 'EUR',
    "client_type" TEXT,
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "data_issues" JSONB NOT NULL DEFAULT '[]',
    "search_text" TEXT NOT NULL DEFAULT '',
    "raw" JSONB NOT NULL,
    "content_hash" TEXT NOT NULL,
    "robaws_updated_at" TIMESTAMPTZ(3),
    "pending_changes" JSONB NOT NULL DEFAULT '{}',
    "local_changed_at" TIMESTAMPTZ(3),
    "conflicts" JSONB NOT NULL DEFAULT '{}',
    "push_error" TEXT,
    "gone_from_robaws_at" TIMESTAMPTZ(3),
    "last_synced_at" TIMESTAMPTZ(3),
    "last_pushed_to_robaws_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "intakes" (
    "id" SERIAL NOT NULL,
    "robaws_client_id" TEXT,
    "customer_name" TEXT,
    "contact_email" TEXT,
    "contact_phone" TEXT,
    "status" "IntakeStatus" NOT NULL DEFAULT 'DRAFT',
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "intakes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sync_runs" (
    "id" UUID NOT NULL,
    "kind" "SyncKind" NOT NULL,
    "trigger" "SyncTrigger" NOT NULL,
    "status" "SyncStatus" NOT NULL DEFAULT 'QUEUED',
    "dry_run" BOOLEAN NOT NULL DEFAULT false,
    "limit" INTEGER,
    "robaws_client_id" TEXT,
    "fetched" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "pushed" INTEGER NOT NULL DEFAULT 0,
    "conflicts" INTEGER NOT NULL DEFAULT 0,
    "marked_gone" INTEGER NOT NULL DEFAULT 0,
    "revived" INTEGER NOT NULL DEFAULT 0,
    "pages_done" INTEGER NOT NULL DEFAULT 0,
    "pages_total" INTEGER,
    "error" TEXT,
    "failures" JSONB NOT NULL DEFAULT '[]',
    "samples" JSONB,
    "high_water_mark" TIMESTAMPTZ(3),
    "checkpoint" JSONB,
    "resumed_from_id" UUID,
    "cancel_requested_at" TIMESTAMPTZ(3),
    "heartbeat_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sync_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_events" (
    "id" UUID NOT NULL,
    "event_id" TEXT,
    "type" TEXT,
    "robaws_client_id" TEXT,
    "robaws_updated_at" TIMESTAMPTZ(3),
    "raw_body" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "signature" "SignatureVerdict" NOT NULL,
    "status" "WebhookEventStatus" NOT NULL DEFAULT 'RECEIVED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "customer_id" INTEGER,
    "next_attempt_at" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "customers_robaws_client_id_key" ON "customers"("robaws_client_id");

-- CreateIndex
CREATE INDEX "customers_name_idx" ON "customers"("name");

-- CreateIndex
CREATE INDEX "customers_role_idx" ON "customers"("role");

-- CreateIndex
CREATE INDEX "customers_email_idx" ON "customers"("email");

-- CreateIndex
CREATE INDEX "customers_city_idx" ON "customers"("city");

-- CreateIndex
CREATE INDEX "customers_country_idx" ON "customers"("country");

-- CreateIndex
CREATE INDEX "customers_vat_number_idx" ON "customers"("vat_number");

-- CreateIndex
CREATE INDEX "customers_role_is_active_idx" ON "customers"("role", "is_active");

-- CreateIndex
CREATE INDEX "customers_last_synced_at_idx" ON "customers"("last_synced_at");

-- CreateIndex
CREATE INDEX "customers_name_email_idx" ON "customers"("name", "email");

-- CreateIndex
CREATE INDEX "customers_search_text_trgm_idx" ON "customers" USING GIN ("search_text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "intakes_robaws_client_id_idx" ON "intakes"("robaws_client_id");

-- CreateIndex
CREATE INDEX "sync_runs_kind_status_finished_at_idx" ON "sync_runs"("kind", "status", "finished_at");

-- CreateIndex
CREATE INDEX "sync_runs_created_at_idx" ON "sync_runs"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_events_event_id_key" ON "webhook_events"("event_id");

-- CreateIndex
CREATE INDEX "webhook_events_status_next_attempt_at_idx" ON "webhook_events"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_events_type_idx" ON "webhook_events"("type");

-- CreateIndex
CREATE INDEX "webhook_events_received_at_idx" ON "webhook_events"("received_at");

-- CreateIndex
CREATE INDEX "webhook_events_robaws_client_id_idx" ON "webhook_events"("robaws_client_id");

-- AddForeignKey
ALTER TABLE "intakes" ADD CONSTRAINT "intakes_robaws_client_id_fkey" FOREIGN KEY ("robaws_client_id") REFERENCES "customers"("robaws_client_id") ON DELETE SET NULL ON UPDATE CASCADE;

