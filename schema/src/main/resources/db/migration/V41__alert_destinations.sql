-- Alert destinations: where budget alerts of a workspace go (docs/alerts.md).

-- The sealed (AES-GCM, key derived from the platform key) URL and signing secret of each destination. Written
-- by the AlertDestination aggregate in the command's transaction, like credential_digest; never in an event.
-- Read only by the alert dispatcher. signing_secret_sealed is null for Slack destinations.
CREATE TABLE alert_destination_secret (
    destination_id        VARCHAR(64)   NOT NULL PRIMARY KEY,
    workspace_id          VARCHAR(64)   NOT NULL,
    url_sealed            VARCHAR(4000) NOT NULL,
    signing_secret_sealed VARCHAR(400),
    updated_at            TIMESTAMPTZ   NOT NULL
);

-- Every live destination (deleted ones leave); maintained by the subscribing alert-destinations projection.
-- target is the displayable form of the URL (host and masked tail), never the URL itself.
CREATE TABLE alert_destination_view (
    destination_id    VARCHAR(64)  NOT NULL PRIMARY KEY,
    workspace_id      VARCHAR(64)  NOT NULL,
    org_id            VARCHAR(128),
    name              VARCHAR(100) NOT NULL,
    kind              VARCHAR(16)  NOT NULL,
    target            VARCHAR(300) NOT NULL,
    enabled           BOOLEAN      NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL,
    updated_at        TIMESTAMPTZ  NOT NULL,
    secret_rotated_at TIMESTAMPTZ
);
CREATE INDEX alert_destination_view_workspace_idx ON alert_destination_view (workspace_id, created_at);
