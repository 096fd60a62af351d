-- Idempotency of agent-reported audit events (AuditService.ReportEvents / StreamEvents).
-- Each event_id an agent reports is claimed here with INSERT ... ON CONFLICT DO NOTHING ... RETURNING in the
-- same transaction that appends its events to the event store: a retried report finds its id taken and
-- appends nothing, yet is acknowledged. The key includes agent_key so one agent can never suppress another
-- agent's events by reporting their ids first.
CREATE TABLE agent_reported_event (
    event_id    VARCHAR(64) NOT NULL,
    agent_key   VARCHAR(64) NOT NULL,
    reported_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agent_key, event_id)
);
