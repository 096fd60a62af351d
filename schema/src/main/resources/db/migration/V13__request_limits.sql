-- Limits on public and abusable calls that must hold across app nodes (sign-in failures per e-mail and per
-- client address, sign-up and other public endpoints per client address, registration challenges). One row
-- per limit and subject, changed under a row lock (SELECT ... FOR UPDATE) by whichever node counts an event.
-- The subject (an e-mail address or a client address) is stored as its SHA-256 hex only: no personal data at
-- rest, and a fixed row size whatever a caller sends. Rows are forgotten after forget_at (purged by every
-- node), when they no longer change any answer.
CREATE TABLE request_limit (
    limit_name        VARCHAR(64) NOT NULL,
    subject_sha256    CHAR(64)    NOT NULL,
    window_started_at TIMESTAMPTZ NOT NULL,
    events            INTEGER     NOT NULL,
    lockouts          INTEGER     NOT NULL,
    locked_until      TIMESTAMPTZ,
    refusals          INTEGER     NOT NULL,
    forget_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (limit_name, subject_sha256)
);
CREATE INDEX request_limit_forget_at_idx ON request_limit (forget_at);

-- Outstanding registration challenges are capped per client address and in total.
ALTER TABLE registration_challenge ADD COLUMN client_address VARCHAR(64) NOT NULL DEFAULT '';
CREATE INDEX registration_challenge_client_address_idx ON registration_challenge (client_address, expires_at);
