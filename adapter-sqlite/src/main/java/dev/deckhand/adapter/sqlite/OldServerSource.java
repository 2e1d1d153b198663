package dev.deckhand.adapter.sqlite;

import dev.deckhand.adapter.sqlite.internal.OldServerFiles;
import dev.deckhand.ports.movein.MoveInSource;
import dev.deckhand.ports.movein.SourceKind;
import dev.deckhand.ports.movein.SourceUser;
import dev.deckhand.ports.out.StorageException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An old server's users as read by {@link OfficialServerFolder} or {@link AnkisyncdFolder}: the two
 * layouts differ in how they are read, not in what they hold once read. Closing removes the copies
 * of the old databases the reading made.
 *
 * @param mediaFolder the name of a user's media folder in this layout
 * @param scratch the folder of those copies
 */
record OldServerSource(SourceKind kind, Path base, String mediaFolder, Path scratch, List<SourceUser> users)
        implements MoveInSource {

    OldServerSource {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(mediaFolder, "mediaFolder");
        Objects.requireNonNull(scratch, "scratch");
        users = List.copyOf(users);
    }

    @Override
    public String location() {
        return base.toString();
    }

    @Override
    public InputStream openMedia(SourceUser user, String filename) {
        Path folder = user.folder().orElseThrow(() -> new StorageException(user.name() + " has no folder"));
        return OldServerFiles.openMedia(folder.resolve(mediaFolder), filename);
    }

    @Override
    public void close() {
        OldServerFiles.deleteTree(scratch);
    }
}
