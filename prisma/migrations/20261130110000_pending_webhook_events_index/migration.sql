-- Claims and the backlog read only the events waiting to be applied. Through the received_at index
-- they walked past every applied event, oldest first, and slowed down as the table grew.
CREATE INDEX "webhook_events_pending_received_at_idx" ON "webhook_events" ("received_at") WHERE "status" IN ('RECEIVED', 'PROCESSING');

-- Each claimed event looks for an applied twin (same client, same Robaws updated-at): one index probe,
-- not a walk through the client's whole history.
DROP INDEX "webhook_events_robaws_client_id_idx";
CREATE INDEX "webhook_events_robaws_client_id_robaws_updated_at_idx" ON "webhook_events" ("robaws_client_id", "robaws_updated_at");
