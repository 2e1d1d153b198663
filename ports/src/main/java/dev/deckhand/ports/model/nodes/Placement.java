package dev.deckhand.ports.model.nodes;

import java.util.Objects;

/**
 * Where a user's collection lives.
 *
 * @param node the node holding it
 * @param moving true while it is being copied to another node; nobody may sync it meanwhile
 */
public record Placement(NodeId node, boolean moving) {

    public Placement {
        Objects.requireNonNull(node, "node");
    }
}
