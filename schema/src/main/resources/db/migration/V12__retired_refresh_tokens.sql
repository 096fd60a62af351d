-- SHA-256 digests of the refresh-token secrets a session has rotated out (ADR 0002: never in events; ADR 0011).
-- Presenting one again is reuse of a once-valid token and ends the session; a secret found neither here nor in
-- credential_digest is only refused. Written in the refresh command's transaction, deleted when the session ends,
-- and purged once the session's absolute lifetime is over (keep_until): after it no refresh can succeed.
CREATE TABLE retired_refresh_token (
    session_id VARCHAR(64) NOT NULL,
    digest     VARCHAR(64) NOT NULL,
    retired_at TIMESTAMPTZ NOT NULL,
    keep_until TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (session_id, digest)
);
CREATE INDEX retired_refresh_token_keep_until_idx ON retired_refresh_token (keep_until);
