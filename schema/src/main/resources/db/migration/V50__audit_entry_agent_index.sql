-- The audit log's agent filter (GET /api/v1/logs?agent_key=): every entry whose payload names the agent (its
-- decisions, reported events and usage, the Agent aggregate's events, approvals and budgets about it).
-- [jooq ignore start]
CREATE INDEX audit_entry_workspace_agent_idx ON audit_entry (workspace_id, (payload ->> 'agent_key'), global_sequence DESC)
    WHERE (payload ->> 'agent_key') IS NOT NULL;
-- [jooq ignore stop]
