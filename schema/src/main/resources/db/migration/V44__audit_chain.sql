-- Tamper evidence for the audit log (docs/audit.md, docs/adr/0026): a per-workspace SHA-256 hash chain over
-- audit_entry in global_sequence order, computed by the server's background chainer only.
ALTER TABLE audit_entry
    ADD COLUMN payload_digest BYTEA,
    ADD COLUMN prev_hash      BYTEA,
    ADD COLUMN hash           BYTEA;

-- Entries the chainer has still to link (the chainer finds its work through this index).
CREATE INDEX audit_entry_unchained_idx ON audit_entry (global_sequence) WHERE hash IS NULL;

-- The newest link of each workspace's chain; the chainer locks this row, so one node at a time extends a chain.
CREATE TABLE audit_chain_head (
    workspace_id           VARCHAR(64) NOT NULL PRIMARY KEY,
    last_sequence          BIGINT      NOT NULL DEFAULT -1,
    last_hash              BYTEA       NOT NULL,
    entries                BIGINT      NOT NULL DEFAULT 0,
    since_checkpoint       BIGINT      NOT NULL DEFAULT 0,
    last_checkpoint_at     TIMESTAMPTZ,
    updated_at             TIMESTAMPTZ NOT NULL DEFAULT now()
);
