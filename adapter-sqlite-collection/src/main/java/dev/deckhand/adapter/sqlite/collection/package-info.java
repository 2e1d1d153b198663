/**
 * Users' Anki collection files in SQLite: {@link dev.deckhand.adapter.sqlite.collection.SqliteCollectionStore}
 * implements the collection sync ports (sessions' transactions, full upload checks and installs, downloads),
 * {@link dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory} makes a new user's collection,
 * and the rest serve backups and export. How a transaction reads and writes rows, and the schema-18
 * forms of the legacy JSON objects, are in {@code internal}: not for embedders.
 */
package dev.deckhand.adapter.sqlite.collection;
