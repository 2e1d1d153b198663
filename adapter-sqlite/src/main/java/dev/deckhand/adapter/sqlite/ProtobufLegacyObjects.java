package dev.deckhand.adapter.sqlite;

import dev.deckhand.adapter.sqlite.legacy.DeckCodec;
import dev.deckhand.adapter.sqlite.legacy.DeckConfigCodec;
import dev.deckhand.adapter.sqlite.legacy.DeckConfigRow;
import dev.deckhand.adapter.sqlite.legacy.DeckRow;
import dev.deckhand.adapter.sqlite.legacy.NotetypeCodec;
import dev.deckhand.adapter.sqlite.legacy.NotetypeRows;
import dev.deckhand.ports.model.LegacyObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link LegacyObjects} on the schema-18 tables, through the codecs in {@code legacy}. */
final class ProtobufLegacyObjects implements LegacyObjects {

    @Override
    public Optional<LegacyObject> readNotetype(Connection connection, long id) throws SQLException {
        Optional<NotetypeRows> rows = notetypeRows(connection, id);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        NotetypeRows nt = rows.get();
        return Optional.of(new LegacyObject(nt.id(), nt.mtimeSecs(), nt.usn(), nt.name(), nt.fields().size(), nt.templates().size(),
                NotetypeCodec.toJson(nt)));
    }

    @Override
    public void writeNotetype(Connection connection, LegacyObject notetype) throws SQLException {
        NotetypeRows rows = NotetypeCodec.toRows(notetype.json(), notetype.name());
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT OR REPLACE INTO notetypes (id, name, mtime_secs, usn, config) VALUES (?, ?, ?, ?, ?)")) {
            upsert.setLong(1, rows.id());
            upsert.setString(2, rows.name());
            upsert.setLong(3, rows.mtimeSecs());
            upsert.setInt(4, rows.usn());
            upsert.setBytes(5, rows.config());
            upsert.executeUpdate();
        }
        delete(connection, "DELETE FROM fields WHERE ntid = ?", rows.id());
        delete(connection, "DELETE FROM templates WHERE ntid = ?", rows.id());
        try (PreparedStatement field = connection.prepareStatement("INSERT INTO fields (ntid, ord, name, config) VALUES (?, ?, ?, ?)")) {
            for (NotetypeRows.FieldRow row : rows.fields()) {
                field.setLong(1, rows.id());
                field.setInt(2, row.ordinal());
                field.setString(3, row.name());
                field.setBytes(4, row.config());
                field.executeUpdate();
            }
        }
        try (PreparedStatement template = connection.prepareStatement(
                "INSERT INTO templates (ntid, ord, name, mtime_secs, usn, config) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (NotetypeRows.TemplateRow row : rows.templates()) {
                template.setLong(1, rows.id());
                template.setInt(2, row.ordinal());
                template.setString(3, row.name());
                template.setLong(4, row.mtimeSecs());
                template.setInt(5, row.usn());
                template.setBytes(6, row.config());
                template.executeUpdate();
            }
        }
    }

    @Override
    public Optional<Integer> sortFieldIndex(Connection connection, long notetypeId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT config FROM notetypes WHERE id = ?")) {
            select.setLong(1, notetypeId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(NotetypeCodec.sortFieldIndex(rs.getBytes(1))) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<LegacyObject> readDeck(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, name, mtime_secs, usn, common, kind FROM decks WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                DeckRow row = new DeckRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getBytes(5), rs.getBytes(6));
                return Optional.of(new LegacyObject(row.id(), row.mtimeSecs(), row.usn(), DeckRow.wireName(row.name()), 0, 0,
                        DeckCodec.toJson(row)));
            }
        }
    }

    @Override
    public void writeDeck(Connection connection, LegacyObject deck) throws SQLException {
        DeckRow row = DeckCodec.toRow(deck.json(), deck.name());
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT OR REPLACE INTO decks (id, name, mtime_secs, usn, common, kind) VALUES (?, ?, ?, ?, ?, ?)")) {
            upsert.setLong(1, row.id());
            upsert.setString(2, row.name());
            upsert.setLong(3, row.mtimeSecs());
            upsert.setInt(4, row.usn());
            upsert.setBytes(5, row.common());
            upsert.setBytes(6, row.kind());
            upsert.executeUpdate();
        }
    }

    @Override
    public Optional<LegacyObject> readDeckConfig(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT id, name, mtime_secs, usn, config FROM deck_config WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                DeckConfigRow row = new DeckConfigRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getBytes(5));
                return Optional.of(new LegacyObject(row.id(), row.mtimeSecs(), row.usn(), row.name(), 0, 0, DeckConfigCodec.toJson(row)));
            }
        }
    }

    @Override
    public void writeDeckConfig(Connection connection, LegacyObject deckConfig) throws SQLException {
        DeckConfigRow row = DeckConfigCodec.toRow(deckConfig.json());
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT OR REPLACE INTO deck_config (id, name, mtime_secs, usn, config) VALUES (?, ?, ?, ?, ?)")) {
            upsert.setLong(1, row.id());
            upsert.setString(2, row.name());
            upsert.setLong(3, row.mtimeSecs());
            upsert.setInt(4, row.usn());
            upsert.setBytes(5, row.config());
            upsert.executeUpdate();
        }
    }

    private static Optional<NotetypeRows> notetypeRows(Connection connection, long id) throws SQLException {
        long mtime;
        int usn;
        String name;
        byte[] config;
        try (PreparedStatement select = connection.prepareStatement("SELECT name, mtime_secs, usn, config FROM notetypes WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                name = rs.getString(1);
                mtime = rs.getLong(2);
                usn = rs.getInt(3);
                config = rs.getBytes(4);
            }
        }
        List<NotetypeRows.FieldRow> fields = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT ord, name, config FROM fields WHERE ntid = ? ORDER BY ord")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    fields.add(new NotetypeRows.FieldRow(rs.getInt(1), rs.getString(2), rs.getBytes(3)));
                }
            }
        }
        List<NotetypeRows.TemplateRow> templates = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT ord, name, mtime_secs, usn, config FROM templates WHERE ntid = ? ORDER BY ord")) {
            select.setLong(1, id);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    templates.add(new NotetypeRows.TemplateRow(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getBytes(5)));
                }
            }
        }
        return Optional.of(new NotetypeRows(id, name, mtime, usn, config, fields, templates));
    }

    private static void delete(Connection connection, String sql, long id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setLong(1, id);
            delete.executeUpdate();
        }
    }
}
