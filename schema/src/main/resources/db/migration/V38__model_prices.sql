-- Workspaces' own model price tables (PriceTable aggregate, prices-<workspace id>), maintained by the subscribing
-- model-prices projection in the command's transaction. A workspace without a row, or whose row is not
-- overridden, is priced with the platform's default table (model-prices.yaml). version counts every change of the
-- workspace's table, resets included; the gateway records "workspace:<version>" with each cost it computes.
CREATE TABLE model_price_table (
    workspace_id VARCHAR(64)  NOT NULL PRIMARY KEY,
    version      INTEGER      NOT NULL,
    overridden   BOOLEAN      NOT NULL,
    changed_at   TIMESTAMPTZ  NOT NULL,
    changed_by   VARCHAR(200)
);

-- The entries of an overridden table: USD per million input and output tokens (at most 6 decimal places).
CREATE TABLE model_price (
    workspace_id           VARCHAR(64)    NOT NULL,
    model                  VARCHAR(200)   NOT NULL,
    input_usd_per_million  NUMERIC(13, 6) NOT NULL,
    output_usd_per_million NUMERIC(13, 6) NOT NULL,
    PRIMARY KEY (workspace_id, model)
);
