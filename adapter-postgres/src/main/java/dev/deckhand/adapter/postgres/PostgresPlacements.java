package dev.deckhand.adapter.postgres;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.model.nodes.NodeStatus;
import dev.deckhand.ports.model.nodes.Placement;
import dev.deckhand.ports.out.nodes.Placements;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The cluster's nodes and the node each user lives on, in PostgreSQL (schema:
 * {@code db/postgres/V6__placements.sql}). Every change is one statement whose {@code WHERE} states
 * what must hold (the user is on that node, moving or not), so concurrent changes from several
 * nodes serialise on the user's row and only one of them applies.
 */
public final class PostgresPlacements implements Placements {

    private final Jdbi jdbi;

    public PostgresPlacements(PostgresDatabase database) {
        this.jdbi = Objects.requireNonNull(database, "database").jdbi();
    }

    @Override
    public void announce(NodeId node, URI publicUrl, Instant now) {
        PostgresCalls.onHandle(jdbi, "announce a node", h -> h.createUpdate(
                        "INSERT INTO cluster_nodes (id, public_url, accepts_new_users, last_seen) VALUES (?, ?, TRUE, ?)"
                                + " ON CONFLICT (id) DO UPDATE SET public_url = excluded.public_url, last_seen = excluded.last_seen")
                .bind(0, node.value())
                .bind(1, publicUrl.toString())
                .bind(2, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .execute());
    }

    @Override
    public List<NodeStatus> nodes() {
        return PostgresCalls.onHandle(jdbi, "list the nodes", h -> h.createQuery(
                        "SELECT n.id, n.public_url, n.accepts_new_users, n.last_seen,"
                                + " (SELECT count(*) FROM user_placements p WHERE p.node_id = n.id)::int"
                                + " FROM cluster_nodes n ORDER BY n.id COLLATE \"C\"")
                .map((rs, ctx) -> new NodeStatus(new NodeId(rs.getString(1)), URI.create(rs.getString(2)), rs.getBoolean(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getInt(5)))
                .list());
    }

    @Override
    public boolean acceptNewUsers(NodeId node, boolean accept) {
        return PostgresCalls.onHandle(jdbi, "drain or resume a node", h -> h.createUpdate(
                                "UPDATE cluster_nodes SET accepts_new_users = ? WHERE id = ?")
                        .bind(0, accept)
                        .bind(1, node.value())
                        .execute())
                == 1;
    }

    @Override
    public Optional<Placement> placementOf(UserId user) {
        return PostgresCalls.onHandle(jdbi, "look up a user's node", h -> placementOf(h, user));
    }

    @Override
    public Placement placeIfAbsent(UserId user, NodeId node) {
        return PostgresCalls.onHandle(jdbi, "place a user", h -> {
            while (true) {
                // ON CONFLICT waits for a concurrent placement of the same user to commit; the SELECT,
                // a statement of its own, then sees it.
                Optional<Placement> placed = h.createQuery("INSERT INTO user_placements (user_name, node_id, moving)"
                                + " VALUES (?, ?, FALSE) ON CONFLICT (user_name) DO NOTHING RETURNING node_id, moving")
                        .bind(0, user.name())
                        .bind(1, node.value())
                        .map((rs, ctx) -> placement(rs))
                        .findOne();
                Optional<Placement> holds = placed.isPresent() ? placed : placementOf(h, user);
                // Empty only if the other placement was forgotten in between: try again.
                if (holds.isPresent()) {
                    return holds.get();
                }
            }
        });
    }

    @Override
    public List<UserId> usersOn(NodeId node) {
        return PostgresCalls.onHandle(jdbi, "list a node's users", h -> h.createQuery(
                        "SELECT user_name FROM user_placements WHERE node_id = ? ORDER BY user_name COLLATE \"C\"")
                .bind(0, node.value())
                .map((rs, ctx) -> new UserId(rs.getString(1)))
                .list());
    }

    @Override
    public boolean beginMove(UserId user, NodeId from) {
        return PostgresCalls.onHandle(jdbi, "begin a move", h -> h.createUpdate(
                                "UPDATE user_placements SET moving = TRUE WHERE user_name = ? AND node_id = ? AND NOT moving")
                        .bind(0, user.name())
                        .bind(1, from.value())
                        .execute())
                == 1;
    }

    @Override
    public boolean finishMove(UserId user, NodeId from, NodeId to) {
        return PostgresCalls.onHandle(jdbi, "finish a move", h -> h.createUpdate(
                                "UPDATE user_placements SET node_id = ?, moving = FALSE WHERE user_name = ? AND node_id = ? AND moving")
                        .bind(0, to.value())
                        .bind(1, user.name())
                        .bind(2, from.value())
                        .execute())
                == 1;
    }

    @Override
    public boolean cancelMove(UserId user, NodeId from) {
        return PostgresCalls.onHandle(jdbi, "cancel a move", h -> h.createUpdate(
                                "UPDATE user_placements SET moving = FALSE WHERE user_name = ? AND node_id = ? AND moving")
                        .bind(0, user.name())
                        .bind(1, from.value())
                        .execute())
                == 1;
    }

    @Override
    public int cancelMovesFrom(NodeId node) {
        return PostgresCalls.onHandle(jdbi, "cancel the moves of a node", h -> h.createUpdate(
                        "UPDATE user_placements SET moving = FALSE WHERE node_id = ? AND moving")
                .bind(0, node.value())
                .execute());
    }

    @Override
    public Optional<Placement> reassign(UserId user, NodeId to) {
        return PostgresCalls.inTransaction(jdbi, "reassign a user", h -> {
            while (true) {
                Optional<Placement> before = h.createQuery("SELECT node_id, moving FROM user_placements WHERE user_name = ? FOR UPDATE")
                        .bind(0, user.name())
                        .map((rs, ctx) -> placement(rs))
                        .findOne();
                if (before.isPresent()) {
                    h.createUpdate("UPDATE user_placements SET node_id = ?, moving = FALSE WHERE user_name = ?")
                            .bind(0, to.value())
                            .bind(1, user.name())
                            .execute();
                    return before;
                }
                int inserted = h.createUpdate("INSERT INTO user_placements (user_name, node_id, moving) VALUES (?, ?, FALSE)"
                                + " ON CONFLICT (user_name) DO NOTHING")
                        .bind(0, user.name())
                        .bind(1, to.value())
                        .execute();
                // Not inserted: another node placed the user meanwhile; lock that placement and replace it.
                if (inserted == 1) {
                    return Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean forget(UserId user) {
        return PostgresCalls.onHandle(jdbi, "forget a user's placement", h -> h.createUpdate(
                                "DELETE FROM user_placements WHERE user_name = ?")
                        .bind(0, user.name())
                        .execute())
                == 1;
    }

    private static Optional<Placement> placementOf(Handle h, UserId user) {
        return h.createQuery("SELECT node_id, moving FROM user_placements WHERE user_name = ?")
                .bind(0, user.name())
                .map((rs, ctx) -> placement(rs))
                .findOne();
    }

    private static Placement placement(ResultSet rs) throws SQLException {
        return new Placement(new NodeId(rs.getString(1)), rs.getBoolean(2));
    }
}
