/**
 * What the shared-deck media service needs from technology: an object store that hands out
 * pre-signed URLs, a catalog of decks, files and reference counts, and a transcoder that inspects
 * and converts images.
 */
package dev.deckhand.ports.out.decks;
