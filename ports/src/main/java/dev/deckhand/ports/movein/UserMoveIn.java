package dev.deckhand.ports.movein;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.StagedCollection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one user brings along, ready to switch in.
 *
 * @param source the old server's folder, recorded with the move
 * @param collection the staged collection; empty if the old server had none for the user
 * @param mediaUsn the media USN devices hold; never lower than any entry's USN
 * @param password kept for a new account; empty to leave the account alone or to ask for a password
 * @param hostKeys digests of the keys devices signed in to the old server with
 */
public record UserMoveIn(
        UserId user,
        SourceKind kind,
        String source,
        Optional<StagedCollection> collection,
        int mediaUsn,
        List<LedgerEntry> media,
        Optional<ImportedPassword> password,
        List<HostKeyDigest> hostKeys) {

    public UserMoveIn {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(collection, "collection");
        media = List.copyOf(media);
        if (media.stream().anyMatch(entry -> entry.usn() > mediaUsn)) {
            throw new IllegalArgumentException("the media USN is below a file's USN");
        }
        Objects.requireNonNull(password, "password");
        hostKeys = List.copyOf(hostKeys);
    }
}
