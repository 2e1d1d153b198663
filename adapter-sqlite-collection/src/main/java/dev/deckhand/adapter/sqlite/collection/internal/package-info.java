/**
 * How {@code SqliteCollectionStore} works: open connections kept per user, the sync transaction and
 * its cohesive parts (rows, legacy objects, settings, graves) over cached statements, collection
 * counts for usage. Public only so the server-database adapter can count and check collections.
 */
package dev.deckhand.adapter.sqlite.collection.internal;
