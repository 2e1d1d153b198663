package dev.deckhand.ports.movein;

/**
 * A staged collection, as the report shows it.
 *
 * @param notes number of notes
 * @param cards number of cards
 * @param reviews rows of the review log
 * @param usn the collection USN devices compare with theirs
 * @param modMillis the modification time devices compare with theirs
 * @param schemaBefore the schema version the old server kept (18, or 11 when it was upgraded)
 */
public record CollectionSummary(long notes, long cards, long reviews, int usn, long modMillis, int schemaBefore) {}
