package dev.deckhand.adapter.sqlite;

import dev.deckhand.adapter.sqlite.collection.CollectionCheck;
import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import dev.deckhand.adapter.sqlite.collection.internal.schema.Schema11Upgrade;
import dev.deckhand.adapter.sqlite.internal.OldServerFiles;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.movein.CollectionStaging;
import dev.deckhand.ports.movein.CollectionSummary;
import dev.deckhand.ports.movein.ImportedPassword;
import dev.deckhand.ports.movein.LedgerEntry;
import dev.deckhand.ports.movein.MoveInTarget;
import dev.deckhand.ports.movein.TargetHoldings;
import dev.deckhand.ports.movein.UserMoveIn;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.PasswordHashing;
import dev.deckhand.ports.out.StagedCollection;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deckhand's side of a move, on the server database and the collection files. A user is switched
 * in by one transaction of the server database (ledger, account, host keys, the record of the move)
 * with the staged collection renamed into place just before it commits; if anything fails, the
 * transaction rolls back and the rename is undone.
 */
public final class SqliteMoveInTarget implements MoveInTarget {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteMoveInTarget.class);

    private final CollectionFiles files;
    private final Jdbi jdbi;
    private final Path staging;
    private final Clock clock;
    private final PasswordHashing hashing;

    /**
     * @param staging where collections are staged; for a real move it must be on the data folder's
     *     file system, so the switch is a rename
     * @param hashing hashes plain passwords from the settings, and says which hashes from them it can check
     */
    public SqliteMoveInTarget(Path dataFolder, ServerDatabase database, Path staging, Clock clock, PasswordHashing hashing) {
        this.files = new CollectionFiles(dataFolder);
        this.jdbi = Objects.requireNonNull(database, "database").jdbi();
        this.staging = Objects.requireNonNull(staging, "staging").toAbsolutePath();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hashing = Objects.requireNonNull(hashing, "hashing");
    }

    /** The names of the users moved in so far. */
    public static Set<String> movedIn(ServerDatabase database) {
        try {
            return new HashSet<>(database.jdbi().withHandle(h -> h.createQuery("SELECT user_name FROM move_ins")
                    .mapTo(String.class)
                    .list()));
        } catch (JdbiException e) {
            throw new StorageException("cannot read which users were moved in", e);
        }
    }

    @Override
    public TargetHoldings holdings(UserId user) {
        try {
            return jdbi.withHandle(h -> new TargetHoldings(
                    h.createQuery("SELECT moved_in_at FROM move_ins WHERE user_name = ?").bind(0, user.name())
                            .mapTo(Long.class).findOne(),
                    exists(h, "SELECT EXISTS (SELECT 1 FROM accounts WHERE name = ?)", user),
                    collectionHasContent(user),
                    exists(h, "SELECT EXISTS (SELECT 1 FROM media_files WHERE user_name = ?)", user)));
        } catch (JdbiException e) {
            throw new StorageException("cannot read what Deckhand holds for " + user.name(), e);
        }
    }

    private static boolean exists(Handle h, String query, UserId user) {
        return h.createQuery(query).bind(0, user.name()).mapTo(Boolean.class).one();
    }

    /** A collection that cannot even be read counts as having content: it is never replaced. */
    private boolean collectionHasContent(UserId user) {
        Path collection = files.collection(user);
        if (!Files.exists(collection)) {
            return false;
        }
        try (Connection connection = CollectionCheck.open(collection); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM notes) OR EXISTS (SELECT 1 FROM cards)"
                        + " OR EXISTS (SELECT 1 FROM revlog)")) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            return true;
        }
    }

    @Override
    public CollectionStaging stage(UserId user, Path collection) {
        Path folder;
        try {
            Files.createDirectories(staging);
            folder = Files.createTempDirectory(staging, "collection-");
        } catch (IOException e) {
            throw new StorageException("cannot make a staging folder in " + staging, e);
        }
        boolean keep = false;
        try {
            Path copy = OldServerFiles.copyWithLog(collection, folder, CollectionFiles.COLLECTION);
            if (!CollectionCheck.hasSqliteHeader(copy)) {
                return new CollectionStaging.Refused(collection + " is not an SQLite database (truncated or damaged?)");
            }
            int schemaBefore;
            try (Connection connection = CollectionCheck.open(copy)) {
                schemaBefore = schemaVersion(connection);
                if (schemaBefore == Schema11Upgrade.FROM) {
                    Schema11Upgrade.upgrade(connection);
                } else if (schemaBefore != CollectionCheck.SUPPORTED_SCHEMA) {
                    return new CollectionStaging.Refused("schema " + schemaBefore + " cannot be moved in (only 11 and 18);"
                            + " open the file once with a current Anki, which upgrades it, and try again");
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
            Optional<String> problem = CollectionCheck.problemWith(copy);
            if (problem.isPresent()) {
                return new CollectionStaging.Refused(collection + ": " + problem.get());
            }
            CollectionSummary summary = summary(copy, schemaBefore);
            keep = true;
            return new CollectionStaging.Staged(new StagedFile(user, folder, copy), summary);
        } catch (SQLException e) {
            return new CollectionStaging.Refused(collection + " cannot be read: " + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new StorageException("cannot stage the collection of " + user.name(), e);
        } finally {
            if (!keep) {
                OldServerFiles.deleteTree(folder);
            }
        }
    }

    private static int schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT ver FROM col")) {
            if (!rs.next()) {
                throw new SQLException("the col table is empty");
            }
            return rs.getInt(1);
        }
    }

    private static CollectionSummary summary(Path collection, int schemaBefore) throws SQLException {
        try (Connection connection = CollectionCheck.open(collection); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT (SELECT count() FROM notes), (SELECT count() FROM cards),"
                        + " (SELECT count() FROM revlog), usn, mod FROM col")) {
            rs.next();
            return new CollectionSummary(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getInt(4), rs.getLong(5), schemaBefore);
        }
    }

    @Override
    public boolean accepts(ImportedPassword password) {
        if (password instanceof ImportedPassword.AnkisyncdHash ankisyncd) {
            return ankisyncd.isWellFormed();
        }
        Credential credential = ((ImportedPassword.FromSettings) password).credential();
        return !(credential instanceof Credential.PasswordHash hash) || hashing.accepts(hash.phc());
    }

    @Override
    public boolean switchOver(UserMoveIn moveIn) {
        Optional<ImportedPassword> password = moveIn.password().filter(this::accepts);
        Optional<String> passwordHash = password.map(this::storedForm);
        Optional<String> provenance = password.filter(ImportedPassword.FromSettings.class::isInstance)
                .flatMap(p -> SqliteAccountStore.provenance(((ImportedPassword.FromSettings) p).credential()));
        Path target = files.collection(moveIn.user());
        Swap swap = new Swap(moveIn.collection().map(staged -> ((StagedFile) staged).file), target);
        try {
            boolean switched = jdbi.inTransaction(h -> {
                if (h.createQuery("SELECT EXISTS (SELECT 1 FROM move_ins WHERE user_name = ?)").bind(0, moveIn.user().name())
                        .mapTo(Boolean.class).one()) {
                    return false;
                }
                writeLedger(h, moveIn);
                passwordHash.ifPresent(hash -> h.createUpdate("INSERT INTO accounts (name, password_hash, provisioned_from, created_at)"
                                + " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")
                        .bind(0, moveIn.user().name()).bind(1, hash).bind(2, provenance.orElse(null)).bind(3, clock.millis()).execute());
                writeHostKeys(h, moveIn);
                h.createUpdate("INSERT INTO move_ins (user_name, source_kind, source, media_usn, moved_in_at) VALUES (?, ?, ?, ?, ?)")
                        .bind(0, moveIn.user().name()).bind(1, moveIn.kind().commandName()).bind(2, moveIn.source())
                        .bind(3, moveIn.mediaUsn()).bind(4, clock.millis()).execute();
                swap.install();
                return true;
            });
            swap.finish();
            return switched;
        } catch (JdbiException | StorageException e) {
            swap.undo();
            throw e instanceof StorageException storage ? storage
                    : new StorageException("cannot record the move of " + moveIn.user().name() + ": " + firstLine(e.getMessage()), e);
        }
    }

    private String storedForm(ImportedPassword password) {
        if (password instanceof ImportedPassword.AnkisyncdHash ankisyncd) {
            return ankisyncd.stored();
        }
        Credential credential = ((ImportedPassword.FromSettings) password).credential();
        return credential instanceof Credential.PasswordHash hash ? hash.phc()
                : hashing.hash(((Credential.PlainPassword) credential).password());
    }

    private static void writeLedger(Handle h, UserMoveIn moveIn) {
        String user = moveIn.user().name();
        if (h.createQuery("SELECT EXISTS (SELECT 1 FROM media_files WHERE user_name = ?)").bind(0, user).mapTo(Boolean.class).one()) {
            throw new StorageException("media of " + user + " appeared in Deckhand meanwhile; nothing was changed");
        }
        PreparedBatch rows = h.prepareBatch(
                "INSERT INTO media_files (user_name, filename, sha1, sha256, size, usn, mtime) VALUES (?, ?, ?, ?, ?, ?, ?)");
        long files = 0;
        long bytes = 0;
        for (LedgerEntry entry : moveIn.media()) {
            rows.bind(0, user).bind(1, entry.filename()).bind(2, entry.sha1()).bind(3, entry.sha256().map(s -> s.hex()).orElse(null))
                    .bind(4, entry.size()).bind(5, entry.usn()).bind(6, entry.mtimeSecs()).add();
            if (!entry.deleted()) {
                files++;
                bytes += entry.size();
            }
        }
        if (!moveIn.media().isEmpty()) {
            rows.execute();
        }
        h.createUpdate("INSERT OR REPLACE INTO media_state (user_name, last_usn, live_files, live_bytes) VALUES (?, ?, ?, ?)")
                .bind(0, user).bind(1, moveIn.mediaUsn()).bind(2, files).bind(3, bytes).execute();
    }

    private void writeHostKeys(Handle h, UserMoveIn moveIn) {
        List<HostKeyDigest> keys = moveIn.hostKeys();
        if (keys.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT OR IGNORE INTO host_keys (digest, user_name, issued_at) VALUES (?, ?, ?)");
        for (HostKeyDigest key : keys) {
            batch.bind(0, key.hex()).bind(1, moveIn.user().name()).bind(2, clock.millis()).add();
        }
        batch.execute();
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }

    /**
     * Renames the staged collection into place. Whatever was there (an empty collection Deckhand
     * made at a first sign-in, with its log) is moved aside and removed only after the commit, so
     * every step can be undone.
     */
    private static final class Swap {
        private static final String ASIDE = ".before-move-in";
        private final Optional<Path> staged;
        private final Path target;
        private final Deque<Path[]> moves = new ArrayDeque<>();

        Swap(Optional<Path> staged, Path target) {
            this.staged = staged;
            this.target = target;
        }

        void install() {
            if (staged.isEmpty()) {
                return;
            }
            try {
                Files.createDirectories(target.getParent());
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    Path old = CollectionFiles.sibling(target, suffix);
                    if (Files.exists(old)) {
                        move(old, CollectionFiles.sibling(target, suffix + ASIDE));
                    }
                }
                move(staged.get(), target);
            } catch (IOException e) {
                throw new StorageException("cannot move the collection into " + target, e);
            }
        }

        private void move(Path from, Path to) throws IOException {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moves.push(new Path[] {from, to});
        }

        void finish() {
            for (Path[] move : moves) {
                if (move[1].getFileName().toString().endsWith(ASIDE)) {
                    try {
                        Files.deleteIfExists(move[1]);
                    } catch (IOException e) {
                        LOG.warn("could not remove {}: {}", move[1], e.getMessage());
                    }
                }
            }
        }

        void undo() {
            while (!moves.isEmpty()) {
                Path[] move = moves.pop();
                try {
                    Files.move(move[1], move[0], StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    LOG.error("could not move {} back to {}", move[1], move[0], e);
                }
            }
        }
    }

    /** A staged collection in its own folder, removed when closed unless it was switched in. */
    private static final class StagedFile implements StagedCollection {
        private final UserId user;
        private final Path folder;
        private final Path file;

        StagedFile(UserId user, Path folder, Path file) {
            this.user = user;
            this.folder = folder;
            this.file = file;
        }

        @Override
        public UserId user() {
            return user;
        }

        @Override
        public void close() {
            OldServerFiles.deleteTree(folder);
        }
    }
}
