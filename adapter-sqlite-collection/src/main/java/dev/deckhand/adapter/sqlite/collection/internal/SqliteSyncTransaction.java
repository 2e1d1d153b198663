package dev.deckhand.adapter.sqlite.collection.internal;

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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A normal sync's transaction on one collection file: one connection holding {@code BEGIN IMMEDIATE}
 * from {@code start} until {@code finish} commits or anything else rolls back. The collection is put
 * in WAL mode so that {@code meta} from other devices can still read it meanwhile.
 *
 * <p>The tables are read and written by {@link CollectionRows} (cards, notes, reviews),
 * {@link CollectionObjects} (notetypes, decks, deck configs), {@link CollectionSettings} (tags,
 * config, creation stamp) and {@link CollectionGraves}; this class holds the transaction and turns
 * their SQL failures into {@link StorageException}s naming the user.
 *
 * <p>The sanity check's card, note and review counts come from the connection's {@link CountedRows}
 * plus what this transaction added and removed, so a small sync does not count a large collection;
 * the tables are counted only when nothing valid is known, and the result is kept for the next sync.
 */
public final class SqliteSyncTransaction implements SyncTransaction {

    private final UserId user;
    private final SyncStatements sql;
    private final CollectionRows rows;
    private final CollectionObjects objects;
    private final CollectionSettings settings;
    private final CollectionGraves graves;
    private final int usn;
    /** Gives the connection back, idle, once the transaction has ended cleanly. */
    private final Runnable release;
    private final CountedRows counted;
    /** The file's version as this connection sees it; no other connection can commit until this transaction ends. */
    private final long dataVersion;
    /** The rows as the transaction began, once known. */
    private Optional<RowTotals> atBegin;
    private RowTotals changed = RowTotals.NONE;
    private boolean finished;

    private SqliteSyncTransaction(UserId user, SyncStatements sql, LegacyObjects legacy, int usn, Runnable release,
            CountedRows counted, long dataVersion) {
        this.user = user;
        this.sql = sql;
        this.rows = new CollectionRows(sql);
        this.objects = new CollectionObjects(sql, legacy);
        this.settings = new CollectionSettings(sql);
        this.graves = new CollectionGraves(sql);
        this.usn = usn;
        this.release = release;
        this.counted = counted;
        this.dataVersion = dataVersion;
        this.atBegin = counted.at(dataVersion);
    }

    public static SqliteSyncTransaction begin(UserId user, OpenCollections.CheckedOut lent, LegacyObjects legacy, Runnable release) {
        Connection connection = lent.connection();
        SyncStatements sql = lent.statements();
        try {
            sql.execute("PRAGMA journal_mode = WAL");
            sql.execute("BEGIN IMMEDIATE");
            int usn = (int) sql.queryLong("SELECT usn FROM col");
            long dataVersion = sql.queryLong("PRAGMA data_version");
            return new SqliteSyncTransaction(user, sql, legacy, usn, release, lent.counted(), dataVersion);
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
        return call(() -> graves.since(minUsn));
    }

    @Override
    public void delete(Graves deleted, int graveUsn) {
        run(() -> changed = changed.minus(graves.delete(deleted, graveUsn)));
    }

    @Override
    public List<LegacyObject> notetypesSince(int minUsn) {
        return call(() -> objects.notetypesSince(minUsn));
    }

    @Override
    public List<LegacyObject> decksSince(int minUsn) {
        return call(() -> objects.decksSince(minUsn));
    }

    @Override
    public List<LegacyObject> deckConfigsSince(int minUsn) {
        return call(() -> objects.deckConfigsSince(minUsn));
    }

    @Override
    public List<String> tagsSince(int minUsn) {
        return call(() -> settings.tagsSince(minUsn));
    }

    @Override
    public Map<String, String> config() {
        return call(settings::config);
    }

    @Override
    public void markConfigSynced() {
        run(settings::markConfigSynced);
    }

    @Override
    public long creationStamp() {
        return call(settings::creationStamp);
    }

    @Override
    public Optional<LegacyObject> notetype(long id) {
        return call(() -> objects.notetype(id));
    }

    @Override
    public Optional<Long> notetypeIdByName(String name) {
        return call(() -> objects.notetypeIdByName(name));
    }

    @Override
    public void putNotetype(LegacyObject notetype) {
        run(() -> objects.putNotetype(notetype));
    }

    @Override
    public Optional<LegacyObject> deck(long id) {
        return call(() -> objects.deck(id));
    }

    @Override
    public Optional<Long> deckIdByName(String name) {
        return call(() -> objects.deckIdByName(name));
    }

    @Override
    public void putDeck(LegacyObject deck) {
        run(() -> objects.putDeck(deck));
    }

    @Override
    public Optional<LegacyObject> deckConfig(long id) {
        return call(() -> objects.deckConfig(id));
    }

    @Override
    public void putDeckConfig(LegacyObject deckConfig) {
        run(() -> objects.putDeckConfig(deckConfig));
    }

    @Override
    public Optional<String> tag(String name) {
        return call(() -> settings.tag(name));
    }

    @Override
    public void addTag(String tag, int tagUsn) {
        run(() -> settings.addTag(tag, tagUsn));
    }

    @Override
    public void setCreationStamp(long seconds) {
        run(() -> settings.setCreationStamp(seconds));
    }

    @Override
    public void replaceConfig(Map<String, String> config, int configUsn, long mtimeSecs) {
        run(() -> settings.replaceConfig(config, configUsn, mtimeSecs));
    }

    @Override
    public List<Long> revlogIdsSince(int minUsn) {
        return call(() -> rows.revlogIdsSince(minUsn));
    }

    @Override
    public List<Long> cardIdsSince(int minUsn) {
        return call(() -> rows.cardIdsSince(minUsn));
    }

    @Override
    public List<Long> noteIdsSince(int minUsn) {
        return call(() -> rows.noteIdsSince(minUsn));
    }

    @Override
    public List<RevlogRow> revlog(List<Long> ids) {
        return call(() -> rows.revlog(ids));
    }

    @Override
    public List<CardRow> cards(List<Long> ids) {
        return call(() -> rows.cards(ids));
    }

    @Override
    public List<NoteRow> notes(List<Long> ids) {
        return call(() -> rows.notes(ids));
    }

    @Override
    public void addRevlog(RevlogRow entry) {
        run(() -> added(rows.addRevlog(entry), new RowTotals(0, 0, 1)));
    }

    @Override
    public Optional<RowStamp> cardStamp(long id) {
        return call(() -> rows.cardStamp(id));
    }

    @Override
    public void putCard(CardRow card) {
        run(() -> added(rows.putCard(card), new RowTotals(1, 0, 0)));
    }

    @Override
    public Optional<RowStamp> noteStamp(long id) {
        return call(() -> rows.noteStamp(id));
    }

    @Override
    public Optional<NotetypeShape> notetypeShape(long notetypeId) {
        return call(() -> objects.notetypeShape(notetypeId));
    }

    @Override
    public void putNote(NoteRow note, String sortField, long checksum) {
        run(() -> added(rows.putNote(note, sortField, checksum), new RowTotals(0, 1, 0)));
    }

    private void added(boolean wasNew, RowTotals one) {
        if (wasNew) {
            changed = changed.plus(one);
        }
    }

    @Override
    public SanityCounts counts() {
        return call(() -> {
            RowTotals now = atBegin.isPresent() ? atBegin.get().plus(changed) : countRows();
            atBegin = Optional.of(now.minus(changed));
            return new SanityCounts(now.cards(), now.notes(), now.revlog(),
                    sql.queryLong("SELECT count() FROM notetypes"),
                    sql.queryLong("SELECT count() FROM decks"),
                    sql.queryLong("SELECT count() FROM deck_config"));
        });
    }

    private RowTotals countRows() throws SQLException {
        return new RowTotals(sql.queryLong("SELECT count() FROM cards"), sql.queryLong("SELECT count() FROM notes"),
                sql.queryLong("SELECT count() FROM revlog"));
    }

    @Override
    public void commit(long nowMillis) {
        run(() -> {
            try (PreparedStatement update = sql.connection().prepareStatement("UPDATE col SET ls = ?, mod = ?, usn = usn + 1")) {
                update.setLong(1, nowMillis);
                update.setLong(2, nowMillis);
                update.executeUpdate();
            }
            sql.execute("COMMIT");
            finished = true;
            atBegin.ifPresent(rowsBefore -> counted.remember(dataVersion, rowsBefore.plus(changed)));
        });
        release.run();
    }

    @Override
    public void close() {
        if (!finished) {
            finished = true;
            try {
                sql.execute("ROLLBACK");
            } catch (SQLException e) {
                // Closing the connection rolls back whatever is left; it is not given back.
                closeQuietly(sql.connection());
                return;
            }
            release.run();
        }
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
}
