package dev.deckhand.ports.in;

import dev.deckhand.ports.model.SyncVersion;
import java.util.Objects;

/**
 * The body of {@code /sync/meta}.
 *
 * @param version the sync version the client claims in the body ({@code v})
 * @param clientVersion the client's long version string ({@code cv}), for logs and messages
 */
public record MetaRequest(SyncVersion version, String clientVersion) {
    public MetaRequest {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(clientVersion, "clientVersion");
    }
}
