package dev.deckhand.ports.out;

import java.time.Instant;

/**
 * Temporary files an adapter writes while it works (a full upload being checked, a blob being
 * hashed) and a crash or a full disk can leave behind. Each can be hundreds of megabytes, so they
 * are removed at start-up (everything: no request is running yet) and by housekeeping (only those
 * older than any request can take, so never one in use).
 */
public interface Leftovers {

    /**
     * Removes this adapter's temporary files last modified before {@code cutoff}.
     *
     * @throws StorageException when the files cannot be listed
     */
    Removed removeOlderThan(Instant cutoff);

    /** What a removal freed. */
    record Removed(int files, long bytes) {

        public static final Removed NONE = new Removed(0, 0);

        public Removed {
            if (files < 0 || bytes < 0) {
                throw new IllegalArgumentException("counts cannot be negative");
            }
        }

        public Removed plus(Removed other) {
            return new Removed(files + other.files, bytes + other.bytes);
        }
    }
}
