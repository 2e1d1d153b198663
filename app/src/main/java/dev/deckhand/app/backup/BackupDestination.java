package dev.deckhand.app.backup;

import dev.deckhand.adapter.filesystem.FilesystemBlobStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The folder backups go to ({@code deckhand backup DEST}, or {@code DECKHAND_BACKUP_DIR}):
 *
 * <pre>
 * DEST/
 *   .lock                          held by whoever writes here (a backup, or retention)
 *   blobs/&lt;2 hex&gt;/&lt;sha256&gt;          media contents, shared by every backup, each copied once
 *   backup-2026-12-04T03-00-00Z/   one complete backup: manifest.json, deckhand.sqlite, users/...
 *   .incomplete-…/                 a backup being written; renamed to backup-… only when complete
 * </pre>
 *
 * <p>A backup folder is published by one rename after its manifest is on disk, so a folder named
 * {@code backup-…} is always complete, and a killed backup leaves only an {@code .incomplete-…}
 * folder (and perhaps a few new blobs, which are valid, verified copies), cleared by the next one.
 */
public final class BackupDestination {

    static final String MANIFEST = "manifest.json";
    private static final String PREFIX = "backup-";
    private static final String INCOMPLETE = ".incomplete-";
    private static final DateTimeFormatter NAME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

    private final Path root;

    public BackupDestination(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** A complete backup in this destination. */
    public record CompleteBackup(String name, Path folder) {
        public Path manifest() {
            return folder.resolve(MANIFEST);
        }

        /** The destination it is in, whose blob store holds its media contents. */
        public BackupDestination destination() {
            return new BackupDestination(folder.getParent());
        }
    }

    /**
     * The backup {@code source} names: a {@code backup-…} folder itself, or the newest one in a
     * destination.
     */
    public static CompleteBackup find(Path source) {
        Path folder = source.toAbsolutePath().normalize();
        if (Files.isRegularFile(folder.resolve(MANIFEST))) {
            return new CompleteBackup(folder.getFileName().toString(), folder);
        }
        List<CompleteBackup> backups = new BackupDestination(folder).complete();
        if (backups.isEmpty()) {
            throw new BackupException("no backup at " + folder + ": it is neither a backup folder (with " + MANIFEST
                    + ") nor a destination holding complete backups");
        }
        return backups.get(backups.size() - 1);
    }

    /** The destination's lock; while it is held nobody else writes here. Released by close, or by the process dying. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // Closing the channel or ending the process releases the lock anyway.
            }
        }
    }

    /** Takes the lock, creating the destination if needed; refuses at once if another backup holds it. */
    public Lock lock() {
        FileChannel channel = null;
        try {
            PrivateFiles.folder(root);
            channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new BackupException("another backup is writing to " + root + "; try again when it has finished");
            }
            return new Lock(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new BackupException("another backup in this process is writing to " + root);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new BackupException("cannot use " + root + " for backups: " + Failures.describe(e), e);
        } catch (BackupException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The shared store of media contents. */
    public FilesystemBlobStore blobs() {
        return new FilesystemBlobStore(root.resolve("blobs"));
    }

    /** Complete backups, oldest first. */
    public List<CompleteBackup> complete() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries
                    .filter(path -> path.getFileName().toString().startsWith(PREFIX))
                    .filter(path -> Files.isRegularFile(path.resolve(MANIFEST)))
                    .map(path -> new CompleteBackup(path.getFileName().toString(), path))
                    .sorted(Comparator.comparing(CompleteBackup::name))
                    .toList();
        } catch (IOException e) {
            throw new BackupException("cannot list the backups in " + root + ": " + Failures.describe(e), e);
        }
    }

    /**
     * Removes what killed backups left: their folders, and blob copies they had not finished before
     * {@code began}. Hold the lock: then no other backup is writing, and every such file is a leftover.
     */
    int discardIncomplete(Instant began) throws IOException {
        int discarded = 0;
        try (Stream<Path> entries = Files.list(root)) {
            for (Path leftover : entries.filter(path -> path.getFileName().toString().startsWith(INCOMPLETE)).toList()) {
                PrivateFiles.deleteTree(leftover);
                discarded++;
            }
        }
        blobs().removeOlderThan(began);
        return discarded;
    }

    /** A new, empty, private folder for a backup that began at {@code began}. Hold the lock. */
    Path begin(Instant began) throws IOException {
        return PrivateFiles.folder(root.resolve(INCOMPLETE + name(began)));
    }

    /** Renames a finished backup into place; from then on it counts as complete. Hold the lock. */
    CompleteBackup publish(Path incomplete) throws IOException {
        String name = incomplete.getFileName().toString().substring(INCOMPLETE.length());
        Path folder = root.resolve(name);
        Files.move(incomplete, folder, StandardCopyOption.ATOMIC_MOVE);
        PrivateFiles.syncFolder(root);
        return new CompleteBackup(name, folder);
    }

    /** Deletes a complete backup: first un-publishes it by a rename, so a crash midway leaves no half backup named as complete. */
    void delete(CompleteBackup backup) throws IOException {
        Path doomed = root.resolve(INCOMPLETE + "deleting-" + backup.name());
        Files.move(backup.folder(), doomed, StandardCopyOption.ATOMIC_MOVE);
        PrivateFiles.syncFolder(root);
        PrivateFiles.deleteTree(doomed);
    }

    /** A name that sorts by time and is not taken yet. */
    private String name(Instant began) {
        String base = PREFIX + NAME.format(began.truncatedTo(ChronoUnit.SECONDS));
        String name = base;
        for (int n = 1; Files.exists(root.resolve(name)) || Files.exists(root.resolve(INCOMPLETE + name)); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to release
            }
        }
    }
}
