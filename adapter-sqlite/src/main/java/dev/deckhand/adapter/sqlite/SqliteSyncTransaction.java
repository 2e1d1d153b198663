package dev.deckhand.adapter.sqlite;

import dev.deckhand.ports.model.CardRow;
import dev.deckhand.ports.model.Graves;
import dev.deckhand.ports.model.LegacyObject;
import dev.deckhand.ports.model.NoteRow;
import dev.deckhand.ports.model.RevlogRow;
import dev.deckhand.ports.model.SanityCounts;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.NotetypeShape;
import dev.deckhand.ports.out.RowStamp;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.out.SyncTransaction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A normal sync's transaction on one collection file: one connection holding {@code BEGIN IMMEDIATE}
 * from {@code start} until {@code finish} commits or anything else rolls back. The collection is put
 * in WAL mode so that {@code meta} from other devices can still read it meanwhile.
 */
final class SqliteSyncTransaction implements SyncTransaction {

    private static final int GRAVE_CARD = 0;
    private static final int GRAVE_NOTE = 1;
    private static final int GRAVE_DECK = 2;

    private final UserId user;
    private final Connection connection;
    private final LegacyObjects legacy;
    private final int usn;
    /** Statements compiled once per session: a chunk writes hundreds of rows with the same SQL. */
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** Notetype shapes read once per session; a notetype written in this session drops its entry. */
    private final Map<Long, Optional<NotetypeShape>> shapes = new HashMap<>();
    /** Gives the connection back, idle, once the transaction has ended cleanly. */
    private final Runnable release;
    private boolean finished;

    private SqliteSyncTransaction(UserId user, Connection connection, LegacyObjects legacy, int usn, Runnable release) {
        this.user = user;
        this.connection = connection;
        this.legacy = legacy;
        this.usn = usn;
        this.release = release;
    }

    static SqliteSyncTransaction begin(UserId user, Connection connection, LegacyObjects legacy, Runnable release) {
        try {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode = WAL");
                statement.execute("BEGIN IMMEDIATE");
            }
            int usn = queryLong(connection, "SELECT usn FROM col").intValue();
            return new SqliteSyncTransaction(user, connection, legacy, usn, release);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StorageException("cannot begin a sync of " + user.name(), e);
        }
    }

    @Override
    public int usn() {
        return usn;
    }

    @Override
    public Graves gravesSince(int minUsn) {
        List<Long> cards = new ArrayList<>();
        List<Long> notes = new ArrayList<>();
        List<Long> decks = new ArrayList<>();
        run(() -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT oid, type FROM graves WHERE usn >= ?")) {
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
        });
        return new Graves(cards, notes, decks);
    }

    @Override
    public void delete(Graves graves, int graveUsn) {
        run(() -> {
            deleteAll("notes", graves.notes(), GRAVE_NOTE, graveUsn);
            deleteAll("cards", graves.cards(), GRAVE_CARD, graveUsn);
            deleteAll("decks", graves.decks(), GRAVE_DECK, graveUsn);
        });
    }

    private void deleteAll(String table, List<Long> ids, int graveType, int graveUsn) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE id = ?");
                PreparedStatement grave = connection.prepareStatement("INSERT OR IGNORE INTO graves (oid, type, usn) VALUES (?, ?, ?)")) {
            for (long id : ids) {
                delete.setLong(1, id);
                delete.executeUpdate();
                grave.setLong(1, id);
                grave.setInt(2, graveType);
                grave.setInt(3, graveUsn);
                grave.executeUpdate();
            }
        }
    }

    @Override
    public List<LegacyObject> notetypesSince(int minUsn) {
        return call(() -> {
            List<LegacyObject> out = new ArrayList<>();
            for (long id : ids("SELECT id FROM notetypes WHERE usn >= ?", minUsn)) {
                legacy.readNotetype(connection, id).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public List<LegacyObject> decksSince(int minUsn) {
        return call(() -> {
            List<LegacyObject> out = new ArrayList<>();
            for (long id : ids("SELECT id FROM decks WHERE usn >= ?", minUsn)) {
                legacy.readDeck(connection, id).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public List<LegacyObject> deckConfigsSince(int minUsn) {
        return call(() -> {
            List<LegacyObject> out = new ArrayList<>();
            for (long id : ids("SELECT id FROM deck_config WHERE usn >= ?", minUsn)) {
                legacy.readDeckConfig(connection, id).ifPresent(out::add);
            }
            return out;
        });
    }

    @Override
    public List<String> tagsSince(int minUsn) {
        return call(() -> {
            List<String> tags = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT tag FROM tags WHERE usn >= ?")) {
                select.setInt(1, minUsn);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        tags.add(rs.getString(1));
                    }
                }
            }
            return tags;
        });
    }

    @Override
    public Map<String, String> config() {
        return call(() -> {
            Map<String, String> config = new LinkedHashMap<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT KEY, val FROM config ORDER BY KEY")) {
                while (rs.next()) {
                    config.put(rs.getString(1), new String(rs.getBytes(2), StandardCharsets.UTF_8));
                }
            }
            return config;
        });
    }

    @Override
    public void markConfigSynced() {
        run(() -> execute("UPDATE config SET usn = 0 WHERE usn != 0"));
    }

    @Override
    public long creationStamp() {
        return call(() -> queryLong(connection, "SELECT crt FROM col"));
    }

    @Override
    public Optional<LegacyObject> notetype(long id) {
        return call(() -> legacy.readNotetype(connection, id));
    }

    @Override
    public Optional<Long> notetypeIdByName(String name) {
        return call(() -> idByName("SELECT id FROM notetypes WHERE name = ?", name));
    }

    @Override
    public void putNotetype(LegacyObject notetype) {
        shapes.remove(notetype.id());
        run(() -> legacy.writeNotetype(connection, notetype));
    }

    @Override
    public Optional<LegacyObject> deck(long id) {
        return call(() -> legacy.readDeck(connection, id));
    }

    @Override
    public Optional<Long> deckIdByName(String name) {
        // Schema 18 separates deck levels with U+001F where the wire uses "::".
        return call(() -> idByName("SELECT id FROM decks WHERE name = ?", name.replace("::", "\u001f")));
    }

    @Override
    public void putDeck(LegacyObject deck) {
        run(() -> legacy.writeDeck(connection, deck));
    }

    @Override
    public Optional<LegacyObject> deckConfig(long id) {
        return call(() -> legacy.readDeckConfig(connection, id));
    }

    @Override
    public void putDeckConfig(LegacyObject deckConfig) {
        run(() -> legacy.writeDeckConfig(connection, deckConfig));
    }

    @Override
    public Optional<String> tag(String name) {
        return call(() -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT tag FROM tags WHERE tag = ?")) {
                select.setString(1, name);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public void addTag(String tag, int tagUsn) {
        run(() -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR REPLACE INTO tags (tag, usn, collapsed, config) VALUES (?, ?, 1, NULL)")) {
                insert.setString(1, tag);
                insert.setInt(2, tagUsn);
                insert.executeUpdate();
            }
        });
    }

    @Override
    public void setCreationStamp(long seconds) {
        run(() -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE col SET crt = ?")) {
                update.setLong(1, seconds);
                update.executeUpdate();
            }
        });
    }

    @Override
    public void replaceConfig(Map<String, String> config, int configUsn, long mtimeSecs) {
        run(() -> {
            execute("DELETE FROM config");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO config (KEY, usn, mtime_secs, val) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, String> entry : config.entrySet()) {
                    insert.setString(1, entry.getKey());
                    insert.setInt(2, configUsn);
                    insert.setLong(3, mtimeSecs);
                    insert.setBytes(4, entry.getValue().getBytes(StandardCharsets.UTF_8));
                    insert.executeUpdate();
                }
            }
        });
    }

    @Override
    public List<Long> revlogIdsSince(int minUsn) {
        return call(() -> ids("SELECT id FROM revlog WHERE usn >= ?", minUsn));
    }

    @Override
    public List<Long> cardIdsSince(int minUsn) {
        return call(() -> ids("SELECT id FROM cards WHERE usn >= ?", minUsn));
    }

    @Override
    public List<Long> noteIdsSince(int minUsn) {
        return call(() -> ids("SELECT id FROM notes WHERE usn >= ?", minUsn));
    }

    @Override
    public List<RevlogRow> revlog(List<Long> ids) {
        return call(() -> byIds("SELECT id, cid, usn, ease, ivl, lastIvl, factor, time, type FROM revlog", ids,
                rs -> new RevlogRow(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getInt(5), rs.getInt(6),
                        rs.getLong(7), rs.getLong(8), rs.getInt(9))));
    }

    @Override
    public List<CardRow> cards(List<Long> ids) {
        return call(() -> byIds(
                "SELECT id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data FROM cards",
                ids,
                rs -> new CardRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getLong(5), rs.getInt(6), rs.getInt(7),
                        rs.getInt(8), rs.getInt(9), rs.getLong(10), rs.getInt(11), rs.getLong(12), rs.getLong(13), rs.getLong(14),
                        rs.getInt(15), rs.getLong(16), rs.getInt(17), rs.getString(18))));
    }

    @Override
    public List<NoteRow> notes(List<Long> ids) {
        return call(() -> byIds("SELECT id, guid, mid, mod, usn, tags, flds FROM notes", ids,
                rs -> new NoteRow(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getInt(5), rs.getString(6),
                        rs.getString(7))));
    }

    @Override
    public void addRevlog(RevlogRow r) {
        run(() -> {
            PreparedStatement insert = statement(
                    "INSERT OR IGNORE INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            long[] values = {r.id(), r.cardId(), r.usn(), r.ease(), r.interval(), r.lastInterval(), r.factor(), r.timeMillis(), r.type()};
            for (int i = 0; i < values.length; i++) {
                insert.setLong(i + 1, values[i]);
            }
            insert.executeUpdate();
        });
    }

    @Override
    public Optional<RowStamp> cardStamp(long id) {
        return call(() -> stamp("SELECT mod, usn FROM cards WHERE id = ?", id));
    }

    @Override
    public void putCard(CardRow c) {
        run(() -> {
            PreparedStatement insert = statement(
                    "INSERT OR REPLACE INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            long[] values = {c.id(), c.noteId(), c.deckId(), c.ordinal(), c.mtimeSecs(), c.usn(), c.type(), c.queue(), c.due(),
                c.interval(), c.easeFactor(), c.reps(), c.lapses(), c.left(), c.originalDue(), c.originalDeckId(), c.flags()};
            for (int i = 0; i < values.length; i++) {
                insert.setLong(i + 1, values[i]);
            }
            insert.setString(18, c.data());
            insert.executeUpdate();
        });
    }

    @Override
    public Optional<RowStamp> noteStamp(long id) {
        return call(() -> stamp("SELECT mod, usn FROM notes WHERE id = ?", id));
    }

    @Override
    public Optional<NotetypeShape> notetypeShape(long notetypeId) {
        Optional<NotetypeShape> known = shapes.get(notetypeId);
        if (known != null) {
            return known;
        }
        Optional<NotetypeShape> shape = readShape(notetypeId);
        shapes.put(notetypeId, shape);
        return shape;
    }

    private Optional<NotetypeShape> readShape(long notetypeId) {
        return call(() -> {
            Optional<Integer> sortField = legacy.sortFieldIndex(connection, notetypeId);
            if (sortField.isEmpty()) {
                return Optional.empty();
            }
            long fields = queryLong(connection, "SELECT count(*) FROM fields WHERE ntid = " + notetypeId);
            return Optional.of(new NotetypeShape((int) Math.max(1, fields), sortField.get()));
        });
    }

    @Override
    public void putNote(NoteRow n, String sortField, long checksum) {
        run(() -> {
            PreparedStatement insert = statement(
                    "INSERT OR REPLACE INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '')");
            insert.setLong(1, n.id());
            insert.setString(2, n.guid());
            insert.setLong(3, n.notetypeId());
            insert.setLong(4, n.mtimeSecs());
            insert.setInt(5, n.usn());
            insert.setString(6, n.tags());
            insert.setString(7, n.fields());
            insert.setString(8, sortField);
            insert.setLong(9, checksum);
            insert.executeUpdate();
        });
    }

    @Override
    public SanityCounts counts() {
        return call(() -> new SanityCounts(
                queryLong(connection, "SELECT count() FROM cards"),
                queryLong(connection, "SELECT count() FROM notes"),
                queryLong(connection, "SELECT count() FROM revlog"),
                queryLong(connection, "SELECT count() FROM notetypes"),
                queryLong(connection, "SELECT count() FROM decks"),
                queryLong(connection, "SELECT count() FROM deck_config")));
    }

    @Override
    public void commit(long nowMillis) {
        run(() -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE col SET ls = ?, mod = ?, usn = usn + 1")) {
                update.setLong(1, nowMillis);
                update.setLong(2, nowMillis);
                update.executeUpdate();
            }
            closeStatements();
            execute("COMMIT");
            finished = true;
        });
        release.run();
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            closeStatements();
            try {
                execute("ROLLBACK");
            } catch (SQLException e) {
                // Closing the connection rolls back whatever is left; it is not given back.
                closeQuietly(connection);
                return;
            }
            release.run();
        }
    }

    private Optional<RowStamp> stamp(String sql, long id) throws SQLException {
        PreparedStatement select = statement(sql);
        select.setLong(1, id);
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(new RowStamp(rs.getLong(1), rs.getInt(2))) : Optional.empty();
        }
    }

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement cached = statements.get(sql);
        if (cached == null) {
            cached = connection.prepareStatement(sql);
            statements.put(sql, cached);
        }
        return cached;
    }

    private Optional<Long> idByName(String sql, String name) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private List<Long> ids(String sql, int minUsn) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setInt(1, minUsn);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private <T> List<T> byIds(String select, List<Long> ids, RowMapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>(ids.size());
        if (ids.isEmpty()) {
            return rows;
        }
        String placeholders = ids.stream().map(id -> "?").collect(Collectors.joining(","));
        try (PreparedStatement statement = connection.prepareStatement(select + " WHERE id IN (" + placeholders + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                statement.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
        }
        return rows;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row for " + sql);
            }
            return rs.getLong(1);
        }
    }

    private void closeStatements() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // The connection is closed next, which releases it anyway.
            }
        }
        statements.clear();
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing more can be done; the transaction is gone with the connection.
        }
    }

    private void run(SqlAction action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    private <T> T call(SqlCall<T> work) {
        try {
            return work.call();
        } catch (SQLException e) {
            throw new StorageException("sync of " + user.name() + " failed in the database: " + e.getMessage(), e);
        }
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }
}
