-- Command-side tables for set-based validation and for credentials that must never enter an event.

-- One row per e-mail address in use anywhere on the platform (users sign in with their address alone).
-- Maintained in the same transaction as the events that claim or release an address.
CREATE TABLE email_registry (
    email        VARCHAR(320) NOT NULL PRIMARY KEY,
    user_id      VARCHAR(64)  NOT NULL,
    workspace_id VARCHAR(64)  NOT NULL
);

CREATE TABLE slug_registry (
    slug         VARCHAR(64) NOT NULL PRIMARY KEY,
    workspace_id VARCHAR(64) NOT NULL UNIQUE
);

-- Password hashes (Argon2id, salted) are kept out of the event store: the audit log is exported and
-- replayed, and an offline-crackable hash has no place in it. Written by the command handler, in the
-- command's transaction.
CREATE TABLE password_credential (
    user_id       VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash VARCHAR(255) NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL
);

-- SHA-256 digests of high-entropy bearer secrets (API keys, refresh tokens), keyed by the credential's
-- public id. Like passwords, kept out of the event store; deleted when the credential is revoked.
CREATE TABLE credential_digest (
    credential_id VARCHAR(64) NOT NULL PRIMARY KEY,
    kind          VARCHAR(32) NOT NULL,
    digest        VARCHAR(64) NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);
