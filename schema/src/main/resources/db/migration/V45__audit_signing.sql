-- Per-workspace Ed25519 signing keys (private key sealed with the platform key) and the signed checkpoints of
-- the audit chain (docs/adr/0026).
CREATE TABLE audit_signing_key (
    workspace_id       VARCHAR(64) NOT NULL PRIMARY KEY,
    key_id             VARCHAR(64) NOT NULL,
    public_key         TEXT        NOT NULL,
    sealed_private_key TEXT        NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE audit_checkpoint (
    workspace_id VARCHAR(64) NOT NULL,
    sequence     BIGINT      NOT NULL,
    hash         BYTEA       NOT NULL,
    entries      BIGINT      NOT NULL,
    signed_at    TIMESTAMPTZ NOT NULL,
    key_id       VARCHAR(64) NOT NULL,
    signature    TEXT        NOT NULL,
    PRIMARY KEY (workspace_id, sequence)
);
