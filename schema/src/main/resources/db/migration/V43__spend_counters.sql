-- Spend against limits, as the gateway enforces it (docs/budgets.md, docs/adr/0021-budget-enforcement.md).
-- Per limit and counting period ("epoch": the window start, or a later reset or window change of the budget) the
-- use is the SUM over the period's lanes: used_* settled usage, reserved_* open reservations (a lane may hold a
-- negative part: a reservation is released in whatever lane its settlement writes). Lanes exist so that concurrent
-- writers (each writes the lane of its database connection) never wait for each other's row locks through their
-- commits. Written in the transactions that record what changes them: the decision statement (reserve), the usage
-- report (settle), the reservation sweeper (release). Rebuilt (into lane 0) from the audit log's usage entries and
-- the open reservations by SpendCounters.rebuild.
CREATE TABLE spend_counter (
    workspace_id    VARCHAR(64)    NOT NULL,
    limit_key       VARCHAR(300)   NOT NULL,
    epoch_start     TIMESTAMPTZ    NOT NULL,
    lane            SMALLINT       NOT NULL,
    used_usd        NUMERIC(30, 9) NOT NULL DEFAULT 0,
    used_tokens     BIGINT         NOT NULL DEFAULT 0,
    reserved_usd    NUMERIC(30, 9) NOT NULL DEFAULT 0,
    reserved_tokens BIGINT         NOT NULL DEFAULT 0,
    PRIMARY KEY (workspace_id, limit_key, epoch_start, lane)
);

-- An allowed action's estimated cost, held against every limit that applied to it until the agent reports its
-- usage (settled) or it expires (released by the sweeper). limit_keys[i] was counted in epoch_starts[i].
CREATE TABLE budget_reservation (
    decision_id     VARCHAR(64)    NOT NULL PRIMARY KEY,
    workspace_id    VARCHAR(64)    NOT NULL,
    agent_key       VARCHAR(64)    NOT NULL,
    trace_id        VARCHAR(128)   NOT NULL,
    span_id         VARCHAR(128)   NOT NULL,
    amount_usd      NUMERIC(30, 9) NOT NULL,
    amount_tokens   BIGINT         NOT NULL,
    limit_keys      VARCHAR(300)[] NOT NULL,
    epoch_starts    TIMESTAMPTZ[]  NOT NULL,
    reserved_at     TIMESTAMPTZ    NOT NULL,
    expires_at      TIMESTAMPTZ    NOT NULL
);
CREATE INDEX budget_reservation_agent_idx ON budget_reservation (agent_key, reserved_at);
CREATE INDEX budget_reservation_expiry_idx ON budget_reservation (expires_at);

-- Each threshold of a limit is reached once per epoch: the row is the guard that makes the
-- BudgetThresholdReachedEvent (and so its alert) exactly-once across app nodes.
CREATE TABLE budget_threshold_reached (
    workspace_id      VARCHAR(64)  NOT NULL,
    limit_key         VARCHAR(300) NOT NULL,
    epoch_start       TIMESTAMPTZ  NOT NULL,
    threshold_percent INT          NOT NULL,
    reached_at        TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (workspace_id, limit_key, epoch_start, threshold_percent)
);

-- Usage entries of the audit log by agent and time: what SpendCounters.rebuild sums.
CREATE INDEX audit_entry_usage_idx ON audit_entry (workspace_id, occurred_at)
    WHERE event_type = 'AgentUsageRecorded';
