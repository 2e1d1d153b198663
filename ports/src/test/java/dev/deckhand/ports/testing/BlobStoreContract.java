package dev.deckhand.ports.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.out.BlobMismatchException;
import dev.deckhand.ports.out.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} must do; extended once per implementation. */
public abstract class BlobStoreContract {

    private BlobStore store;

    protected abstract BlobStore newStore();

    @BeforeEach
    void setUp() {
        store = newStore();
    }

    public static Sha256 sha256(byte[] bytes) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(bytes);
        return Sha256.of(digest);
    }

    private void put(byte[] bytes) {
        store.put(sha256(bytes), new ByteArrayInputStream(bytes), bytes.length);
    }

    private byte[] read(Sha256 address) throws IOException {
        try (InputStream in = store.open(address).orElseThrow()) {
            return in.readAllBytes();
        }
    }

    @Test
    void put_thenOpen_returnsTheSameBytes() throws IOException {
        byte[] bytes = "hello blob".getBytes(StandardCharsets.UTF_8);

        put(bytes);

        assertThat(store.exists(sha256(bytes))).isTrue();
        assertThat(read(sha256(bytes))).isEqualTo(bytes);
        assertThat(store.size(sha256(bytes))).contains((long) bytes.length);
    }

    @Test
    void put_ofALargeBlob_streams() throws IOException {
        byte[] bytes = new byte[6 * 1024 * 1024 + 17];
        new Random(7).nextBytes(bytes);

        put(bytes);

        assertThat(read(sha256(bytes))).isEqualTo(bytes);
    }

    @Test
    void put_twice_keepsOneBlob() {
        byte[] bytes = "same".getBytes(StandardCharsets.UTF_8);

        put(bytes);
        put(bytes);

        List<Sha256> all = new ArrayList<>();
        store.forEach(blob -> all.add(blob.sha256()));
        assertThat(all).containsExactly(sha256(bytes));
    }

    @Test
    void put_refusesBytesThatDoNotMatchTheirHash_andStoresNothing() {
        byte[] bytes = "claimed".getBytes(StandardCharsets.UTF_8);
        Sha256 wrong = sha256("something else".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> store.put(wrong, new ByteArrayInputStream(bytes), bytes.length))
                .isInstanceOf(BlobMismatchException.class);

        assertThat(store.exists(wrong)).isFalse();
        List<Sha256> all = new ArrayList<>();
        store.forEach(blob -> all.add(blob.sha256()));
        assertThat(all).isEmpty();
    }

    @Test
    void put_ofAnExistingHashWithOtherBytes_isRefused_andLeavesTheBlobAlone() throws IOException {
        byte[] bytes = "the real thing".getBytes(StandardCharsets.UTF_8);
        byte[] impostor = "an impostor!!!".getBytes(StandardCharsets.UTF_8);
        put(bytes);

        assertThatThrownBy(() -> store.put(sha256(bytes), new ByteArrayInputStream(impostor), impostor.length))
                .isInstanceOf(BlobMismatchException.class);

        assertThat(read(sha256(bytes))).isEqualTo(bytes);
    }

    @Test
    void put_refusesAWrongSize() {
        byte[] bytes = "sized".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> store.put(sha256(bytes), new ByteArrayInputStream(bytes), bytes.length + 1))
                .isInstanceOf(BlobMismatchException.class);
        assertThat(store.exists(sha256(bytes))).isFalse();
    }

    @Test
    void delete_removesOnlyThatBlob() {
        byte[] first = "first".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second".getBytes(StandardCharsets.UTF_8);
        put(first);
        put(second);

        assertThat(store.delete(sha256(first))).isTrue();

        assertThat(store.exists(sha256(first))).isFalse();
        assertThat(store.exists(sha256(second))).isTrue();
        assertThat(store.delete(sha256(first))).isFalse();
        assertThat(store.open(sha256(first))).isEmpty();
    }

    @Test
    void forEach_reportsSizesAndLastUse() {
        byte[] bytes = "listed".getBytes(StandardCharsets.UTF_8);
        put(bytes);

        List<BlobStore.StoredBlob> all = new ArrayList<>();
        store.forEach(all::add);

        assertThat(all).hasSize(1);
        assertThat(all.get(0).size()).isEqualTo(bytes.length);
        assertThat(all.get(0).lastUsed()).isNotNull();
    }
}
