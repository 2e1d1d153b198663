/**
 * Media rules: the per-user media ledger behind {@code /msync} and the shared-deck media catalogue.
 * Empty until media sync is built; until then every user's media USN is 0.
 */
package dev.deckhand.media;
