package dev.deckhand.ports.in;

import java.net.URI;
import java.util.Objects;

/**
 * The account's collection lives on another node of the cluster. Answering {@code meta} sends the
 * client there; any other collection step on this node is refused as a conflict, and the client's
 * next sync starts at {@code meta} again.
 */
public class PlacedElsewhereException extends SyncConflictException {

    private static final long serialVersionUID = 1L;
    private final URI node;

    public PlacedElsewhereException(URI node) {
        super("this account now syncs with another server; sync again");
        this.node = Objects.requireNonNull(node, "node");
    }

    /** The base URL of the node holding the collection. */
    public URI node() {
        return node;
    }
}
