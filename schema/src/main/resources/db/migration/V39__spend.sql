-- Spend read model, built by the tracking "spend" projection from AgentUsageRecordedEvent (replayable: a reset
-- truncates both tables and the replay rebuilds them).

-- The usage events already counted, keyed like agent_reported_event (an agent's event ids are unique): the
-- projection claims the event here and adds it to its hour in one statement, so an event handled twice counts once.
CREATE TABLE spend_event (
    agent_key    VARCHAR(64) NOT NULL,
    event_id     VARCHAR(64) NOT NULL,
    workspace_id VARCHAR(64) NOT NULL,
    hour_start   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agent_key, event_id)
);

-- Tokens and USD per agent and UTC hour (of the usage's occurred_at). Windows and days in other time zones are
-- sums of the hours that start in them. cost_usd is exact (prices have 6 decimal places per million tokens).
CREATE TABLE spend_hourly (
    workspace_id      VARCHAR(64)  NOT NULL,
    org_id            VARCHAR(128) NOT NULL,
    team_id           VARCHAR(128) NOT NULL,
    agent_key         VARCHAR(64)  NOT NULL,
    agent_id          VARCHAR(128) NOT NULL,
    hour_start        TIMESTAMPTZ  NOT NULL,
    prompt_tokens     BIGINT       NOT NULL,
    completion_tokens BIGINT       NOT NULL,
    cost_usd          NUMERIC      NOT NULL,
    calls             BIGINT       NOT NULL,
    unpriced_calls    BIGINT       NOT NULL,
    PRIMARY KEY (workspace_id, org_id, team_id, agent_key, hour_start)
);
CREATE INDEX spend_hourly_workspace_hour_idx ON spend_hourly (workspace_id, hour_start);
