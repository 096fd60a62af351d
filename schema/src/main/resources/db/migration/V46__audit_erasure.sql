-- Erasure of personal fields in audit entries (docs/adr/0027): the payload's personal values are overwritten, the
-- entry keeps the payload_digest the chain was computed with, so its link still verifies.
ALTER TABLE audit_entry ADD COLUMN erased_at TIMESTAMPTZ;
