/**
 * Values of the shared-deck media service that both its callers and its adapters hold: decks and
 * roles, media names and kinds, stored files with their reference counts, pre-signed requests.
 */
package dev.deckhand.ports.model.decks;
