-- Outbox of notifications (e-mail now; Slack and webhooks later). Rows are written in the transaction
-- of the event that causes them and delivered afterwards with retries. Rows never hold a secret: links
-- with tokens are rendered at delivery time from the row's references.
CREATE TABLE notification_outbox (
    notification_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id    VARCHAR(64)  NOT NULL,
    kind            VARCHAR(64)  NOT NULL,
    recipient       VARCHAR(320) NOT NULL,
    reference_id    VARCHAR(128) NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    last_error      VARCHAR(1000),
    created_at      TIMESTAMPTZ  NOT NULL,
    delivered_at    TIMESTAMPTZ
);
CREATE INDEX notification_outbox_pending_idx ON notification_outbox (next_attempt_at) WHERE status = 'PENDING';
