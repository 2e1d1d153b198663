package dev.deckhand.ports.movein;

import java.io.InputStream;
import java.util.List;

/**
 * The folder an old server left behind, read without being changed: databases are read from
 * copies taken together with their write-ahead logs, never opened in place.
 */
public interface MoveInSource extends AutoCloseable {

    SourceKind kind();

    /** The folder, as shown to the operator. */
    String location();

    /** Every user the folder or the settings name, sorted by name; problems found are on each user. */
    List<SourceUser> users();

    /**
     * A live media file of the user.
     *
     * @throws dev.deckhand.ports.out.StorageException if it is missing, not a plain file in the
     *     user's media folder, or unreadable
     */
    InputStream openMedia(SourceUser user, String filename);

    /** Removes the copies taken for reading. */
    @Override
    void close();
}
