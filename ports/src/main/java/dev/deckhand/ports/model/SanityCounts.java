package dev.deckhand.ports.model;

/**
 * The totals both sides compare at the end of a normal sync. Graves and due counts travel on the
 * wire but are not compared (older clients could hold duplicate graves).
 */
public record SanityCounts(long cards, long notes, long revlog, long notetypes, long decks, long deckConfigs) {}
