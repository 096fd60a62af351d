-- Approvals: human decisions the gateway waits for when a policy answers PENDING.

-- Set-based validation: at most one open approval (PENDING, or APPROVED and not yet used) per action, i.e.
-- per agent, tool and SHA-256 of the tool arguments. Claimed by the RequestApprovalCommand handler with
-- INSERT ... ON CONFLICT DO NOTHING in the command's transaction; deleted when the approval is rejected,
-- expires or is used.
CREATE TABLE approval_claim (
    workspace_id VARCHAR(64)  NOT NULL,
    agent_key    VARCHAR(64)  NOT NULL,
    tool         VARCHAR(200) NOT NULL,
    args_digest  VARCHAR(64)  NOT NULL,
    approval_id  VARCHAR(64)  NOT NULL UNIQUE,
    PRIMARY KEY (workspace_id, agent_key, tool, args_digest)
);

-- Every approval with its current status; maintained by the subscribing approvals projection, so the gateway
-- and the console read the state committed with the command that changed it.
CREATE TABLE approval_view (
    approval_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id    VARCHAR(64)  NOT NULL,
    org_id          VARCHAR(128) NOT NULL,
    team_id         VARCHAR(128) NOT NULL,
    agent_id        VARCHAR(128) NOT NULL,
    agent_key       VARCHAR(64)  NOT NULL,
    action_type     VARCHAR(32)  NOT NULL,
    tool            VARCHAR(200) NOT NULL,
    args_digest     VARCHAR(64)  NOT NULL,
    policy_rule     VARCHAR(300) NOT NULL,
    policy_digest   VARCHAR(80),
    reason          VARCHAR(1000),
    status          VARCHAR(16)  NOT NULL,
    requested_at    TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ  NOT NULL,
    decided_at      TIMESTAMPTZ,
    decided_by      VARCHAR(200),
    decision_reason VARCHAR(500),
    consumed_at     TIMESTAMPTZ
);
CREATE INDEX approval_view_workspace_status_idx ON approval_view (workspace_id, status, requested_at DESC);
CREATE INDEX approval_view_action_idx ON approval_view (workspace_id, agent_key, tool, args_digest, requested_at DESC);
CREATE INDEX approval_view_pending_expiry_idx ON approval_view (expires_at) WHERE status = 'PENDING';
