-- The outbox keeps delivered rows; the monitoring gauge counts failed ones (aasm.notifications.outbox.failed)
-- without reading them all.
CREATE INDEX notification_outbox_failed_idx ON notification_outbox (created_at) WHERE status = 'FAILED';
