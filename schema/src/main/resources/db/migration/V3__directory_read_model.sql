-- Read models of workspaces, users, invitations, sessions and API keys (the "directory").
-- Built by subscribing event handlers in the command's transaction, so security decisions read
-- committed state, never a lagging copy.

CREATE TABLE workspace_view (
    workspace_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    name               VARCHAR(200) NOT NULL,
    slug               VARCHAR(64)  NOT NULL,
    region             VARCHAR(32)  NOT NULL,
    tier               VARCHAR(32)  NOT NULL,
    status             VARCHAR(32)  NOT NULL,
    creation_path      VARCHAR(32)  NOT NULL,
    max_agents         INTEGER,
    max_policies       INTEGER,
    retention_days     INTEGER      NOT NULL,
    billing_mode       VARCHAR(32),
    payment_method_ref VARCHAR(128),
    purchase_order     VARCHAR(128),
    baa_signed         BOOLEAN      NOT NULL DEFAULT FALSE,
    dpa_signed         BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at         TIMESTAMPTZ  NOT NULL,
    activated_at       TIMESTAMPTZ,
    updated_at         TIMESTAMPTZ  NOT NULL
);

CREATE TABLE user_account (
    user_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id VARCHAR(64)  NOT NULL,
    email        VARCHAR(320) NOT NULL,
    display_name VARCHAR(200),
    role         VARCHAR(32)  NOT NULL,
    status       VARCHAR(32)  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    updated_at   TIMESTAMPTZ  NOT NULL
);
CREATE UNIQUE INDEX user_account_email_idx ON user_account (email);
CREATE INDEX user_account_workspace_idx ON user_account (workspace_id, created_at);

CREATE TABLE invitation_view (
    invitation_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(64)  NOT NULL,
    email         VARCHAR(320) NOT NULL,
    role          VARCHAR(32)  NOT NULL,
    status        VARCHAR(32)  NOT NULL,
    invited_by    VARCHAR(64),
    expires_at    TIMESTAMPTZ  NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL
);
CREATE INDEX invitation_view_workspace_idx ON invitation_view (workspace_id, created_at);

CREATE TABLE user_session (
    session_id     VARCHAR(64) NOT NULL PRIMARY KEY,
    workspace_id   VARCHAR(64) NOT NULL,
    user_id        VARCHAR(64) NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    ended_at       TIMESTAMPTZ,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX user_session_user_idx ON user_session (user_id);

CREATE TABLE api_key_view (
    key_id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(64)  NOT NULL,
    owner_user_id VARCHAR(64)  NOT NULL,
    name          VARCHAR(200) NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    revoked_at    TIMESTAMPTZ
);
CREATE INDEX api_key_view_workspace_idx ON api_key_view (workspace_id, created_at);
