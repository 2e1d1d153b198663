package dev.deckhand.ports.model;

import java.util.List;
import java.util.Objects;

/**
 * Deletions: ids of removed cards, notes and decks. (Notetypes and deck configs have no graves;
 * deleting one changes the schema and forces a full sync.)
 */
public record Graves(List<Long> cards, List<Long> notes, List<Long> decks) {

    public Graves {
        cards = List.copyOf(Objects.requireNonNull(cards, "cards"));
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
        decks = List.copyOf(Objects.requireNonNull(decks, "decks"));
    }

    public static Graves none() {
        return new Graves(List.of(), List.of(), List.of());
    }

    public int size() {
        return cards.size() + notes.size() + decks.size();
    }
}
