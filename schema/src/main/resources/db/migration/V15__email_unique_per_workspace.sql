-- E-mail addresses are unique within a workspace, not across the platform (ADR 0016): one person may be a user of
-- several workspaces, each time with a user id and a password of its own. The registry is keyed by workspace.
CREATE TABLE email_registry_per_workspace (
    workspace_id VARCHAR(64)  NOT NULL,
    email        VARCHAR(320) NOT NULL,
    user_id      VARCHAR(64)  NOT NULL,
    PRIMARY KEY (workspace_id, email)
);
-- (jOOQ's DDL parser cannot read this statement; it changes no DDL.)
-- [jooq ignore start]
INSERT INTO email_registry_per_workspace (workspace_id, email, user_id)
SELECT workspace_id, email, user_id FROM email_registry;
-- [jooq ignore stop]
DROP TABLE email_registry;
ALTER TABLE email_registry_per_workspace RENAME TO email_registry;

-- The directory: one user per address and workspace; sign-in looks an address up across workspaces.
DROP INDEX user_account_email_idx;
CREATE UNIQUE INDEX user_account_workspace_email_idx ON user_account (workspace_id, email);
CREATE INDEX user_account_email_idx ON user_account (email);
