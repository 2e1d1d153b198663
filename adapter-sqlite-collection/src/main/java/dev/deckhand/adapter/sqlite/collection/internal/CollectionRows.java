package dev.deckhand.adapter.sqlite.collection.internal;

import dev.deckhand.ports.model.CardRow;
import dev.deckhand.ports.model.NoteRow;
import dev.deckhand.ports.model.RevlogRow;
import dev.deckhand.ports.out.RowStamp;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Cards, notes and review entries: the rows a sync moves in chunks, read and written by id. */
final class CollectionRows {

    private static final String SELECT_REVLOG = "SELECT id, cid, usn, ease, ivl, lastIvl, factor, time, type FROM revlog";
    private static final String SELECT_CARDS =
            "SELECT id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data FROM cards";
    private static final String SELECT_NOTES = "SELECT id, guid, mid, mod, usn, tags, flds FROM notes";
    private static final String INSERT_REVLOG =
            "INSERT OR IGNORE INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // A put updates the row of its id and inserts only if there is none, so that it knows which it
    // did (the row counts depend on it; INSERT OR REPLACE reports one change either way). The id
    // comes last in both, so the same parameters fill either statement.
    private static final String UPDATE_CARD =
            "UPDATE cards SET nid = ?, did = ?, ord = ?, mod = ?, usn = ?, type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, "
                    + "lapses = ?, left = ?, odue = ?, odid = ?, flags = ?, data = ? WHERE id = ?";
    private static final String INSERT_CARD =
            "INSERT INTO cards (nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data, id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_NOTE =
            "UPDATE notes SET guid = ?, mid = ?, mod = ?, usn = ?, tags = ?, flds = ?, sfld = ?, csum = ?, flags = 0, data = '' WHERE id = ?";
    private static final String INSERT_NOTE =
            "INSERT INTO notes (guid, mid, mod, usn, tags, flds, sfld, csum, flags, data, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?)";

    private final SyncStatements sql;

    CollectionRows(SyncStatements sql) {
        this.sql = sql;
    }

    List<Long> revlogIdsSince(int minUsn) throws SQLException {
        return sql.ids("SELECT id FROM revlog WHERE usn >= ?", minUsn);
    }

    List<Long> cardIdsSince(int minUsn) throws SQLException {
        return sql.ids("SELECT id FROM cards WHERE usn >= ?", minUsn);
    }

    List<Long> noteIdsSince(int minUsn) throws SQLException {
        return sql.ids("SELECT id FROM notes WHERE usn >= ?", minUsn);
    }

    List<RevlogRow> revlog(List<Long> ids) throws SQLException {
        return sql.byIds(SELECT_REVLOG, ids, rs -> new RevlogRow(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4),
                rs.getInt(5), rs.getInt(6), rs.getLong(7), rs.getLong(8), rs.getInt(9)));
    }

    List<CardRow> cards(List<Long> ids) throws SQLException {
        return sql.byIds(SELECT_CARDS, ids, rs -> new CardRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4),
                rs.getLong(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getLong(10), rs.getInt(11),
                rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getInt(15), rs.getLong(16), rs.getInt(17), rs.getString(18)));
    }

    List<NoteRow> notes(List<Long> ids) throws SQLException {
        return sql.byIds(SELECT_NOTES, ids, rs -> new NoteRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getInt(5), rs.getString(6), rs.getString(7)));
    }

    /** Adds the entry unless one with its id exists; returns whether it did. */
    boolean addRevlog(RevlogRow r) throws SQLException {
        return setLongs(sql.cached(INSERT_REVLOG), r.id(), r.cardId(), r.usn(), r.ease(), r.interval(), r.lastInterval(), r.factor(),
                r.timeMillis(), r.type()).executeUpdate() > 0;
    }

    Optional<RowStamp> cardStamp(long id) throws SQLException {
        return sql.stamp("SELECT mod, usn FROM cards WHERE id = ?", id);
    }

    /** Writes the card over the one of its id, or as a new one; returns whether it was new. */
    boolean putCard(CardRow c) throws SQLException {
        return cardStatement(UPDATE_CARD, c).executeUpdate() == 0 && cardStatement(INSERT_CARD, c).executeUpdate() > 0;
    }

    private PreparedStatement cardStatement(String sqlText, CardRow c) throws SQLException {
        PreparedStatement statement = setLongs(sql.cached(sqlText), c.noteId(), c.deckId(), c.ordinal(), c.mtimeSecs(),
                c.usn(), c.type(), c.queue(), c.due(), c.interval(), c.easeFactor(), c.reps(), c.lapses(), c.left(),
                c.originalDue(), c.originalDeckId(), c.flags());
        statement.setString(17, c.data());
        statement.setLong(18, c.id());
        return statement;
    }

    Optional<RowStamp> noteStamp(long id) throws SQLException {
        return sql.stamp("SELECT mod, usn FROM notes WHERE id = ?", id);
    }

    /**
     * Writes the note, with the sort field and checksum computed from its notetype, over the one of
     * its id or as a new one; returns whether it was new.
     */
    boolean putNote(NoteRow n, String sortField, long checksum) throws SQLException {
        return noteStatement(UPDATE_NOTE, n, sortField, checksum).executeUpdate() == 0
                && noteStatement(INSERT_NOTE, n, sortField, checksum).executeUpdate() > 0;
    }

    private PreparedStatement noteStatement(String sqlText, NoteRow n, String sortField, long checksum) throws SQLException {
        PreparedStatement statement = sql.cached(sqlText);
        statement.setString(1, n.guid());
        statement.setLong(2, n.notetypeId());
        statement.setLong(3, n.mtimeSecs());
        statement.setInt(4, n.usn());
        statement.setString(5, n.tags());
        statement.setString(6, n.fields());
        statement.setString(7, sortField);
        statement.setLong(8, checksum);
        statement.setLong(9, n.id());
        return statement;
    }

    /** Sets the first parameters, in order. */
    private static PreparedStatement setLongs(PreparedStatement statement, long... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setLong(i + 1, values[i]);
        }
        return statement;
    }
}
