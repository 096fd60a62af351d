-- The audit log: one entry per domain event, written by the audit-log tracking projection.
-- Rebuilt identically by resetting that projection and replaying the event store.
CREATE TABLE audit_entry (
    global_sequence BIGINT       NOT NULL PRIMARY KEY,
    event_id        VARCHAR(255) NOT NULL,
    workspace_id    VARCHAR(64)  NOT NULL,
    org_id          VARCHAR(128),
    aggregate_id    VARCHAR(255) NOT NULL,
    event_type      VARCHAR(128) NOT NULL,
    actor_type      VARCHAR(32)  NOT NULL,
    actor_id        VARCHAR(128),
    occurred_at     TIMESTAMPTZ  NOT NULL,
    payload         JSONB        NOT NULL
);
CREATE INDEX audit_entry_workspace_idx ON audit_entry (workspace_id, global_sequence DESC);
CREATE INDEX audit_entry_workspace_type_idx ON audit_entry (workspace_id, event_type, global_sequence DESC);
CREATE INDEX audit_entry_workspace_org_idx ON audit_entry (workspace_id, org_id, global_sequence DESC);
