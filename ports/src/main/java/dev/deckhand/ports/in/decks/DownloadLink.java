package dev.deckhand.ports.in.decks;

import dev.deckhand.ports.model.decks.DeckMedia;
import dev.deckhand.ports.model.decks.PresignedRequest;
import java.util.Objects;

/** One of a deck's files: the name to save it under, what it is, and a pre-signed GET for its bytes. */
public record DownloadLink(DeckMedia media, PresignedRequest download) {

    public DownloadLink {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(download, "download");
    }
}
