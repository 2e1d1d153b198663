package dev.deckhand.ports.out;

/** A stored row's modification time (seconds) and USN: what the merge rules compare. */
public record RowStamp(long mtimeSecs, int usn) {}
