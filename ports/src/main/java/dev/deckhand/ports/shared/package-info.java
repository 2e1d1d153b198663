/**
 * Ports of the shared-deck media service (AnkiCollab-style): decks with maintainers, contributors
 * and subscribers; files stored once by SHA-256 in an object store and handed out through
 * pre-signed URLs; references from notes and suggestions counted in a catalog. Values and driven
 * ports live here together because nothing else uses them.
 */
package dev.deckhand.ports.shared;
