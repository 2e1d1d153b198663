/**
 * The schema-18 collection file itself: its DDL, the {@code unicase} collation, and the valid empty
 * collection new accounts start with.
 */
package dev.deckhand.adapter.sqlite.collection.internal.schema;
