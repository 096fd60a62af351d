-- Agents: the command-side registry of agent triples and the agent read model.

-- Set-based validation of the agent triple {org_id, team_id, agent_id}: unique per workspace among
-- registered agents. Claimed by the registration handler with INSERT ... ON CONFLICT DO NOTHING in the
-- command's transaction (concurrent claims serialise on the primary key); the row is deleted when the agent
-- is deregistered, so the triple can be registered again.
CREATE TABLE agent_registry (
    workspace_id VARCHAR(64)  NOT NULL,
    org_id       VARCHAR(128) NOT NULL,
    team_id      VARCHAR(128) NOT NULL,
    agent_id     VARCHAR(128) NOT NULL,
    agent_key    VARCHAR(64)  NOT NULL UNIQUE,
    PRIMARY KEY (workspace_id, org_id, team_id, agent_id)
);

-- Registered agents, deregistered ones included (status DEREGISTERED). Maintained by the subscribing
-- directory projection. tool_names is a JSON array of strings, metadata a JSON object of strings.
CREATE TABLE agent_view (
    agent_key            VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id         VARCHAR(64)  NOT NULL,
    org_id               VARCHAR(128) NOT NULL,
    team_id              VARCHAR(128) NOT NULL,
    agent_id             VARCHAR(128) NOT NULL,
    name                 VARCHAR(200) NOT NULL,
    framework            VARCHAR(64),
    version              VARCHAR(64),
    risk_tier            VARCHAR(32),
    tool_names           JSONB        NOT NULL,
    metadata             JSONB        NOT NULL,
    status               VARCHAR(32)  NOT NULL,
    assurance            VARCHAR(32)  NOT NULL,
    parent_agent_key     VARCHAR(64),
    public_key_hex       VARCHAR(256),
    status_reason        VARCHAR(500),
    credential_issued_at TIMESTAMPTZ,
    created_at           TIMESTAMPTZ  NOT NULL,
    updated_at           TIMESTAMPTZ  NOT NULL
);
CREATE INDEX agent_view_workspace_org_team_idx ON agent_view (workspace_id, org_id, team_id);
