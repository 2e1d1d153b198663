package dev.deckhand.ports.model.decks;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of a deck's files in name order: names after {@code after}, containing {@code contains}
 * (case-insensitive; empty for all), mapped at or after {@code mappedSince}; at most {@code limit}.
 */
public record MediaQuery(Optional<MediaName> after, String contains, Optional<Instant> mappedSince, int limit) {

    public static final int MAX_LIMIT = 5_000;

    public MediaQuery {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(contains, "contains");
        Objects.requireNonNull(mappedSince, "mappedSince");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_LIMIT + " files");
        }
    }

    public static MediaQuery firstPage(int limit) {
        return new MediaQuery(Optional.empty(), "", Optional.empty(), limit);
    }
}
