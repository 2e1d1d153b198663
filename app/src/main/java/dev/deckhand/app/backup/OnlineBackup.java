package dev.deckhand.app.backup;

import dev.deckhand.adapter.filesystem.FilesystemBlobStore;
import dev.deckhand.adapter.sqlite.ServerDatabaseCopy;
import dev.deckhand.adapter.sqlite.collection.CollectionCheck;
import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import dev.deckhand.adapter.sqlite.collection.SqliteSnapshots;
import dev.deckhand.app.backup.BackupDestination.CompleteBackup;
import dev.deckhand.app.backup.BackupManifest.BackupBlob;
import dev.deckhand.app.backup.BackupManifest.BackupFile;
import dev.deckhand.app.backup.BackupManifest.FileKind;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.BlobMismatchException;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writes one backup of a running server's data folder, the server going on meanwhile:
 *
 * <ol>
 *   <li>the server database (accounts, host keys, media ledgers), as one consistent snapshot;
 *   <li>every collection, each as one consistent snapshot, through the {@link CollectionGuard};
 *   <li>every media content the copied ledgers point at, into the destination's shared blob store,
 *       skipping contents it holds already (each copy is checked against its SHA-256);
 *   <li>the manifest, and then one rename that makes the backup complete.
 * </ol>
 *
 * Each copy is checked (integrity check of every SQLite file) before the backup is published.
 */
@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
public final class OnlineBackup {

    private final Path dataFolder;
    private final Path serverDatabase;
    private final BlobStore blobs;
    private final CollectionGuard guard;
    private final Clock clock;
    private final String version;

    /**
     * @param dataFolder the server's data folder
     * @param serverDatabase the server database in it
     * @param blobs where the server keeps media contents (local or S3)
     * @param guard how each collection's copy is protected from syncs
     * @param version the Deckhand version, for the manifest
     */
    public OnlineBackup(Path dataFolder, Path serverDatabase, BlobStore blobs, CollectionGuard guard, Clock clock,
            String version) {
        this.dataFolder = Objects.requireNonNull(dataFolder, "dataFolder").toAbsolutePath().normalize();
        this.serverDatabase = Objects.requireNonNull(serverDatabase, "serverDatabase");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.version = Objects.requireNonNull(version, "version");
    }

    /** What a backup wrote. */
    public record Report(CompleteBackup backup, int collections, int blobs, int blobsCopied, long bytesCopied,
            Duration took) {}

    /** Writes a backup into {@code destination}, clearing what earlier killed backups left there first. */
    public Report run(BackupDestination destination) {
        Instant began = clock.instant();
        try (BackupDestination.Lock lock = destination.lock()) {
            Path folder = null;
            try {
                destination.discardIncomplete(began);
                folder = destination.begin(began);
                return write(destination, folder, began);
            } catch (IOException | StorageException | BlobMismatchException e) {
                discard(folder);
                throw new BackupException("backup to " + destination.root() + " failed: " + Failures.describe(e), e);
            } catch (RuntimeException e) {
                discard(folder);
                throw e;
            }
        }
    }

    private Report write(BackupDestination destination, Path folder, Instant began) throws IOException {
        List<BackupFile> files = new ArrayList<>();
        ServerDatabaseCopy database = copyServerDatabase(folder, files);
        copyCollections(folder, database, files);
        List<BackupBlob> blobs = database.referencedBlobs().entrySet().stream()
                .map(blob -> new BackupBlob(blob.getKey(), blob.getValue()))
                .toList();
        FilesystemBlobStore kept = destination.blobs();
        int copied = 0;
        long bytesCopied = 0;
        for (BackupBlob blob : blobs) {
            if (copyIfMissing(blob, kept)) {
                copied++;
                bytesCopied += blob.size();
            }
        }
        ManifestJson.write(new BackupManifest(version, began, files, blobs), folder.resolve(BackupDestination.MANIFEST));
        CompleteBackup backup = destination.publish(folder);
        int collections = (int) files.stream().filter(file -> file.kind() == FileKind.COLLECTION).count();
        return new Report(backup, collections, blobs.size(), copied, bytesCopied, Duration.between(began, clock.instant()));
    }

    private ServerDatabaseCopy copyServerDatabase(Path folder, List<BackupFile> files) throws IOException {
        Path copy = folder.resolve(relative(serverDatabase));
        PrivateFiles.folder(copy.getParent());
        SqliteSnapshots.copy(serverDatabase, copy);
        ServerDatabaseCopy database = new ServerDatabaseCopy(copy);
        failOn(database.problem(), copy);
        files.add(entry(relative(serverDatabase), FileKind.SERVER_DATABASE, copy));
        return database;
    }

    private void copyCollections(Path folder, ServerDatabaseCopy database, List<BackupFile> files) throws IOException {
        // Collection folders are named by storage key; the users the database knows say whose is whose.
        Map<String, UserId> owners = database.users().stream()
                .collect(Collectors.toMap(user -> user.storageKey().value(), Function.identity(), (a, b) -> a));
        for (Path collection : new CollectionFiles(dataFolder).stored()) {
            Path copy = folder.resolve(relative(collection));
            PrivateFiles.folder(copy.getParent());
            Optional<UserId> owner = Optional.ofNullable(owners.get(collection.getParent().getFileName().toString()));
            guard.whileCopying(owner, () -> SqliteSnapshots.copy(collection, copy));
            failOn(CollectionCheck.problemWith(copy), copy);
            files.add(entry(relative(collection), FileKind.COLLECTION, copy));
        }
    }

    /** A failed backup removes its own folder; one killed outright is removed by the next backup. */
    private static void discard(Path folder) {
        if (folder != null) {
            try {
                PrivateFiles.deleteTree(folder);
            } catch (IOException e) {
                // The next backup removes it.
            }
        }
    }

    /** Copies a content the destination lacks (or holds with the wrong size); true if it copied. */
    private boolean copyIfMissing(BackupBlob blob, BlobStore kept) throws IOException {
        Optional<Long> size = kept.size(blob.sha256());
        if (size.isPresent() && size.get() == blob.size()) {
            return false;
        }
        if (size.isPresent()) {
            kept.delete(blob.sha256());
        }
        Optional<InputStream> content = blobs.open(blob.sha256());
        if (content.isEmpty()) {
            throw new BackupException("media content " + blob.sha256().hex() + " is in a media ledger but not in the blob"
                    + " store. If housekeeping removed it while this backup ran, run the backup again; otherwise that"
                    + " content is lost and the ledger needs repair");
        }
        try (InputStream in = content.get()) {
            kept.put(blob.sha256(), in, blob.size());
        }
        return true;
    }

    private String relative(Path file) {
        return dataFolder.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }

    private static BackupFile entry(String path, FileKind kind, Path copy) throws IOException {
        FileDigest digest = FileDigest.of(copy);
        return new BackupFile(path, kind, digest.sha256(), digest.size());
    }

    private static void failOn(Optional<String> problem, Path copy) {
        if (problem.isPresent()) {
            throw new BackupException("the copy " + copy + " failed its check: " + problem.get());
        }
    }
}
