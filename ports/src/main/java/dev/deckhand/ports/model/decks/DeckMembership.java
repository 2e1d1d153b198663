package dev.deckhand.ports.model.decks;

import java.util.Objects;

/** A deck a user belongs to, and the role they hold in it. */
public record DeckMembership(SharedDeck deck, DeckRole role) {

    public DeckMembership {
        Objects.requireNonNull(deck, "deck");
        Objects.requireNonNull(role, "role");
    }
}
