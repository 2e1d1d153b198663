package dev.deckhand.ports.movein;

import dev.deckhand.ports.model.Sha256;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of a user's media ledger as it moves in, with the old server's USN and time.
 *
 * @param sha1 lower-case hex; empty for a deletion whose hash the old server did not keep
 * @param sha256 the blob of a live file; empty for a deletion
 * @param size bytes of a live file; 0 for a deletion
 */
public record LedgerEntry(String filename, String sha1, Optional<Sha256> sha256, long size, int usn, long mtimeSecs) {

    public LedgerEntry {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(sha1, "sha1");
        Objects.requireNonNull(sha256, "sha256");
        if (sha256.isPresent() != (size > 0)) {
            throw new IllegalArgumentException("a live file has a blob and a size, a deletion neither");
        }
        if (sha256.isPresent() && !sha1.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("a live file has a SHA-1");
        }
    }

    public boolean deleted() {
        return sha256.isEmpty();
    }
}
