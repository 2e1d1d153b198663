package dev.deckhand.adapter.sqlite.collection;

import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.adapter.sqlite.collection.internal.LegacyObjects;
import dev.deckhand.adapter.sqlite.collection.internal.OpenCollections;
import dev.deckhand.adapter.sqlite.collection.internal.ProtobufLegacyObjects;
import dev.deckhand.adapter.sqlite.collection.internal.SqliteSyncTransaction;
import dev.deckhand.ports.model.CollectionState;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionStore;
import dev.deckhand.ports.out.CollectionTransactions;
import dev.deckhand.ports.out.DiskSpace;
import dev.deckhand.ports.out.Leftovers;
import dev.deckhand.ports.out.StageOutcome;
import dev.deckhand.ports.out.StagedCollection;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.out.StoredFile;
import dev.deckhand.ports.out.SyncTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each user's collection as one SQLite file, {@code <data>/users/<key>/collection.anki2}, exactly as
 * Anki clients upload it. Recently used collections stay open ({@link OpenCollections}); a normal
 * sync borrows its user's connection for its transaction. Before a file is replaced its connection is
 * closed, and before it is downloaded its write-ahead log is checkpointed into it. A full upload is
 * staged beside the collection as {@code upload-*.anki2}; those a crash left behind (with their
 * {@code -wal} and {@code -shm}) are {@link Leftovers}.
 */
public final class SqliteCollectionStore implements CollectionStore, CollectionTransactions, Leftovers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteCollectionStore.class);
    private static final int COPY_BUFFER = 64 * 1024;
    /** Staged full uploads are named {@code upload-<random>.anki2}; SQLite adds {@code -wal}, {@code -shm}. */
    private static final String STAGING_PREFIX = "upload-";
    /** Collections kept open between requests; each holds a few file descriptors. */
    private static final int MAX_OPEN_COLLECTIONS = 256;

    private final CollectionFiles files;
    private final EmptyCollectionFactory emptyCollections;
    private final LegacyObjects legacyObjects;
    private final OpenCollections openCollections = new OpenCollections(MAX_OPEN_COLLECTIONS);

    public SqliteCollectionStore(Path dataFolder, EmptyCollectionFactory emptyCollections) {
        this.files = new CollectionFiles(dataFolder);
        this.emptyCollections = Objects.requireNonNull(emptyCollections, "emptyCollections");
        this.legacyObjects = new ProtobufLegacyObjects();
    }

    /** Closes the collections kept open. */
    @Override
    public void close() {
        openCollections.close();
    }

    @Override
    public SyncTransaction begin(UserId user) {
        Path collection = existingOrNew(user);
        try {
            OpenCollections.CheckedOut lent = openCollections.checkOut(user, collection);
            return SqliteSyncTransaction.begin(user, lent, legacyObjects, () -> openCollections.checkIn(user, lent));
        } catch (SQLException e) {
            throw new StorageException("cannot open the collection of " + user.name(), e);
        }
    }

    @Override
    public CollectionState open(UserId user) {
        Path collection = existingOrNew(user);
        try {
            return openCollections.with(user, collection, connection -> readState(user, collection, connection));
        } catch (SQLException e) {
            throw new StorageException("cannot read the collection of " + user.name(), e);
        }
    }

    private static CollectionState readState(UserId user, Path collection, Connection connection) throws SQLException {
        // One statement, not two: every meta reads this, and compiling the SQL was about half its cost.
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT mod, scm, usn, EXISTS (SELECT 1 FROM cards) FROM col")) {
            if (!rs.next()) {
                throw new StorageException("collection of " + user.name() + " has no col row");
            }
            return new CollectionState(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getBoolean(4), Files.size(collection));
        } catch (IOException e) {
            throw new StorageException("cannot read the size of the collection of " + user.name(), e);
        }
    }

    @Override
    public StageOutcome stage(UserId user, InputStream uploaded, long maxBytes) {
        Path staging = newStagingFile(user);
        boolean keep = false;
        try {
            Optional<StageOutcome.Refused> refused = receive(uploaded, staging, maxBytes);
            if (refused.isPresent()) {
                return refused.get();
            }
            Optional<String> problem = CollectionCheck.problemWith(staging);
            if (problem.isPresent()) {
                return new StageOutcome.Refused(StageOutcome.Reason.CORRUPT, problem.get());
            }
            keep = true;
            return new StageOutcome.Staged(new Staged(user, staging));
        } catch (IOException e) {
            if (DiskSpace.isDiskFull(e)) {
                return new StageOutcome.Refused(StageOutcome.Reason.NO_SPACE, "the disk filled: " + e.getMessage());
            }
            throw new StorageException("cannot stage an upload for " + user.name(), e);
        } finally {
            if (!keep) {
                deleteQuietly(staging);
            }
        }
    }

    @Override
    public void install(StagedCollection staged) {
        Staged ours = (Staged) staged;
        Path target = files.collection(ours.user());
        openCollections.close(ours.user());
        try {
            // A write-ahead log left beside the old file would be replayed into the new one.
            Files.deleteIfExists(CollectionFiles.sibling(target, "-wal"));
            Files.deleteIfExists(CollectionFiles.sibling(target, "-shm"));
            Files.move(ours.file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            ours.installed = true;
            fsyncFolder(target.getParent());
        } catch (IOException e) {
            throw new StorageException("cannot install the upload of " + ours.user().name(), e);
        }
        LOG.info("installed a full upload for {}", ours.user().name());
    }

    @Override
    public StoredFile prepareDownload(UserId user, long nowMillis) {
        Path collection = existingOrNew(user);
        try {
            openCollections.with(user, collection, connection -> {
                try (PreparedStatement bump = connection.prepareStatement("UPDATE col SET usn = usn + 1, mod = ?")) {
                    bump.setLong(1, nowMillis);
                    bump.executeUpdate();
                }
                // The file alone must hold everything before it is sent.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StorageException("cannot prepare the collection of " + user.name() + " for download", e);
        }
        return new FileOnDisk(collection);
    }

    @Override
    public StoredFile snapshot(UserId user) {
        Path collection = existingOrNew(user);
        try {
            openCollections.with(user, collection, connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StorageException("cannot checkpoint the collection of " + user.name(), e);
        }
        return new FileOnDisk(collection);
    }

    @Override
    public void remove(UserId user) {
        Path collection = files.collection(user);
        openCollections.close(user);
        try {
            Files.deleteIfExists(collection);
            Files.deleteIfExists(CollectionFiles.sibling(collection, "-wal"));
            Files.deleteIfExists(CollectionFiles.sibling(collection, "-shm"));
            fsyncFolder(collection.getParent());
        } catch (IOException e) {
            throw new StorageException("cannot remove the collection of " + user.name(), e);
        }
        LOG.info("removed the collection of {}, which now lives on another node", user.name());
    }

    private Path existingOrNew(UserId user) {
        Path collection = files.collection(user);
        if (!Files.exists(collection)) {
            try {
                Files.createDirectories(collection.getParent());
            } catch (IOException e) {
                throw new StorageException("cannot create the folder of " + user.name(), e);
            }
            emptyCollections.create(collection);
            LOG.info("created an empty collection for {}", user.name());
        }
        return collection;
    }

    @Override
    public Removed removeOlderThan(Instant cutoff) {
        Path users = files.usersFolder();
        if (!Files.isDirectory(users, LinkOption.NOFOLLOW_LINKS)) {
            return Removed.NONE;
        }
        Removed removed = Removed.NONE;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(users)) {
            for (Path folder : folders) {
                if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    removed = removed.plus(removeStagedUploads(folder, cutoff));
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot clear the left-over uploads in " + users, e);
        }
        return removed;
    }

    private static Removed removeStagedUploads(Path folder, Instant cutoff) throws IOException {
        Removed removed = Removed.NONE;
        try (DirectoryStream<Path> staged = Files.newDirectoryStream(folder, STAGING_PREFIX + "*")) {
            for (Path file : staged) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(cutoff)
                            && Files.deleteIfExists(file)) {
                        removed = removed.plus(new Removed(1, attributes.size()));
                    }
                } catch (NoSuchFileException e) {
                    // installed or cleaned up by its upload meanwhile
                }
            }
        }
        return removed;
    }

    private Path newStagingFile(UserId user) {
        try {
            Path folder = files.userFolder(user);
            Files.createDirectories(folder);
            return Files.createTempFile(folder, STAGING_PREFIX, ".anki2");
        } catch (IOException e) {
            throw new StorageException("cannot create a staging file for " + user.name(), e);
        }
    }

    /** Copies the body to disk, stopping early if it is too large or cannot be read. */
    private static Optional<StageOutcome.Refused> receive(InputStream in, Path staging, long maxBytes)
            throws IOException {
        byte[] buffer = new byte[COPY_BUFFER];
        long total = 0;
        try (FileChannel channel = FileChannel.open(staging, StandardOpenOption.WRITE);
                OutputStream out = Channels.newOutputStream(channel)) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException | UncheckedIOException e) {
                    return Optional.of(new StageOutcome.Refused(
                            StageOutcome.Reason.BODY_UNREADABLE, "upload body ended early: " + e.getMessage()));
                }
                if (n < 0) {
                    break;
                }
                total += n;
                if (total >= maxBytes) {
                    return Optional.of(new StageOutcome.Refused(
                            StageOutcome.Reason.TOO_LARGE, "upload reached the limit of " + maxBytes + " bytes"));
                }
                out.write(buffer, 0, n);
            }
            out.flush();
            channel.force(true);
        }
        if (total == 0) {
            return Optional.of(new StageOutcome.Refused(StageOutcome.Reason.CORRUPT, "the upload was empty"));
        }
        return Optional.empty();
    }

    private static void fsyncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename itself has already happened.
            LOG.debug("could not fsync {}: {}", folder, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(CollectionFiles.sibling(file, "-wal"));
            Files.deleteIfExists(CollectionFiles.sibling(file, "-shm"));
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.getMessage());
        }
    }

    /** A checked upload in the user's folder, waiting for {@link #install}. */
    private static final class Staged implements StagedCollection {
        private final UserId user;
        private final Path file;
        private volatile boolean installed;

        Staged(UserId user, Path file) {
            this.user = user;
            this.file = file;
        }

        @Override
        public UserId user() {
            return user;
        }

        @Override
        public void close() {
            if (!installed) {
                deleteQuietly(file);
            }
        }
    }

    private record FileOnDisk(Path file) implements StoredFile {
        @Override
        public long sizeBytes() {
            try {
                return Files.size(file);
            } catch (IOException e) {
                throw new StorageException("cannot read the size of " + file, e);
            }
        }

        @Override
        public InputStream open() {
            try {
                return Files.newInputStream(file);
            } catch (IOException e) {
                throw new StorageException("cannot open " + file, e);
            }
        }
    }
}
