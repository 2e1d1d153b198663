/**
 * Deckhand's own server database in SQLite ({@link dev.deckhand.adapter.sqlite.ServerDatabase}):
 * built-in accounts, host keys, media ledgers and usage, its consistent copy for backups, and moving
 * in from the official server or ankisyncd. Users' collection files are the sibling adapter
 * {@code dev.deckhand.adapter.sqlite.collection}; {@code internal} holds password hashing and the
 * old servers' file handling.
 */
package dev.deckhand.adapter.sqlite;
