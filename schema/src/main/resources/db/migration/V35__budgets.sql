-- Budgets: spending limits of one team (org_id + team_id) or one agent (agent_key) of a workspace.

-- Every live budget (deleted ones leave it); maintained by the subscribing budgets projection, so a budget is
-- readable, and in force, with the command that changed it. For an agent budget org_id and team_id are the
-- agent's. cost_limit_usd is exact (at most 6 decimal places, up to 10^12);
-- thresholds is a JSON array of percentages, ascending. counted_from: spend before it does not count against the
-- budget in the window that contains it (set by a reset, and by a change of window or time zone, so earlier spend
-- is never carried into the new window); null when the whole window counts.
CREATE TABLE budget_view (
    budget_id         VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id      VARCHAR(64)  NOT NULL,
    scope             VARCHAR(16)  NOT NULL,
    org_id            VARCHAR(128) NOT NULL,
    team_id           VARCHAR(128) NOT NULL,
    agent_key         VARCHAR(64),
    name              VARCHAR(100) NOT NULL,
    token_limit       BIGINT,
    cost_limit_usd    NUMERIC(19, 6),
    window_kind       VARCHAR(16)  NOT NULL,
    timezone          VARCHAR(64)  NOT NULL,
    action            VARCHAR(16)  NOT NULL,
    thresholds        JSONB        NOT NULL,
    counted_from      TIMESTAMPTZ,
    last_reset_at     TIMESTAMPTZ,
    last_reset_reason VARCHAR(500),
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    CHECK (token_limit IS NOT NULL OR cost_limit_usd IS NOT NULL)
);
CREATE INDEX budget_view_workspace_created_idx ON budget_view (workspace_id, created_at DESC, budget_id);
CREATE INDEX budget_view_workspace_team_idx ON budget_view (workspace_id, org_id, team_id);
CREATE INDEX budget_view_workspace_agent_idx ON budget_view (workspace_id, agent_key) WHERE agent_key IS NOT NULL;
