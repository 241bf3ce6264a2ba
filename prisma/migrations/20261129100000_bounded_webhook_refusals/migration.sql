-- AlterTable: the size of each body as received (a refused delivery keeps only an excerpt of it).
ALTER TABLE "webhook_events" ADD COLUMN "body_bytes" INTEGER;
UPDATE "webhook_events" SET "body_bytes" = octet_length("raw_body");
ALTER TABLE "webhook_events" ALTER COLUMN "body_bytes" SET NOT NULL;

-- Pruning refused deliveries by age and count reads only these rows.
CREATE INDEX "webhook_events_rejected_received_at_idx" ON "webhook_events" ("received_at") WHERE "status" = 'REJECTED';
