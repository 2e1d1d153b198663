package dev.deckhand.ports.out.decks;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.decks.DeckId;
import dev.deckhand.ports.model.decks.MediaName;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Permission for one user to upload one announced file for one deck, until {@code expiresAt}: the
 * bytes go to {@code stagingKey} and count only once confirmed and checked.
 */
public record UploadTicket(UUID id, DeckId deck, UserId user, MediaName name, Sha256 announced, long size,
        String stagingKey, Instant expiresAt) {

    public UploadTicket {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(deck, "deck");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(announced, "announced");
        Objects.requireNonNull(stagingKey, "stagingKey");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (size <= 0) {
            throw new IllegalArgumentException("an announced file has at least one byte");
        }
    }
}
