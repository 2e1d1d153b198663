package dev.deckhand.ports.model;

/**
 * A user's media as a whole.
 *
 * @param lastUsn the media USN: bumped once per real change
 * @param liveFiles files that exist (not deleted), which the sanity check compares
 * @param liveBytes their total size
 */
public record MediaState(int lastUsn, long liveFiles, long liveBytes) {}
