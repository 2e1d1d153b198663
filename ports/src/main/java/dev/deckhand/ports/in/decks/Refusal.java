package dev.deckhand.ports.in.decks;

import dev.deckhand.ports.model.decks.MediaName;
import java.util.Objects;

/** One file the service will not take, and why, in words a user can act on. */
public record Refusal(MediaName name, String reason) {

    public Refusal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }
}
