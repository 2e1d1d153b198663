package dev.deckhand.app;

import dev.deckhand.adapter.http.ClusterSecret;
import dev.deckhand.ports.model.nodes.NodeId;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * This server as one node of a cluster.
 *
 * @param id its name among the nodes ({@code DECKHAND_NODE_ID})
 * @param publicUrl where Anki clients reach it directly ({@code DECKHAND_NODE_URL}); redirects send them there
 * @param secret what the nodes present to each other ({@code DECKHAND_CLUSTER_SECRET})
 */
record NodeConfig(NodeId id, URI publicUrl, ClusterSecret secret) {

    /** How often a node tells the others it is alive. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** A node silent this long is taken to be down: it gets no new users, and {@code node adopt} may take its users. */
    static final Duration SILENCE_LIMIT = Duration.ofSeconds(90);

    NodeConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(secret, "secret");
    }
}
