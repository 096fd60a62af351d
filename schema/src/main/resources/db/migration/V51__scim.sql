-- SCIM 2.0 provisioning (ADR 0029).

-- Command side: who is in which group. Written in the command's transaction by the Workspace aggregate's group
-- handlers (like email_registry), so a change to one member of a 10,000-member group touches one row and the
-- aggregate never holds member lists.
CREATE TABLE group_membership (
    workspace_id VARCHAR(64) NOT NULL,
    group_id     VARCHAR(64) NOT NULL,
    user_id      VARCHAR(64) NOT NULL,
    PRIMARY KEY (workspace_id, group_id, user_id)
);
CREATE INDEX group_membership_user_idx ON group_membership (workspace_id, user_id);

-- SCIM bearer tokens of each workspace (their digests are in credential_digest, kind SCIM_TOKEN).
CREATE TABLE scim_token_view (
    token_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id VARCHAR(64)  NOT NULL,
    name         VARCHAR(200) NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    rotated_at   TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX scim_token_view_workspace_idx ON scim_token_view (workspace_id, created_at);

-- The SCIM read model: one row per user of a workspace (console-invited users included), one per group, one per
-- membership. `resource` is the SCIM resource as served, without id, meta and groups (those come from columns
-- and scim_group_member); filters on any attribute translate to SQL over these columns and `resource`.
CREATE TABLE scim_user (
    user_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(64)  NOT NULL,
    user_name     VARCHAR(320) NOT NULL,
    external_id   VARCHAR(255),
    display_name  VARCHAR(200),
    active        BOOLEAN      NOT NULL,
    managed_by    VARCHAR(32)  NOT NULL,
    resource      JSONB        NOT NULL,
    version       BIGINT       NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    last_modified TIMESTAMPTZ  NOT NULL
);
CREATE INDEX scim_user_workspace_created_idx ON scim_user (workspace_id, created_at, user_id);
-- [jooq ignore start]
CREATE UNIQUE INDEX scim_user_user_name_idx ON scim_user (workspace_id, lower(user_name));
CREATE INDEX scim_user_external_id_idx ON scim_user (workspace_id, external_id) WHERE external_id IS NOT NULL;
-- [jooq ignore stop]

CREATE TABLE scim_group (
    group_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(64)  NOT NULL,
    display_name  VARCHAR(256) NOT NULL,
    external_id   VARCHAR(255),
    managed_by    VARCHAR(32)  NOT NULL,
    member_count  INTEGER      NOT NULL,
    version       BIGINT       NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    last_modified TIMESTAMPTZ  NOT NULL
);
CREATE INDEX scim_group_workspace_created_idx ON scim_group (workspace_id, created_at, group_id);
-- [jooq ignore start]
CREATE UNIQUE INDEX scim_group_display_name_idx ON scim_group (workspace_id, lower(display_name));
-- [jooq ignore stop]

CREATE TABLE scim_group_member (
    group_id     VARCHAR(64) NOT NULL,
    user_id      VARCHAR(64) NOT NULL,
    workspace_id VARCHAR(64) NOT NULL,
    added_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX scim_group_member_user_idx ON scim_group_member (workspace_id, user_id);

-- Group -> role mapping of each workspace (the SSO sign-in reuses it): a group's display name, lower-cased, and
-- the role of users in no mapped group (a workspace without a row has none mapped and Viewer as that role).
CREATE TABLE group_role_mapping_view (
    workspace_id VARCHAR(64)  NOT NULL,
    group_name   VARCHAR(256) NOT NULL,
    role         VARCHAR(32)  NOT NULL,
    PRIMARY KEY (workspace_id, group_name)
);
CREATE TABLE group_role_default_view (
    workspace_id VARCHAR(64) NOT NULL PRIMARY KEY,
    default_role VARCHAR(32) NOT NULL
);
