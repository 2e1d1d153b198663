/**
 * Lossless conversion between the sync protocol's legacy ("schema 11") JSON objects and the
 * schema-18 rows Anki stores them in: protobuf blobs in our own hand-written encoding of Anki's
 * message layouts (field numbers and types must match, names are ours), separate field and template
 * rows for notetypes, and {@code \x1f} between deck-name levels. Keys the blobs have no field for
 * travel in each message's {@code other} bytes (field 255) as a JSON object, as Anki does.
 */
package dev.deckhand.adapter.sqlite.collection.internal.legacy;
