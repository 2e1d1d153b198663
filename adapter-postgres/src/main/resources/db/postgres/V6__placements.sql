-- The nodes of a cluster, as each last announced itself. A drained node (accepts_new_users false)
-- keeps its users but gets no new ones.
CREATE TABLE cluster_nodes (
    id                TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    public_url        TEXT NOT NULL,
    accepts_new_users BOOLEAN NOT NULL,
    last_seen         TIMESTAMPTZ NOT NULL
);

-- The node each user's collection lives on; moving is true while it is copied to another node.
-- No foreign key to cluster_nodes: a user stays placed on a node that is gone until reassigned.
CREATE TABLE user_placements (
    user_name TEXT PRIMARY KEY,
    node_id   TEXT NOT NULL CHECK (node_id ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    moving    BOOLEAN NOT NULL
);
CREATE INDEX user_placements_by_node ON user_placements (node_id, user_name COLLATE "C");
