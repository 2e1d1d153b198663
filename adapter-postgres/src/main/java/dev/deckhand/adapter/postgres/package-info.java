/**
 * PostgreSQL adapters. Planned: the shared-deck media catalogue (deck filename to SHA-256, stored
 * files with reference counts, upload tickets) behind the {@code SharedMediaCatalog} port. Empty
 * until that port exists; the module is here so the build has its final shape.
 */
package dev.deckhand.adapter.postgres;
