-- Indexes no query uses: each cost every write of a sync. Searches go through customer_search's own trigram index.
DROP INDEX "customers_name_idx";
DROP INDEX "customers_role_idx";
DROP INDEX "customers_email_idx";
DROP INDEX "customers_city_idx";
DROP INDEX "customers_country_idx";
DROP INDEX "customers_vat_number_idx";
DROP INDEX "customers_last_synced_at_idx";
DROP INDEX "customers_name_email_idx";
DROP INDEX "customers_search_text_trgm_idx";
