-- Topology: where each agent sits in its delegation tree, and the edges agents report between one another.

-- Delegation details of a registration (AgentRegisteredEvent revision 2). root_agent_key is the tree's root (the
-- agent itself for a root), depth its distance from the root. Rows of agents registered before these columns
-- existed are filled from their parents: roots are depth 0, children one level below their parent.
ALTER TABLE agent_view
    ADD COLUMN root_agent_key    VARCHAR(64),
    ADD COLUMN depth             INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN delegation_reason VARCHAR(1024),
    ADD COLUMN spawned_by_tool   VARCHAR(256),
    ADD COLUMN max_child_depth   INTEGER,
    ADD COLUMN enforcement_mode  VARCHAR(16);

-- [jooq ignore start]
WITH RECURSIVE tree (agent_key, root_agent_key, depth) AS (
    SELECT agent_key, agent_key, 0 FROM agent_view WHERE parent_agent_key IS NULL
    UNION ALL
    SELECT child.agent_key, tree.root_agent_key, tree.depth + 1
    FROM agent_view child JOIN tree ON child.parent_agent_key = tree.agent_key
)
UPDATE agent_view SET root_agent_key = tree.root_agent_key, depth = tree.depth
FROM tree WHERE agent_view.agent_key = tree.agent_key;
UPDATE agent_view SET root_agent_key = agent_key WHERE root_agent_key IS NULL;
-- [jooq ignore stop]

CREATE INDEX agent_view_parent_idx ON agent_view (workspace_id, parent_agent_key);
CREATE INDEX agent_view_agent_id_idx ON agent_view (workspace_id, agent_id);
CREATE INDEX agent_view_root_idx ON agent_view (workspace_id, root_agent_key);

-- Edges between agents of one workspace, one row per (source, target, type): REPORTED by the source agent
-- (TopologyService.ReportEdge). count and last_seen_at grow with each report; metadata is the latest report's.
-- Maintained by the subscribing directory projection (TopologyEdgeProjection), in the reporting command's
-- transaction, so the answer to ReportEdge can name the row.
CREATE TABLE topology_edge (
    id               BIGSERIAL    PRIMARY KEY,
    workspace_id     VARCHAR(64)  NOT NULL,
    org_id           VARCHAR(128) NOT NULL,
    source_agent_key VARCHAR(64)  NOT NULL,
    target_agent_key VARCHAR(64)  NOT NULL,
    edge_type        VARCHAR(64)  NOT NULL,
    origin           VARCHAR(16)  NOT NULL,
    metadata_json    TEXT,
    report_count     BIGINT       NOT NULL,
    first_seen_at    TIMESTAMPTZ  NOT NULL,
    last_seen_at     TIMESTAMPTZ  NOT NULL,
    UNIQUE (workspace_id, source_agent_key, target_agent_key, edge_type, origin)
);
CREATE INDEX topology_edge_target_idx ON topology_edge (workspace_id, target_agent_key);
