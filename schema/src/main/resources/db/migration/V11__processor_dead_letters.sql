-- Events a tracking processor could not handle, set aside so that the processor goes on (docs/adr/0009).
-- The event itself stays in domainevententry; a row says which event it was and why it failed, never its payload.
-- A retry that handles the event deletes the row; a dismissed row stays, with dismissed_at, for the record.
CREATE TABLE processor_dead_letter (
    processing_group VARCHAR(255) NOT NULL,
    global_sequence  BIGINT       NOT NULL,
    event_id         VARCHAR(255) NOT NULL,
    event_type       VARCHAR(255) NOT NULL,
    workspace_id     VARCHAR(255),
    error            TEXT         NOT NULL,
    set_aside_at     TIMESTAMPTZ  NOT NULL,
    dismissed_at     TIMESTAMPTZ,
    PRIMARY KEY (processing_group, global_sequence)
);
