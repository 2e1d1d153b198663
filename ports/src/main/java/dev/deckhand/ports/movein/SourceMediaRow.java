package dev.deckhand.ports.movein;

import java.util.Objects;

/**
 * A row of the old server's media database.
 *
 * @param filename the media file name, as devices know it
 * @param sha1 the recorded SHA-1 as lower-case hex; empty where the old server kept none (ankisyncd
 *     forgets the hash of a deleted file)
 * @param deleted whether the row records a deletion
 * @param usn the media USN of the row's last change
 * @param mtimeSecs when the old server recorded the change; 0 where it kept no time
 */
public record SourceMediaRow(String filename, String sha1, boolean deleted, int usn, long mtimeSecs) {

    public SourceMediaRow {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(sha1, "sha1");
        if (!sha1.isEmpty() && !sha1.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("a SHA-1 is 40 lower-case hex digits");
        }
        if (usn < 0) {
            throw new IllegalArgumentException("a media USN is never negative");
        }
    }
}
