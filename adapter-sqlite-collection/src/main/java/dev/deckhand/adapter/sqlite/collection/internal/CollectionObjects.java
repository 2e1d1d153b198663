package dev.deckhand.adapter.sqlite.collection.internal;

import dev.deckhand.ports.model.LegacyObject;
import dev.deckhand.ports.out.NotetypeShape;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Notetypes, decks and deck configs, converted between the wire's legacy JSON and their schema-18
 * rows by {@link LegacyObjects}; names compare without case (the tables' {@code unicase} collation).
 */
final class CollectionObjects {

    private final SyncStatements sql;
    private final LegacyObjects legacy;
    /** Notetype shapes read once per session; a notetype written in this session drops its entry. */
    private final Map<Long, Optional<NotetypeShape>> shapes = new HashMap<>();

    CollectionObjects(SyncStatements sql, LegacyObjects legacy) {
        this.sql = sql;
        this.legacy = legacy;
    }

    List<LegacyObject> notetypesSince(int minUsn) throws SQLException {
        return since("notetypes", minUsn, legacy::readNotetype);
    }

    List<LegacyObject> decksSince(int minUsn) throws SQLException {
        return since("decks", minUsn, legacy::readDeck);
    }

    List<LegacyObject> deckConfigsSince(int minUsn) throws SQLException {
        return since("deck_config", minUsn, legacy::readDeckConfig);
    }

    private List<LegacyObject> since(String table, int minUsn, LegacyReader reader) throws SQLException {
        List<LegacyObject> out = new ArrayList<>();
        for (long id : sql.ids("SELECT id FROM " + table + " WHERE usn >= ?", minUsn)) {
            reader.read(sql.connection(), id).ifPresent(out::add);
        }
        return out;
    }

    Optional<LegacyObject> notetype(long id) throws SQLException {
        return legacy.readNotetype(sql.connection(), id);
    }

    Optional<Long> notetypeIdByName(String name) throws SQLException {
        return sql.byName("SELECT id FROM notetypes WHERE name = ?", name, rs -> rs.getLong(1));
    }

    void putNotetype(LegacyObject notetype) throws SQLException {
        shapes.remove(notetype.id());
        legacy.writeNotetype(sql.connection(), notetype);
    }

    /** What writing a note of this notetype needs to know, read once per session. */
    Optional<NotetypeShape> notetypeShape(long notetypeId) throws SQLException {
        Optional<NotetypeShape> known = shapes.get(notetypeId);
        if (known == null) {
            known = readShape(notetypeId);
            shapes.put(notetypeId, known);
        }
        return known;
    }

    private Optional<NotetypeShape> readShape(long notetypeId) throws SQLException {
        Optional<Integer> sortField = legacy.sortFieldIndex(sql.connection(), notetypeId);
        if (sortField.isEmpty()) {
            return Optional.empty();
        }
        long fields = sql.queryLong("SELECT count(*) FROM fields WHERE ntid = " + notetypeId);
        return Optional.of(new NotetypeShape((int) Math.max(1, fields), sortField.get()));
    }

    Optional<LegacyObject> deck(long id) throws SQLException {
        return legacy.readDeck(sql.connection(), id);
    }

    Optional<Long> deckIdByName(String name) throws SQLException {
        // Schema 18 separates deck levels with U+001F where the wire uses "::".
        return sql.byName("SELECT id FROM decks WHERE name = ?", name.replace("::", "\u001f"), rs -> rs.getLong(1));
    }

    void putDeck(LegacyObject deck) throws SQLException {
        legacy.writeDeck(sql.connection(), deck);
    }

    Optional<LegacyObject> deckConfig(long id) throws SQLException {
        return legacy.readDeckConfig(sql.connection(), id);
    }

    void putDeckConfig(LegacyObject deckConfig) throws SQLException {
        legacy.writeDeckConfig(sql.connection(), deckConfig);
    }

    private interface LegacyReader {
        Optional<LegacyObject> read(Connection connection, long id) throws SQLException;
    }
}
