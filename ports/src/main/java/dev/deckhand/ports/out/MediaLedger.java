package dev.deckhand.ports.out;

import dev.deckhand.ports.model.MediaChange;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.MediaState;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import java.util.List;
import java.util.Optional;

/**
 * Each user's media: file name to content, with the USN of its latest change. One row per name;
 * a deletion stays as a row so that devices that are behind learn about it.
 */
public interface MediaLedger {

    MediaState state(UserId user);

    /** Changes with a USN above {@code afterUsn}, in ascending USN order, at most {@code limit}. */
    List<MediaChange> changesAfter(UserId user, int afterUsn, int limit);

    /** The live file under {@code filename}, if there is one (deleted files are absent). */
    Optional<MediaFile> file(UserId user, String filename);

    /**
     * Applies the changes in order, in one transaction: a name mapped to content adds or replaces
     * the file, a name mapped to empty deletes it. Each real change takes the next USN; adding a
     * file that already has that content, or deleting an absent file, changes nothing.
     *
     * @return the state after the changes
     */
    MediaState apply(UserId user, List<MediaUpdate> updates, long nowSecs);

    /** Whether any user's live file points at this blob. */
    boolean references(Sha256 blob);

    /** A change to one file name; empty content means deletion. */
    record MediaUpdate(String filename, Optional<MediaFile> content) {}
}
