/**
 * PostgreSQL: the state several Deckhand nodes share, on a pooled
 * {@link dev.deckhand.adapter.postgres.PostgresDatabase} whose schema Flyway migrates from
 * {@code db/postgres}: built-in accounts ({@link dev.deckhand.adapter.postgres.PostgresAccountStore}),
 * host keys ({@link dev.deckhand.adapter.postgres.PostgresHostKeyStore}), media ledgers
 * ({@link dev.deckhand.adapter.postgres.PostgresMediaLedger}), the nodes and each user's node
 * ({@link dev.deckhand.adapter.postgres.PostgresPlacements}), the shared-deck media catalog
 * ({@link dev.deckhand.adapter.postgres.PostgresSharedMediaCatalog}), and a lock that lets one node
 * at a time run housekeeping ({@link dev.deckhand.adapter.postgres.PostgresHousekeepingLock}).
 * A PostgreSQL that does not answer is a {@code BackendUnavailableException} (503); a statement
 * that fails otherwise is a {@code StorageException}.
 */
package dev.deckhand.adapter.postgres;
