package dev.deckhand.adapter.sqlite.collection.internal.legacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes notetype, deck and deck-config rows of a schema-18 collection on the caller's
 * connection and transaction. The only place that knows those tables' columns.
 */
public final class SchemaRows {

    private SchemaRows() {}

    /** Writes the notetype and replaces its field and template rows. */
    public static void writeNotetype(Connection connection, NotetypeRows rows) throws SQLException {
        update(connection, "INSERT OR REPLACE INTO notetypes (id, name, mtime_secs, usn, config) VALUES (?, ?, ?, ?, ?)",
                rows.id(), rows.name(), rows.mtimeSecs(), rows.usn(), rows.config());
        update(connection, "DELETE FROM fields WHERE ntid = ?", rows.id());
        update(connection, "DELETE FROM templates WHERE ntid = ?", rows.id());
        for (NotetypeRows.FieldRow field : rows.fields()) {
            update(connection, "INSERT INTO fields (ntid, ord, name, config) VALUES (?, ?, ?, ?)",
                    rows.id(), field.ordinal(), field.name(), field.config());
        }
        for (NotetypeRows.TemplateRow template : rows.templates()) {
            update(connection, "INSERT INTO templates (ntid, ord, name, mtime_secs, usn, config) VALUES (?, ?, ?, ?, ?, ?)",
                    rows.id(), template.ordinal(), template.name(), template.mtimeSecs(), template.usn(), template.config());
        }
    }

    public static Optional<NotetypeRows> readNotetype(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = prepare(connection, "SELECT name, mtime_secs, usn, config FROM notetypes WHERE id = ?", id);
                ResultSet nt = select.executeQuery()) {
            if (!nt.next()) {
                return Optional.empty();
            }
            List<NotetypeRows.FieldRow> fields = new ArrayList<>();
            try (PreparedStatement selectFields = prepare(connection, "SELECT ord, name, config FROM fields WHERE ntid = ? ORDER BY ord", id);
                    ResultSet rs = selectFields.executeQuery()) {
                while (rs.next()) {
                    fields.add(new NotetypeRows.FieldRow(rs.getInt(1), rs.getString(2), rs.getBytes(3)));
                }
            }
            List<NotetypeRows.TemplateRow> templates = new ArrayList<>();
            try (PreparedStatement selectTemplates = prepare(connection,
                            "SELECT ord, name, mtime_secs, usn, config FROM templates WHERE ntid = ? ORDER BY ord", id);
                    ResultSet rs = selectTemplates.executeQuery()) {
                while (rs.next()) {
                    templates.add(new NotetypeRows.TemplateRow(rs.getInt(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getBytes(5)));
                }
            }
            return Optional.of(new NotetypeRows(id, nt.getString(1), nt.getLong(2), nt.getInt(3), nt.getBytes(4), fields, templates));
        }
    }

    /** The {@code Notetype.Config} blob of a notetype, if it exists. */
    public static Optional<byte[]> notetypeConfig(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = prepare(connection, "SELECT config FROM notetypes WHERE id = ?", id);
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
        }
    }

    public static void writeDeck(Connection connection, DeckRow row) throws SQLException {
        update(connection, "INSERT OR REPLACE INTO decks (id, name, mtime_secs, usn, common, kind) VALUES (?, ?, ?, ?, ?, ?)",
                row.id(), row.name(), row.mtimeSecs(), row.usn(), row.common(), row.kind());
    }

    public static Optional<DeckRow> readDeck(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = prepare(connection, "SELECT id, name, mtime_secs, usn, common, kind FROM decks WHERE id = ?", id);
                ResultSet rs = select.executeQuery()) {
            return rs.next()
                    ? Optional.of(new DeckRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getBytes(5), rs.getBytes(6)))
                    : Optional.empty();
        }
    }

    public static void writeDeckConfig(Connection connection, DeckConfigRow row) throws SQLException {
        update(connection, "INSERT OR REPLACE INTO deck_config (id, name, mtime_secs, usn, config) VALUES (?, ?, ?, ?, ?)",
                row.id(), row.name(), row.mtimeSecs(), row.usn(), row.config());
    }

    public static Optional<DeckConfigRow> readDeckConfig(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = prepare(connection, "SELECT id, name, mtime_secs, usn, config FROM deck_config WHERE id = ?", id);
                ResultSet rs = select.executeQuery()) {
            return rs.next()
                    ? Optional.of(new DeckConfigRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getBytes(5)))
                    : Optional.empty();
        }
    }

    private static void update(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, values)) {
            statement.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
        return statement;
    }
}
