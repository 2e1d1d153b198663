package dev.deckhand.adapter.filesystem;

import dev.deckhand.ports.out.DiskSpace;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** The free space of the file system a folder is on, keeping {@code reserveBytes} untouched. */
public final class FilesystemDiskSpace implements DiskSpace {

    private final Path folder;
    private final long reserveBytes;

    public FilesystemDiskSpace(Path folder, long reserveBytes) {
        this.folder = Objects.requireNonNull(folder, "folder");
        if (reserveBytes < 0) {
            throw new IllegalArgumentException("the reserve cannot be negative");
        }
        this.reserveBytes = reserveBytes;
    }

    @Override
    public boolean hasRoomFor(long bytes) {
        try {
            return Files.getFileStore(folder).getUsableSpace() - reserveBytes >= bytes;
        } catch (IOException e) {
            throw new StorageException("cannot read the free space of " + folder, e);
        }
    }
}
