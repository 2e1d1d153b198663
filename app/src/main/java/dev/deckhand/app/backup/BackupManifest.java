package dev.deckhand.app.backup;

import dev.deckhand.ports.model.Sha256;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one backup holds, written beside it as {@code manifest.json} once everything else is on
 * disk: each file with its SHA-256 and size, and the media contents the copied server database
 * refers to (kept in the destination's shared blob store, under their SHA-256).
 *
 * @param deckhandVersion the version of Deckhand that wrote the backup
 * @param createdAt when the backup began; every sync acknowledged before then is in it
 * @param files the server database and the collections, by path relative to the data folder
 * @param blobs every media content the backup's media ledgers point at
 */
public record BackupManifest(String deckhandVersion, Instant createdAt, List<BackupFile> files, List<BackupBlob> blobs) {

    public BackupManifest {
        Objects.requireNonNull(deckhandVersion, "deckhandVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        files = List.copyOf(files);
        blobs = List.copyOf(blobs);
    }

    /** What a backed-up file is, which decides how a restore checks it. */
    public enum FileKind {
        SERVER_DATABASE,
        COLLECTION
    }

    /**
     * One file of the backup.
     *
     * @param path relative to the data folder (and to the backup's folder), {@code /}-separated
     */
    public record BackupFile(String path, FileKind kind, Sha256 sha256, long size) {

        private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

        public BackupFile {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(sha256, "sha256");
            // A manifest is read back from disk: a path must never lead a restore outside its folder.
            if (path == null || !SAFE_PATH.matcher(path).matches() || List.of(path.split("/")).contains("..")) {
                throw new IllegalArgumentException("not a safe relative path: " + path);
            }
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative");
            }
        }
    }

    /** One media content: its address in the blob store and its size. */
    public record BackupBlob(Sha256 sha256, long size) {
        public BackupBlob {
            Objects.requireNonNull(sha256, "sha256");
            if (size <= 0) {
                throw new IllegalArgumentException("media contents are never empty");
            }
        }
    }
}
