package dev.deckhand.ports.in.decks;

import dev.deckhand.ports.model.decks.MediaName;
import dev.deckhand.ports.model.decks.PresignedRequest;
import java.util.Objects;
import java.util.UUID;

/** Where and how to upload one missing file, and the ticket to confirm it with afterwards. */
public record UploadOffer(UUID ticket, MediaName name, PresignedRequest upload) {

    public UploadOffer {
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(upload, "upload");
    }
}
