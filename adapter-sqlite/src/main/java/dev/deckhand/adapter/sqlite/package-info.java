/**
 * SQLite adapters: users' collection files ({@link dev.deckhand.adapter.sqlite.SqliteCollectionStore})
 * and the server database of built-in accounts and host keys
 * ({@link dev.deckhand.adapter.sqlite.ServerDatabase}).
 */
package dev.deckhand.adapter.sqlite;
