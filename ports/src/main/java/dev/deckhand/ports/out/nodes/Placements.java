package dev.deckhand.ports.out.nodes;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.model.nodes.NodeStatus;
import dev.deckhand.ports.model.nodes.Placement;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The nodes of a cluster and the node each user's collection lives on, shared by every node. Every
 * change is atomic: two nodes placing the same new user at once end with one placement, and a move
 * only completes from the node the user is on.
 */
public interface Placements {

    /**
     * Records the node, or refreshes its URL and last-seen time. A new node accepts new users; an
     * existing one keeps its drain state.
     */
    void announce(NodeId node, URI publicUrl, Instant now);

    /** Every node ever announced, by id, with its user count. */
    List<NodeStatus> nodes();

    /** Stops (false) or resumes (true) placing new users on the node; false if there is no such node. */
    boolean acceptNewUsers(NodeId node, boolean accept);

    /** Where the user lives; empty for a user never placed. */
    Optional<Placement> placementOf(UserId user);

    /**
     * Places the user on {@code node} unless the user is already placed somewhere.
     *
     * @return the placement that holds afterwards: the new one, or the one that was there
     */
    Placement placeIfAbsent(UserId user, NodeId node);

    /** The users placed on the node, by name. */
    List<UserId> usersOn(NodeId node);

    /**
     * Marks the user as moving, if placed on {@code from} and not already moving.
     *
     * @return whether this call started the move
     */
    boolean beginMove(UserId user, NodeId from);

    /**
     * Ends a move begun on {@code from}: the user is placed on {@code to} and no longer moving.
     *
     * @return false, changing nothing, if the user is not moving from {@code from}
     */
    boolean finishMove(UserId user, NodeId from, NodeId to);

    /** Ends a move begun on {@code from} with the user still there; false if there was none. */
    boolean cancelMove(UserId user, NodeId from);

    /**
     * Ends every move begun on {@code node}, its users staying there: what a node that starts up
     * does, since no move of its own can be in progress then.
     *
     * @return how many moves were ended
     */
    int cancelMovesFrom(NodeId node);

    /**
     * Places the user on {@code to} whatever the placement was, for adopting the users of a node
     * that is gone. Returns the placement it replaced, if any.
     */
    Optional<Placement> reassign(UserId user, NodeId to);

    /** Forgets the user's placement (the account was removed); false if there was none. */
    boolean forget(UserId user);
}
