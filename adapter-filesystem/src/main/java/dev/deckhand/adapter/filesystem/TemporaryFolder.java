package dev.deckhand.adapter.filesystem;

import dev.deckhand.ports.out.Leftovers;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;

/**
 * A folder that holds only temporaries: {@code <data>/tmp} (media uploads being unpacked, download
 * zips, shared-media scratch files) or a blob store's {@code incoming} folder. Removing leftovers
 * deletes files older than the cutoff and then the sub-folders left empty; symbolic links are
 * removed, never followed.
 */
public final class TemporaryFolder implements Leftovers {

    private final Path folder;

    public TemporaryFolder(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
    }

    @Override
    public Removed removeOlderThan(Instant cutoff) {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return Removed.NONE;
        }
        try {
            return sweep(folder, cutoff);
        } catch (IOException e) {
            throw new StorageException("cannot clear the leftovers in " + folder, e);
        }
    }

    private static Removed sweep(Path directory, Instant cutoff) throws IOException {
        Removed removed = Removed.NONE;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // its request finished and deleted it meanwhile
                }
                if (attributes.isDirectory()) {
                    removed = removed.plus(sweep(entry, cutoff));
                    deleteIfEmpty(entry);
                } else if (attributes.lastModifiedTime().toInstant().isBefore(cutoff) && Files.deleteIfExists(entry)) {
                    removed = removed.plus(new Removed(1, attributes.size()));
                }
            }
        }
        return removed;
    }

    private static void deleteIfEmpty(Path directory) {
        try (DirectoryStream<Path> left = Files.newDirectoryStream(directory)) {
            if (!left.iterator().hasNext()) {
                Files.deleteIfExists(directory);
            }
        } catch (IOException e) {
            // being filled by a request right now: a later sweep gets it
        }
    }
}
