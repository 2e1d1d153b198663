package dev.deckhand.ports.movein;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One user of the old server, as its folder holds it.
 *
 * @param name the name exactly as the old server knew it; not yet checked (it may be hostile)
 * @param folder the user's folder, if there is one
 * @param problem why this user cannot be moved in, if the source already knows
 * @param collection the collection file; its write-ahead log, if any, lies beside it
 * @param mediaUsn the media USN the old server reported to devices
 * @param media every row of the old media database, deletions included, in USN order
 * @param ankisyncdPasswordHash ankisyncd's salted SHA-256 hash from {@code auth.db}
 * @param hostKeys keys devices were given by the old server and still hold ({@code session.db})
 */
public record SourceUser(
        String name,
        Optional<Path> folder,
        Optional<String> problem,
        Optional<Path> collection,
        int mediaUsn,
        List<SourceMediaRow> media,
        Optional<String> ankisyncdPasswordHash,
        List<String> hostKeys) {

    public SourceUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(collection, "collection");
        if (mediaUsn < 0) {
            throw new IllegalArgumentException("a media USN is never negative");
        }
        media = List.copyOf(media);
        Objects.requireNonNull(ankisyncdPasswordHash, "ankisyncdPasswordHash");
        hostKeys = List.copyOf(hostKeys);
    }

    @Override
    public String toString() {
        return "SourceUser[" + name + "]";
    }
}
