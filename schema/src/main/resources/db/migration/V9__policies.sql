-- Policies: the read model of policy documents and their versions, maintained by the subscribing
-- `policies` projection in the command's transaction (consistent reads after a command).

-- One row per policy (deleted ones kept with deleted = TRUE): its current version and state.
-- org_id is the org of an org-qualified scope, NULL otherwise.
CREATE TABLE policy_view (
    policy_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id     VARCHAR(64)  NOT NULL,
    name             VARCHAR(63)  NOT NULL,
    scope            VARCHAR(400) NOT NULL,
    org_id           VARCHAR(128),
    enforcement_mode VARCHAR(16)  NOT NULL,
    active           BOOLEAN      NOT NULL,
    deleted          BOOLEAN      NOT NULL,
    current_version  INTEGER      NOT NULL,
    digest           VARCHAR(80)  NOT NULL,
    created_at       TIMESTAMPTZ  NOT NULL,
    updated_at       TIMESTAMPTZ  NOT NULL
);
CREATE UNIQUE INDEX policy_view_workspace_name_idx ON policy_view (workspace_id, name);

-- Every version of every policy, with the source text exactly as submitted and who created it
-- (the actor of the command, from the event's metadata).
CREATE TABLE policy_version_view (
    policy_id        VARCHAR(64)  NOT NULL,
    version          INTEGER      NOT NULL,
    workspace_id     VARCHAR(64)  NOT NULL,
    digest           VARCHAR(80)  NOT NULL,
    scope            VARCHAR(400) NOT NULL,
    org_id           VARCHAR(128),
    enforcement_mode VARCHAR(16)  NOT NULL,
    source           TEXT         NOT NULL,
    rolled_back_from INTEGER,
    created_at       TIMESTAMPTZ  NOT NULL,
    created_by_type  VARCHAR(32)  NOT NULL,
    created_by       VARCHAR(128),
    PRIMARY KEY (policy_id, version)
);
