/**
 * PostgreSQL: {@link dev.deckhand.adapter.postgres.PostgresSharedMediaCatalog}, the shared-deck
 * media catalog, on a pooled {@link dev.deckhand.adapter.postgres.PostgresDatabase} whose schema
 * Flyway migrates from {@code db/postgres}.
 */
package dev.deckhand.adapter.postgres;
