package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.BlobMismatchException;
import dev.deckhand.ports.out.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Blobs in a map, for tests of the media core. */
public final class InMemoryBlobStore implements BlobStore {

    private final Map<Sha256, byte[]> blobs = new ConcurrentHashMap<>();

    @Override
    public void put(Sha256 sha256, InputStream content, long size) {
        byte[] bytes;
        try {
            bytes = content.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length != size || !BlobStoreContract.sha256(bytes).equals(sha256)) {
            throw new BlobMismatchException("bytes do not match " + sha256.hex());
        }
        blobs.putIfAbsent(sha256, bytes);
    }

    @Override
    public boolean exists(Sha256 sha256) {
        return blobs.containsKey(sha256);
    }

    @Override
    public Optional<InputStream> open(Sha256 sha256) {
        return Optional.ofNullable(blobs.get(sha256)).map(ByteArrayInputStream::new);
    }

    @Override
    public Optional<Long> size(Sha256 sha256) {
        return Optional.ofNullable(blobs.get(sha256)).map(b -> (long) b.length);
    }

    @Override
    public boolean delete(Sha256 sha256) {
        return blobs.remove(sha256) != null;
    }

    @Override
    public void forEach(Consumer<StoredBlob> visitor) {
        blobs.forEach((hash, bytes) -> visitor.accept(new StoredBlob(hash, bytes.length, Instant.EPOCH)));
    }
}
