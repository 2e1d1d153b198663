package dev.deckhand.app.backup;

import dev.deckhand.ports.model.Sha256;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One collection file as a complete backup holds it, with the digest and size its manifest
 * promises: what {@code deckhand node adopt} restores a user from.
 *
 * @param file the file in the backup's folder
 * @param backup the backup's name
 * @param takenAt when the backup began; syncs acknowledged after it are not in the file
 */
public record BackedUpCollection(Path file, Sha256 sha256, long size, String backup, Instant takenAt) {

    public BackedUpCollection {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(takenAt, "takenAt");
    }

    /**
     * The file at {@code path} (relative to the data folder, {@code /}-separated) in the newest
     * complete backup of {@code destination}, if that backup has it.
     */
    public static Optional<BackedUpCollection> newest(BackupDestination destination, String path) {
        List<BackupDestination.CompleteBackup> backups = destination.complete();
        if (backups.isEmpty()) {
            return Optional.empty();
        }
        BackupDestination.CompleteBackup newest = backups.get(backups.size() - 1);
        BackupManifest manifest = ManifestJson.read(newest.manifest());
        return manifest.files().stream()
                .filter(file -> file.kind() == BackupManifest.FileKind.COLLECTION && file.path().equals(path))
                .findFirst()
                .map(file -> new BackedUpCollection(newest.folder().resolve(file.path()), file.sha256(), file.size(),
                        newest.name(), manifest.createdAt()));
    }
}
