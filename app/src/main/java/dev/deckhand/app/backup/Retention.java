package dev.deckhand.app.backup;

import dev.deckhand.adapter.filesystem.FilesystemBlobStore;
import dev.deckhand.app.backup.BackupDestination.CompleteBackup;
import dev.deckhand.app.backup.BackupManifest.BackupBlob;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.BlobStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the newest complete backups of a destination and deletes the older ones, then removes the
 * media contents that no kept backup's manifest lists. A content is shared by every backup that
 * lists it, so it goes only when the last of them has gone. If any kept manifest cannot be read,
 * no content is removed: what it needs is unknown.
 */
@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    /** What retention removed. */
    public record Report(List<String> deletedBackups, int deletedBlobs, long bytesFreed) {
        public Report {
            deletedBackups = List.copyOf(deletedBackups);
        }
    }

    /** Keeps the newest {@code keep} complete backups in {@code destination}; takes its lock. */
    public Report keepNewest(BackupDestination destination, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one backup");
        }
        try (BackupDestination.Lock lock = destination.lock()) {
            List<CompleteBackup> backups = destination.complete();
            List<String> deleted = new ArrayList<>();
            for (CompleteBackup old : backups.subList(0, Math.max(0, backups.size() - keep))) {
                destination.delete(old);
                deleted.add(old.name());
                LOG.info("deleted backup {} (keeping the newest {})", old.name(), keep);
            }
            Set<Sha256> listed = new HashSet<>();
            for (CompleteBackup kept : destination.complete()) {
                ManifestJson.read(kept.manifest()).blobs().stream().map(BackupBlob::sha256).forEach(listed::add);
            }
            FilesystemBlobStore blobs = destination.blobs();
            List<BlobStore.StoredBlob> unlisted = new ArrayList<>();
            blobs.forEach(blob -> {
                if (!listed.contains(blob.sha256())) {
                    unlisted.add(blob);
                }
            });
            long bytes = 0;
            for (BlobStore.StoredBlob blob : unlisted) {
                if (blobs.delete(blob.sha256())) {
                    bytes += blob.size();
                }
            }
            return new Report(deleted, unlisted.size(), bytes);
        } catch (IOException e) {
            throw new BackupException("retention in " + destination.root() + " failed: " + Failures.describe(e), e);
        }
    }
}
