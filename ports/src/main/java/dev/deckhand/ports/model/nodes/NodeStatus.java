package dev.deckhand.ports.model.nodes;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A node as the cluster knows it.
 *
 * @param id its name
 * @param publicUrl the base URL Anki clients reach it at, ending in {@code /}; a redirect sends them there
 * @param acceptsNewUsers false while it is drained: nobody new is placed on it
 * @param lastSeen when it last announced itself; a node silent for long is taken to be down
 * @param users how many users are placed on it
 */
public record NodeStatus(NodeId id, URI publicUrl, boolean acceptsNewUsers, Instant lastSeen, int users) {

    public NodeStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(lastSeen, "lastSeen");
        if (users < 0) {
            throw new IllegalArgumentException("users must not be negative");
        }
    }

    /** Whether the node announced itself less than {@code silenceLimit} before {@code now}: else it is taken to be down. */
    public boolean liveAt(Instant now, Duration silenceLimit) {
        return lastSeen.isAfter(now.minus(silenceLimit));
    }
}
