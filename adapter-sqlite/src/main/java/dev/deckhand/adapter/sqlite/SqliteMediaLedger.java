package dev.deckhand.adapter.sqlite;

import dev.deckhand.ports.model.MediaChange;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.MediaState;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.MediaLedger;
import dev.deckhand.ports.out.MediaLedgerBatch;
import dev.deckhand.ports.out.StorageException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * All users' media ledgers in the server database. A batch is one transaction that reads and
 * advances the user's USN, so two uploads of the same user can never hand out one USN twice.
 */
public final class SqliteMediaLedger implements MediaLedger {

    private static final String STATE = "SELECT last_usn, live_files, live_bytes FROM media_state WHERE user_name = ?";
    private static final MediaState NO_MEDIA = new MediaState(0, 0, 0);

    private final Jdbi jdbi;
    private final KeptQueries kept;

    public SqliteMediaLedger(ServerDatabase database) {
        this.jdbi = Objects.requireNonNull(database, "database").jdbi();
        this.kept = database.kept();
    }

    /** Every collection sync's {@code meta} asks this: a kept statement, not Jdbi. */
    @Override
    public MediaState state(UserId user) {
        try {
            return kept.first(STATE, user.name(), SqliteMediaLedger::mediaState).orElse(NO_MEDIA);
        } catch (SQLException e) {
            throw new StorageException("cannot read media records", e);
        }
    }

    @Override
    public List<MediaChange> changesAfter(UserId user, int afterUsn, int limit) {
        return read(() -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT filename, usn, CASE WHEN sha256 IS NULL THEN '' ELSE sha1 END FROM media_files "
                                + "WHERE user_name = ? AND usn > ? ORDER BY usn LIMIT ?")
                .bind(0, user.name())
                .bind(1, afterUsn)
                .bind(2, limit)
                .map((rs, ctx) -> new MediaChange(rs.getString(1), rs.getInt(2), rs.getString(3)))
                .list()));
    }

    @Override
    public Optional<MediaFile> file(UserId user, String filename) {
        return read(() -> jdbi.withHandle(h -> h.createQuery(
                        "SELECT sha1, sha256, size FROM media_files WHERE user_name = ? AND filename = ? AND sha256 IS NOT NULL")
                .bind(0, user.name())
                .bind(1, filename)
                .map((rs, ctx) -> new MediaFile(rs.getString(1), new Sha256(rs.getString(2)), rs.getLong(3)))
                .findOne()));
    }

    /** The user's live files, name to content, by name: what an export of the user's media holds. */
    public Map<String, MediaFile> liveFiles(UserId user) {
        return read(() -> jdbi.withHandle(h -> {
            Map<String, MediaFile> files = new LinkedHashMap<>();
            h.createQuery("SELECT filename, sha1, sha256, size FROM media_files WHERE user_name = ? AND sha256 IS NOT NULL"
                            + " ORDER BY filename")
                    .bind(0, user.name())
                    .map((rs, ctx) -> Map.entry(rs.getString(1),
                            new MediaFile(rs.getString(2), new Sha256(rs.getString(3)), rs.getLong(4))))
                    .forEach(entry -> files.put(entry.getKey(), entry.getValue()));
            return Collections.unmodifiableMap(files);
        }));
    }

    @Override
    public MediaState apply(UserId user, List<MediaUpdate> updates, long nowSecs) {
        try {
            return jdbi.inTransaction(h -> {
                h.execute("INSERT OR IGNORE INTO media_state (user_name, last_usn, live_files, live_bytes) VALUES (?, 0, 0, 0)", user.name());
                MediaLedgerBatch batch = new MediaLedgerBatch(state(h, user));
                for (MediaUpdate update : updates) {
                    Optional<MediaLedgerBatch.Change> change = batch.step(update, liveFile(h, user, update.filename()));
                    if (change.isEmpty()) {
                        continue;
                    }
                    if (change.get() instanceof MediaLedgerBatch.Change.Put put) {
                        MediaFile content = put.content();
                        h.createUpdate("INSERT OR REPLACE INTO media_files (user_name, filename, sha1, sha256, size, usn, mtime) "
                                        + "VALUES (?, ?, ?, ?, ?, ?, ?)")
                                .bind(0, user.name()).bind(1, update.filename()).bind(2, content.sha1())
                                .bind(3, content.sha256().hex()).bind(4, content.size()).bind(5, put.usn()).bind(6, nowSecs)
                                .execute();
                    } else {
                        h.createUpdate("UPDATE media_files SET sha256 = NULL, size = 0, usn = ?, mtime = ? WHERE user_name = ? AND filename = ?")
                                .bind(0, change.get().usn()).bind(1, nowSecs).bind(2, user.name()).bind(3, update.filename())
                                .execute();
                    }
                }
                MediaState after = batch.state();
                h.createUpdate("UPDATE media_state SET last_usn = ?, live_files = ?, live_bytes = ? WHERE user_name = ?")
                        .bind(0, after.lastUsn()).bind(1, after.liveFiles()).bind(2, after.liveBytes()).bind(3, user.name())
                        .execute();
                return after;
            });
        } catch (JdbiException e) {
            throw new StorageException("cannot record media changes of " + user.name(), e);
        }
    }

    @Override
    public boolean references(Sha256 blob) {
        return read(() -> jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM media_files WHERE sha256 = ?)")
                .bind(0, blob.hex())
                .mapTo(Boolean.class)
                .one()));
    }

    private static MediaState state(Handle h, UserId user) {
        return h.createQuery(STATE)
                .bind(0, user.name())
                .map((rs, ctx) -> mediaState(rs))
                .findOne()
                .orElse(NO_MEDIA);
    }

    /** A row of {@link #STATE}. */
    private static MediaState mediaState(ResultSet row) throws SQLException {
        return new MediaState(row.getInt(1), row.getLong(2), row.getLong(3));
    }

    private static Optional<MediaFile> liveFile(Handle h, UserId user, String filename) {
        return h.createQuery("SELECT sha1, sha256, size FROM media_files WHERE user_name = ? AND filename = ? AND sha256 IS NOT NULL")
                .bind(0, user.name())
                .bind(1, filename)
                .map((rs, ctx) -> new MediaFile(rs.getString(1), new Sha256(rs.getString(2)), rs.getLong(3)))
                .findOne();
    }

    private static <T> T read(Supplier<T> query) {
        try {
            return query.get();
        } catch (JdbiException e) {
            throw new StorageException("cannot read media records", e);
        }
    }
}
