/**
 * The shared-deck media service as its callers see it (AnkiCollab-style): announce files for a
 * deck, upload and confirm them through pre-signed URLs, list and download a deck's media, run
 * housekeeping. {@link dev.deckhand.ports.in.decks.SharedMedia} is the use case; the records are
 * what it answers.
 */
package dev.deckhand.ports.in.decks;
