package dev.deckhand.ports.out;

import dev.deckhand.ports.model.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the collections on this server's own disk hold, for usage figures. Reads without taking any
 * sync lock and never makes a sync wait: a collection in the middle of a sync is reported as last
 * committed, or without counts if it cannot be read at once. In a cluster each node sees only the
 * collections placed on it. Failures to list the collections are {@link StorageException}s.
 */
public interface CollectionFigures {

    /** The user's collection on this disk; empty if there is none here (never synced, or on another node). */
    Optional<StoredCollection> collection(UserId user);

    /** Every collection on this disk, whoever it belongs to. */
    Totals totals();

    /**
     * One collection on disk.
     *
     * @param bytes the collection file and its write-ahead log
     * @param notes notes in it; empty if it could not be read at once
     * @param cards cards in it; empty like {@code notes}
     * @param lastSync the collection's own last-sync time ({@code col.ls}); when it could not be read,
     *     the time its file last changed; empty if it was read and never synced
     */
    record StoredCollection(long bytes, OptionalLong notes, OptionalLong cards, Optional<Instant> lastSync) {

        public StoredCollection {
            Objects.requireNonNull(notes, "notes");
            Objects.requireNonNull(cards, "cards");
            Objects.requireNonNull(lastSync, "lastSync");
            if (bytes < 0) {
                throw new IllegalArgumentException("a collection cannot have negative size");
            }
        }
    }

    /**
     * The collections on disk in total.
     *
     * @param collections how many
     * @param bytes their size with their write-ahead logs
     */
    record Totals(long collections, long bytes) {

        public Totals {
            if (collections < 0 || bytes < 0) {
                throw new IllegalArgumentException("collection totals cannot be negative");
            }
        }
    }
}
