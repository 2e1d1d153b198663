package dev.deckhand.adapter.sqlite;

import dev.deckhand.ports.model.UserId;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where each user's files live: {@code <root>/users/<storage key>/}. The storage key is derived
 * from the user name by {@link UserId#storageKey()}, so no name can reach the file system as a path.
 */
final class CollectionFiles {

    static final String COLLECTION = "collection.anki2";

    private final Path root;

    CollectionFiles(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    Path usersFolder() {
        return root.resolve("users");
    }

    Path userFolder(UserId user) {
        Path folder = usersFolder().resolve(user.storageKey().value()).normalize();
        if (!folder.startsWith(root)) {
            throw new IllegalStateException("storage key escaped the data folder: " + folder);
        }
        return folder;
    }

    Path collection(UserId user) {
        return userFolder(user).resolve(COLLECTION);
    }

    static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
