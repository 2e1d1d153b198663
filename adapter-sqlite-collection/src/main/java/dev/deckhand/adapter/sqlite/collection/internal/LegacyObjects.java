package dev.deckhand.adapter.sqlite.collection.internal;

import dev.deckhand.ports.model.LegacyObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Converts notetypes, decks and deck configs between the wire's legacy JSON and their schema-18
 * rows (protobuf blobs, separate field and template rows, {@code \x1f} in deck names), losslessly in
 * both directions. Works on the caller's connection, inside its transaction.
 */
public interface LegacyObjects {

    Optional<LegacyObject> readNotetype(Connection connection, long id) throws SQLException;

    /** Writes the notetype, its fields and its templates, replacing any with the same id. */
    void writeNotetype(Connection connection, LegacyObject notetype) throws SQLException;

    /** The index of the notetype's sort field, if the notetype exists. */
    Optional<Integer> sortFieldIndex(Connection connection, long notetypeId) throws SQLException;

    Optional<LegacyObject> readDeck(Connection connection, long id) throws SQLException;

    void writeDeck(Connection connection, LegacyObject deck) throws SQLException;

    Optional<LegacyObject> readDeckConfig(Connection connection, long id) throws SQLException;

    void writeDeckConfig(Connection connection, LegacyObject deckConfig) throws SQLException;
}
