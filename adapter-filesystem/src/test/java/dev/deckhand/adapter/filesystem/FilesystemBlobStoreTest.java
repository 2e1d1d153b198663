package dev.deckhand.adapter.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.testing.BlobStoreContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FilesystemBlobStoreTest extends BlobStoreContract {

    private Path root;

    @Override
    protected BlobStore newStore() {
        try {
            root = Files.createTempDirectory("blobs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FilesystemBlobStore(root);
    }

    @Test
    void blobs_liveUnderTheirHash_andARefusedPutLeavesNoFileBehind() throws IOException {
        BlobStore store = newStore();
        byte[] bytes = "on disk".getBytes(StandardCharsets.UTF_8);
        String hex = sha256(bytes).hex();

        store.put(sha256(bytes), new ByteArrayInputStream(bytes), bytes.length);
        try {
            store.put(sha256("other".getBytes(StandardCharsets.UTF_8)), new ByteArrayInputStream(bytes), bytes.length);
        } catch (RuntimeException expected) {
            // refused as a mismatch
        }

        assertThat(root.resolve(hex.substring(0, 2)).resolve(hex)).hasBinaryContent(bytes);
        try (Stream<Path> leftovers = Files.list(root.resolve("incoming"))) {
            assertThat(leftovers).isEmpty();
        }
    }
}
