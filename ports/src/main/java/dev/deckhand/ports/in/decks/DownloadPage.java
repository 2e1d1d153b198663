package dev.deckhand.ports.in.decks;

import dev.deckhand.ports.model.decks.MediaName;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A page of download links in name order; {@code next} is where the following page starts, if any. */
public record DownloadPage(List<DownloadLink> links, Optional<MediaName> next) {

    public DownloadPage {
        links = List.copyOf(links);
        Objects.requireNonNull(next, "next");
    }
}
