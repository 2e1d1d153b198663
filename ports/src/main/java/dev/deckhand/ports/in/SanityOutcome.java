package dev.deckhand.ports.in;

import dev.deckhand.ports.model.SanityCounts;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of the sanity check: whether both sides hold the same totals, and the server's totals
 * (absent if they could not be counted).
 */
public record SanityOutcome(boolean matches, SanityCounts client, Optional<SanityCounts> server) {
    public SanityOutcome {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
    }
}
