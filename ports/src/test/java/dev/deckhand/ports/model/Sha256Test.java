package dev.deckhand.ports.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class Sha256Test {

    private static final Sha256 ABC = new Sha256("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    @Test
    void aStreamHashesToTheStandardsTestVector() throws Exception {
        assertThat(Sha256.of(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)))).isEqualTo(ABC);
    }

    @Test
    void aStreamLongerThanTheBufferIsReadToItsEnd() throws Exception {
        byte[] million = "a".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);

        assertThat(Sha256.of(new ByteArrayInputStream(million)).hex())
                .isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    }

    @Test
    void aDigestFedOnTheWayGivesTheSameAndStartsOver() {
        MessageDigest digest = Sha256.newDigest();
        digest.update("ab".getBytes(StandardCharsets.US_ASCII));
        digest.update("c".getBytes(StandardCharsets.US_ASCII));

        assertThat(Sha256.of(digest)).isEqualTo(ABC);
        digest.update("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(Sha256.of(digest)).isEqualTo(ABC);
    }

    @Test
    void anotherAlgorithmsDigestIsRefused() throws Exception {
        assertThatThrownBy(() -> Sha256.of(MessageDigest.getInstance("SHA-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SHA-1");
    }
}
