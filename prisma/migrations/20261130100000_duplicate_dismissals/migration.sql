-- CreateTable
CREATE TABLE "duplicate_dismissals" (
    "id" UUID NOT NULL,
    "customer_ids" INTEGER[],
    "api_key_id" TEXT,
    "dismissed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "duplicate_dismissals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "duplicate_dismissals_dismissed_at_idx" ON "duplicate_dismissals"("dismissed_at");

-- CreateIndex
CREATE UNIQUE INDEX "duplicate_dismissals_customer_ids_key" ON "duplicate_dismissals"("customer_ids");

