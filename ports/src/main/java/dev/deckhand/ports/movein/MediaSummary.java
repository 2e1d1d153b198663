package dev.deckhand.ports.movein;

/**
 * A user's media as it moves in.
 *
 * @param files live files
 * @param bytes their total size
 * @param deletions deletions recorded (devices that are behind still learn of them)
 * @param usn the media USN devices compare with theirs
 */
public record MediaSummary(long files, long bytes, long deletions, int usn) {}
