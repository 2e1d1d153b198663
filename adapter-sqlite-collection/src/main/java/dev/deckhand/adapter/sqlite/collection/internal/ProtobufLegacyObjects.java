package dev.deckhand.adapter.sqlite.collection.internal;

import dev.deckhand.adapter.sqlite.collection.internal.legacy.DeckCodec;
import dev.deckhand.adapter.sqlite.collection.internal.legacy.DeckConfigCodec;
import dev.deckhand.adapter.sqlite.collection.internal.legacy.DeckRow;
import dev.deckhand.adapter.sqlite.collection.internal.legacy.NotetypeCodec;
import dev.deckhand.adapter.sqlite.collection.internal.legacy.NotetypeRows;
import dev.deckhand.adapter.sqlite.collection.internal.legacy.SchemaRows;
import dev.deckhand.ports.model.LegacyObject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** {@link LegacyObjects} on the schema-18 tables: the codecs in {@code legacy} over {@link SchemaRows}. */
public final class ProtobufLegacyObjects implements LegacyObjects {

    @Override
    public Optional<LegacyObject> readNotetype(Connection connection, long id) throws SQLException {
        return SchemaRows.readNotetype(connection, id).map(nt -> new LegacyObject(
                nt.id(), nt.mtimeSecs(), nt.usn(), nt.name(), nt.fields().size(), nt.templates().size(), NotetypeCodec.toJson(nt)));
    }

    @Override
    public void writeNotetype(Connection connection, LegacyObject notetype) throws SQLException {
        NotetypeRows rows = NotetypeCodec.toRows(notetype.json(), notetype.name());
        SchemaRows.writeNotetype(connection, rows);
    }

    @Override
    public Optional<Integer> sortFieldIndex(Connection connection, long notetypeId) throws SQLException {
        return SchemaRows.notetypeConfig(connection, notetypeId).map(NotetypeCodec::sortFieldIndex);
    }

    @Override
    public Optional<LegacyObject> readDeck(Connection connection, long id) throws SQLException {
        return SchemaRows.readDeck(connection, id).map(row -> new LegacyObject(
                row.id(), row.mtimeSecs(), row.usn(), DeckRow.wireName(row.name()), 0, 0, DeckCodec.toJson(row)));
    }

    @Override
    public void writeDeck(Connection connection, LegacyObject deck) throws SQLException {
        SchemaRows.writeDeck(connection, DeckCodec.toRow(deck.json(), deck.name()));
    }

    @Override
    public Optional<LegacyObject> readDeckConfig(Connection connection, long id) throws SQLException {
        return SchemaRows.readDeckConfig(connection, id).map(row -> new LegacyObject(
                row.id(), row.mtimeSecs(), row.usn(), row.name(), 0, 0, DeckConfigCodec.toJson(row)));
    }

    @Override
    public void writeDeckConfig(Connection connection, LegacyObject deckConfig) throws SQLException {
        SchemaRows.writeDeckConfig(connection, DeckConfigCodec.toRow(deckConfig.json()));
    }
}
