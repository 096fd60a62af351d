-- Proof-of-possession registration challenges (gateway RequestChallenge / Register). One row per issued
-- nonce, shared by every app node; consumed with DELETE ... RETURNING (single use), expired rows purged on
-- each new challenge.
CREATE TABLE registration_challenge (
    nonce_hex      VARCHAR(64)  NOT NULL PRIMARY KEY,
    org_id         VARCHAR(128) NOT NULL,
    team_id        VARCHAR(128) NOT NULL,
    agent_id       VARCHAR(128) NOT NULL,
    public_key_hex VARCHAR(64)  NOT NULL,
    expires_at     TIMESTAMPTZ  NOT NULL
);
CREATE INDEX registration_challenge_expires_at_idx ON registration_challenge (expires_at);
