-- The newest change tells whether cached duplicate groups still hold.
CREATE INDEX "customers_updated_at_idx" ON "customers"("updated_at");
