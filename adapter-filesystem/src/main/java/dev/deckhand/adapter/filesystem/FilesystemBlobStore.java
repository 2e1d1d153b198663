package dev.deckhand.adapter.filesystem;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.BlobStoreException;
import dev.deckhand.ports.out.Leftovers;
import dev.deckhand.ports.out.VerifiedCopy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Blobs as files under {@code <root>/<first two hex digits>/<sha256>}. A blob is written to a
 * temporary file while being hashed, synced, and renamed into place only if its hash and size
 * match, so a reader never sees a partial or wrong blob. The file's modification time is its
 * last-used time. Parts that a crash left in {@code incoming} are {@link Leftovers}.
 */
public final class FilesystemBlobStore implements BlobStore, Leftovers {

    private final Path root;
    private final Path incoming;
    private final TemporaryFolder parts;

    public FilesystemBlobStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.incoming = this.root.resolve("incoming");
        this.parts = new TemporaryFolder(incoming);
        try {
            Files.createDirectories(incoming);
        } catch (IOException e) {
            throw new BlobStoreException("cannot create the blob folder " + root, e);
        }
    }

    @Override
    public Removed removeOlderThan(Instant cutoff) {
        return parts.removeOlderThan(cutoff);
    }

    @Override
    public void put(Sha256 sha256, InputStream content, long size) {
        Path target = pathOf(sha256);
        if (Files.exists(target)) {
            // Stored already: the bytes are still checked (and thrown away), so wrong content for
            // a known hash is refused like any other.
            try {
                VerifiedCopy.copy(content, OutputStream.nullOutputStream(), sha256, size);
            } catch (IOException e) {
                throw new BlobStoreException("cannot read blob " + sha256.hex(), e);
            }
            touch(target);
            return;
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(incoming, "blob-", ".part");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(channel)) {
                VerifiedCopy.copy(content, out, sha256, size);
                out.flush();
                channel.force(true);
            }
            Files.createDirectories(target.getParent());
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw new BlobStoreException("cannot store blob " + sha256.hex(), e);
        } finally {
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    @Override
    public boolean exists(Sha256 sha256) {
        return Files.exists(pathOf(sha256));
    }

    @Override
    public Optional<InputStream> open(Sha256 sha256) {
        try {
            return Optional.of(Files.newInputStream(pathOf(sha256)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BlobStoreException("cannot open blob " + sha256.hex(), e);
        }
    }

    @Override
    public Optional<Long> size(Sha256 sha256) {
        try {
            return Optional.of(Files.size(pathOf(sha256)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BlobStoreException("cannot read the size of blob " + sha256.hex(), e);
        }
    }

    @Override
    public boolean delete(Sha256 sha256) {
        try {
            return Files.deleteIfExists(pathOf(sha256));
        } catch (IOException e) {
            throw new BlobStoreException("cannot delete blob " + sha256.hex(), e);
        }
    }

    @Override
    public void forEach(Consumer<StoredBlob> visitor) {
        try (Stream<Path> files = Files.walk(root, 2)) {
            files.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(incoming))
                    .filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}"))
                    .forEach(p -> {
                        try {
                            visitor.accept(new StoredBlob(new Sha256(p.getFileName().toString()), Files.size(p),
                                    Files.getLastModifiedTime(p).toInstant()));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            throw new BlobStoreException("cannot list blobs under " + root, e);
        }
    }

    private Path pathOf(Sha256 sha256) {
        return root.resolve(sha256.hex().substring(0, 2)).resolve(sha256.hex());
    }

    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            throw new BlobStoreException("cannot refresh " + file, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A left-over temporary file is harmless; the next start can clear the folder.
        }
    }
}
