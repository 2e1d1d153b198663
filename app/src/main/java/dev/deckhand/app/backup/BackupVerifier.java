package dev.deckhand.app.backup;

import dev.deckhand.adapter.sqlite.ServerDatabaseCopy;
import dev.deckhand.adapter.sqlite.collection.CollectionCheck;
import dev.deckhand.app.backup.BackupDestination.CompleteBackup;
import dev.deckhand.app.backup.BackupManifest.BackupBlob;
import dev.deckhand.app.backup.BackupManifest.BackupFile;
import dev.deckhand.app.backup.BackupManifest.FileKind;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a whole backup back and compares it with its manifest: every file's SHA-256 and size, every
 * media content's, the integrity check of every SQLite file, and that the manifest lists every
 * content the backed-up media ledgers need. Changes nothing.
 */
public final class BackupVerifier {

    /**
     * The outcome: what was read, and what is wrong (empty when the backup is intact).
     *
     * @param manifest the backup's manifest
     */
    public record Verification(BackupManifest manifest, List<String> problems) {
        public Verification {
            problems = List.copyOf(problems);
        }

        public boolean intact() {
            return problems.isEmpty();
        }
    }

    /** Verifies {@code backup}, whose media contents are in {@code blobs}. */
    public Verification verify(CompleteBackup backup, BlobStore blobs) {
        BackupManifest manifest = ManifestJson.read(backup.manifest());
        List<String> problems = new ArrayList<>();
        for (BackupFile file : manifest.files()) {
            problemWith(backup.folder(), file).ifPresent(problems::add);
        }
        for (BackupBlob blob : manifest.blobs()) {
            problemWith(blob, blobs).ifPresent(problems::add);
        }
        if (problems.isEmpty()) {
            unlistedBlobs(manifest, backup.folder()).forEach(needed ->
                    problems.add("media content " + needed.hex() + " is in a media ledger but not in the manifest"));
        }
        return new Verification(manifest, problems);
    }

    /** Contents the media ledgers in {@code folder} point at that the manifest does not list (so no backup kept them). */
    static List<Sha256> unlistedBlobs(BackupManifest manifest, Path folder) {
        Set<Sha256> listed = manifest.blobs().stream().map(BackupBlob::sha256).collect(Collectors.toSet());
        List<Sha256> unlisted = new ArrayList<>();
        for (BackupFile file : manifest.files()) {
            if (file.kind() == FileKind.SERVER_DATABASE) {
                new ServerDatabaseCopy(folder.resolve(file.path())).referencedBlobs().keySet().stream()
                        .filter(needed -> !listed.contains(needed))
                        .forEach(unlisted::add);
            }
        }
        return unlisted;
    }

    private static Optional<String> problemWith(Path folder, BackupFile file) {
        Path path = folder.resolve(file.path());
        if (!Files.isRegularFile(path)) {
            return Optional.of(file.path() + " is missing");
        }
        try {
            FileDigest digest = FileDigest.of(path);
            if (!digest.equals(new FileDigest(file.sha256(), file.size()))) {
                return Optional.of(file.path() + " is damaged: " + describe(digest) + ", the manifest says "
                        + describe(new FileDigest(file.sha256(), file.size())));
            }
            Optional<String> problem = file.kind() == FileKind.COLLECTION
                    ? CollectionCheck.problemWith(path)
                    : new ServerDatabaseCopy(path).problem();
            return problem.map(p -> file.path() + ": " + p);
        } catch (IOException e) {
            return Optional.of(file.path() + " cannot be read: " + Failures.describe(e));
        }
    }

    private static Optional<String> problemWith(BackupBlob blob, BlobStore blobs) {
        Optional<InputStream> content = blobs.open(blob.sha256());
        if (content.isEmpty()) {
            return Optional.of("media content " + blob.sha256().hex() + " is missing");
        }
        try (InputStream in = content.get()) {
            FileDigest digest = FileDigest.of(in);
            if (!digest.equals(new FileDigest(blob.sha256(), blob.size()))) {
                return Optional.of("media content " + blob.sha256().hex() + " is damaged: " + describe(digest));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("media content " + blob.sha256().hex() + " cannot be read: " + Failures.describe(e));
        }
    }

    private static String describe(FileDigest digest) {
        return digest.size() + " bytes with SHA-256 " + digest.sha256().hex();
    }
}
