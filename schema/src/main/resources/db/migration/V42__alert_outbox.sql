-- Alert deliveries: one row per alert and destination, written by the alert-outbox tracking processor and sent by
-- the alert dispatcher (docs/alerts.md). The unique (event_id, destination_id) makes an alert's delivery to a
-- destination exactly one row, also when the processor handles the event again (retry, replay).
-- alert holds the alert's facts as JSON (no URL, no secret); the body is rendered per destination kind when sent.
CREATE TABLE alert_outbox (
    delivery_id      VARCHAR(64)   NOT NULL PRIMARY KEY,
    workspace_id     VARCHAR(64)   NOT NULL,
    destination_id   VARCHAR(64)   NOT NULL,
    event_id         VARCHAR(64)   NOT NULL,
    alert_type       VARCHAR(64)   NOT NULL,
    alert            TEXT          NOT NULL,
    status           VARCHAR(16)   NOT NULL,
    attempts         INTEGER       NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ   NOT NULL,
    last_status_code INTEGER,
    last_error       VARCHAR(1000),
    created_at       TIMESTAMPTZ   NOT NULL,
    delivered_at     TIMESTAMPTZ,
    CONSTRAINT alert_outbox_event_destination_key UNIQUE (event_id, destination_id)
);
CREATE INDEX alert_outbox_pending_idx ON alert_outbox (next_attempt_at) WHERE status = 'PENDING';
-- The monitoring gauge counts given-up deliveries (aasm.alerts.outbox.failed) without reading them all.
CREATE INDEX alert_outbox_failed_idx ON alert_outbox (created_at) WHERE status = 'FAILED';
CREATE INDEX alert_outbox_destination_idx ON alert_outbox (workspace_id, destination_id, created_at DESC);

-- Every delivery attempt: when, how long, the receiver's HTTP status or the error, and when the next try is due.
CREATE TABLE alert_delivery_attempt (
    delivery_id     VARCHAR(64)   NOT NULL,
    attempt         INTEGER       NOT NULL,
    workspace_id    VARCHAR(64)   NOT NULL,
    attempted_at    TIMESTAMPTZ   NOT NULL,
    duration_ms     INTEGER       NOT NULL,
    status_code     INTEGER,
    error           VARCHAR(1000),
    outcome         VARCHAR(16)   NOT NULL,
    next_attempt_at TIMESTAMPTZ,
    PRIMARY KEY (delivery_id, attempt)
);
