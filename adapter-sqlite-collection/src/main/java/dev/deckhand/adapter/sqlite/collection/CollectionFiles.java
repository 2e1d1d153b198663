package dev.deckhand.adapter.sqlite.collection;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Where each user's files live: {@code <root>/users/<storage key>/}. The storage key is derived
 * from the user name by {@link UserId#storageKey()}, so no name can reach the file system as a path.
 */
public final class CollectionFiles {

    public static final String COLLECTION = "collection.anki2";

    private final Path root;

    public CollectionFiles(Path root) {
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

    /** The user's collection file; it exists once the user has synced. */
    public Path collection(UserId user) {
        return userFolder(user).resolve(COLLECTION);
    }

    /** Every collection file under the root, in a stable order (by storage key). */
    public List<Path> stored() {
        Path users = root.resolve("users");
        if (!Files.isDirectory(users)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(users)) {
            return folders.map(folder -> folder.resolve(COLLECTION)).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new StorageException("cannot list the collections under " + users, e);
        }
    }

    public static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }
}
