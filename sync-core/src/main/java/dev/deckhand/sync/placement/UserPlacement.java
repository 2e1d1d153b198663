package dev.deckhand.sync.placement;

import dev.deckhand.ports.in.AccountMovingException;
import dev.deckhand.ports.model.UserId;
import java.net.URI;
import java.util.Optional;

/** Decides which node serves a user's collection. */
@FunctionalInterface
public interface UserPlacement {

    /** A server on its own: every collection is here. */
    UserPlacement ONE_NODE = user -> Optional.empty();

    /**
     * The base URL of the node holding the user's collection, or empty when it is this one. A user
     * never placed is placed now.
     *
     * @throws AccountMovingException while the collection is being moved between nodes
     */
    Optional<URI> elsewhere(UserId user);
}
