package dev.deckhand.adapter.sqlite.collection.internal;

import dev.deckhand.ports.model.Graves;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Deleting notes, cards and decks in a sync, and the graves that tell other devices about it. */
final class CollectionGraves {

    private static final int GRAVE_CARD = 0;
    private static final int GRAVE_NOTE = 1;
    private static final int GRAVE_DECK = 2;

    private final SyncStatements sql;

    CollectionGraves(SyncStatements sql) {
        this.sql = sql;
    }

    Graves since(int minUsn) throws SQLException {
        List<Long> cards = new ArrayList<>();
        List<Long> notes = new ArrayList<>();
        List<Long> decks = new ArrayList<>();
        try (PreparedStatement select = sql.connection().prepareStatement("SELECT oid, type FROM graves WHERE usn >= ?")) {
            select.setInt(1, minUsn);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    switch (rs.getInt(2)) {
                        case GRAVE_CARD -> cards.add(rs.getLong(1));
                        case GRAVE_NOTE -> notes.add(rs.getLong(1));
                        case GRAVE_DECK -> decks.add(rs.getLong(1));
                        default -> { }
                    }
                }
            }
        }
        return new Graves(cards, notes, decks);
    }

    /**
     * Deletes notes, then cards, then decks, recording a grave for each (once) with {@code graveUsn};
     * returns how many cards and notes there were to delete.
     */
    RowTotals delete(Graves graves, int graveUsn) throws SQLException {
        long notes = deleteAll("notes", graves.notes(), GRAVE_NOTE, graveUsn);
        long cards = deleteAll("cards", graves.cards(), GRAVE_CARD, graveUsn);
        deleteAll("decks", graves.decks(), GRAVE_DECK, graveUsn);
        return new RowTotals(cards, notes, 0);
    }

    private long deleteAll(String table, List<Long> ids, int graveType, int graveUsn) throws SQLException {
        long deleted = 0;
        try (PreparedStatement delete = sql.connection().prepareStatement("DELETE FROM " + table + " WHERE id = ?");
                PreparedStatement grave = sql.connection().prepareStatement("INSERT OR IGNORE INTO graves (oid, type, usn) VALUES (?, ?, ?)")) {
            for (long id : ids) {
                delete.setLong(1, id);
                deleted += delete.executeUpdate();
                grave.setLong(1, id);
                grave.setInt(2, graveType);
                grave.setInt(3, graveUsn);
                grave.executeUpdate();
            }
        }
        return deleted;
    }
}
