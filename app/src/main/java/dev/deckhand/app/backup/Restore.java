package dev.deckhand.app.backup;

import dev.deckhand.adapter.sqlite.ServerDatabaseCopy;
import dev.deckhand.adapter.sqlite.collection.CollectionCheck;
import dev.deckhand.app.backup.BackupDestination.CompleteBackup;
import dev.deckhand.app.backup.BackupManifest.BackupBlob;
import dev.deckhand.app.backup.BackupManifest.BackupFile;
import dev.deckhand.app.backup.BackupManifest.FileKind;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.BlobMismatchException;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Restores a backup into an empty data folder, all or nothing. Everything is first written to a
 * staging folder inside the data folder ({@code .deckhand-restore}, so that the final renames stay
 * on one file system even when the data folder is a mount point), each file checked against the
 * manifest while it is copied, each media content against its SHA-256, each SQLite file by its
 * integrity check. Only then are the staged entries renamed into place, the server database last.
 * On any failure the staging folder is removed and the data folder is as it was.
 */
public final class Restore {

    static final String STAGING = ".deckhand-restore";

    private final Function<Path, BlobStore> blobStoreOf;
    private final Clock clock;

    /**
     * @param blobStoreOf the blob store a data folder at the given path uses: {@code <path>/blobs}
     *     on local disk, or the configured S3 bucket (which receives contents directly)
     */
    public Restore(Function<Path, BlobStore> blobStoreOf, Clock clock) {
        this.blobStoreOf = Objects.requireNonNull(blobStoreOf, "blobStoreOf");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What a restore put in place. */
    public record Report(BackupManifest manifest, int collections, int blobs, Duration took) {}

    /**
     * Restores {@code backup}, whose media contents are in {@code backupBlobs}, into {@code dataFolder}.
     *
     * @throws BackupException if the data folder is not empty, or the backup is damaged
     */
    public Report into(Path dataFolder, CompleteBackup backup, BlobStore backupBlobs) {
        Instant began = clock.instant();
        Path target = dataFolder.toAbsolutePath().normalize();
        requireEmpty(target);
        BackupManifest manifest = ManifestJson.read(backup.manifest());
        Path staging = target.resolve(STAGING);
        try {
            PrivateFiles.folder(target);
            PrivateFiles.deleteTree(staging);
            PrivateFiles.folder(staging);
            for (BackupFile file : manifest.files()) {
                stage(backup.folder(), file, staging);
            }
            BlobStore blobs = blobStoreOf.apply(staging);
            for (BackupBlob blob : manifest.blobs()) {
                stage(blob, backupBlobs, blobs);
            }
            requireAllListed(manifest, staging);
            moveIntoPlace(manifest, staging, target);
        } catch (IOException | StorageException e) {
            discard(staging);
            throw new BackupException("restore into " + target + " failed: " + Failures.describe(e), e);
        } catch (RuntimeException e) {
            discard(staging);
            throw e;
        }
        int collections = (int) manifest.files().stream().filter(file -> file.kind() == FileKind.COLLECTION).count();
        return new Report(manifest, collections, manifest.blobs().size(), Duration.between(began, clock.instant()));
    }

    private static void requireEmpty(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new BackupException(target + " is not a folder");
        }
        try (Stream<Path> entries = Files.list(target)) {
            List<String> held = entries.map(path -> path.getFileName().toString())
                    .filter(name -> !name.equals(STAGING))
                    .sorted()
                    .toList();
            if (!held.isEmpty()) {
                throw new BackupException("the data folder " + target + " is not empty (it holds "
                        + String.join(", ", held.subList(0, Math.min(5, held.size()))) + (held.size() > 5 ? ", …" : "")
                        + "); restore only goes into an empty folder, so that it never overwrites anything");
            }
        } catch (IOException e) {
            throw new BackupException("cannot read " + target + ": " + Failures.describe(e), e);
        }
    }

    /** Copies one file into the staging folder, checking it against the manifest and as SQLite. */
    private static void stage(Path backupFolder, BackupFile file, Path staging) throws IOException {
        Path source = backupFolder.resolve(file.path());
        if (!Files.isRegularFile(source)) {
            throw new BackupException("the backup is incomplete: " + file.path() + " is missing");
        }
        Path copy = staging.resolve(file.path());
        PrivateFiles.folder(copy.getParent());
        FileDigest digest = FileDigest.copy(source, copy);
        if (!digest.equals(new FileDigest(file.sha256(), file.size()))) {
            throw new BackupException("the backup is damaged: " + file.path() + " has SHA-256 " + digest.sha256().hex()
                    + " (" + digest.size() + " bytes), its manifest says " + file.sha256().hex() + " (" + file.size()
                    + " bytes)");
        }
        Optional<String> problem = file.kind() == FileKind.COLLECTION
                ? CollectionCheck.problemWith(copy)
                : new ServerDatabaseCopy(copy).problem();
        if (problem.isPresent()) {
            throw new BackupException("the backup's " + file.path() + " fails its check: " + problem.get());
        }
    }

    /** Copies one media content; the target store refuses bytes that do not match its SHA-256. */
    private static void stage(BackupBlob blob, BlobStore from, BlobStore to) throws IOException {
        Optional<InputStream> content = from.open(blob.sha256());
        if (content.isEmpty()) {
            throw new BackupException("the backup is incomplete: media content " + blob.sha256().hex() + " is missing");
        }
        try (InputStream in = content.get()) {
            to.put(blob.sha256(), in, blob.size());
        } catch (BlobMismatchException e) {
            throw new BackupException("the backup is damaged: media content " + blob.sha256().hex() + ": " + Failures.describe(e));
        }
    }

    private static void requireAllListed(BackupManifest manifest, Path staging) {
        List<Sha256> unlisted = BackupVerifier.unlistedBlobs(manifest, staging);
        if (!unlisted.isEmpty()) {
            throw new BackupException("the backup is incomplete: media content " + unlisted.get(0).hex()
                    + " is in a media ledger but not in the manifest");
        }
    }

    /** Renames the staged entries into the data folder, the server database last: a folder that holds it holds everything. */
    private static void moveIntoPlace(BackupManifest manifest, Path staging, Path target) throws IOException {
        Set<String> last = manifest.files().stream()
                .filter(file -> file.kind() == FileKind.SERVER_DATABASE)
                .map(file -> file.path().split("/")[0])
                .collect(Collectors.toSet());
        List<Path> entries;
        try (Stream<Path> listed = Files.list(staging)) {
            entries = new ArrayList<>(listed.toList());
        }
        entries.sort((a, b) -> Boolean.compare(last.contains(a.getFileName().toString()),
                last.contains(b.getFileName().toString())));
        for (Path entry : entries) {
            Files.move(entry, target.resolve(entry.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        Files.delete(staging);
        PrivateFiles.syncFolder(target);
    }

    private static void discard(Path staging) {
        try {
            PrivateFiles.deleteTree(staging);
        } catch (IOException e) {
            // A later restore clears it before it begins.
        }
    }
}
