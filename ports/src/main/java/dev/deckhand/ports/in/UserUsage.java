package dev.deckhand.ports.in;

import dev.deckhand.ports.model.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One user's share of the server.
 *
 * @param user the user
 * @param collectionBytes the collection file and its write-ahead log on disk; 0 before the first sync
 * @param notes notes in the collection; empty when there is no collection or it could not be read at once
 * @param cards cards in the collection; empty like {@code notes}
 * @param mediaFiles live files in the user's media ledger
 * @param mediaBytes their total size (each user's own view; identical files are stored once)
 * @param lastSync when the user last synced: the later of the collection's last-sync time
 *     ({@code col.ls}, set when a normal sync commits or a full upload arrives) and the newest
 *     media change; empty if never
 * @param devices host keys that still work (one per signed-in device)
 */
public record UserUsage(UserId user, long collectionBytes, OptionalLong notes, OptionalLong cards, long mediaFiles,
        long mediaBytes, Optional<Instant> lastSync, int devices) {

    public UserUsage {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(notes, "notes");
        Objects.requireNonNull(cards, "cards");
        Objects.requireNonNull(lastSync, "lastSync");
        if (collectionBytes < 0 || mediaFiles < 0 || mediaBytes < 0 || devices < 0) {
            throw new IllegalArgumentException("usage figures cannot be negative");
        }
    }

    /** The {@code lastSync} of a user: the later of the collection's last sync and the newest media change. */
    public static Optional<Instant> lastSync(Optional<Instant> collectionSync, Optional<Instant> newestMediaChange) {
        if (collectionSync.isEmpty()) {
            return newestMediaChange;
        }
        return newestMediaChange.filter(later -> later.isAfter(collectionSync.get())).or(() -> collectionSync);
    }
}
