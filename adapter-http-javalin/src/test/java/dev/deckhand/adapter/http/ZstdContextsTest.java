package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZstdContextsTest {

    private final ZstdContexts zstd = new ZstdContexts(3, 2);
    private final Random random = new Random(14);

    @Test
    void reusedContexts_codeEveryBodyAsFreshOnesDo() throws IOException {
        for (int i = 0; i < 200; i++) {
            byte[] body = body(random.nextInt(i % 10 == 0 ? 300_000 : 2_000));
            byte[] frame = zstd.compress(body);
            assertThat(ZstdBodies.readAll(new ByteArrayInputStream(frame), body.length)).isEqualTo(body);
            assertThat(zstd.readAll(new ByteArrayInputStream(ZstdBodies.compress(body, 3)), body.length)).isEqualTo(body);
        }
    }

    @Test
    void aBodyThatFails_leavesNothingBehindForTheNext() throws IOException {
        byte[] body = body(50_000);
        byte[] frame = ZstdBodies.compress(body, 3);
        byte[] truncated = Arrays.copyOf(frame, frame.length / 2);
        byte[] notZstd = "{\"minUsn\":1}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < 20; i++) {
            assertThatThrownBy(() -> zstd.readAll(new ByteArrayInputStream(truncated), body.length)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> zstd.readAll(new ByteArrayInputStream(frame), body.length - 1))
                    .isInstanceOf(LimitedInputStream.BodyTooLargeException.class);
            assertThatThrownBy(() -> zstd.readAll(new ByteArrayInputStream(notZstd), body.length)).isInstanceOf(IOException.class);
            assertThat(zstd.readAll(new ByteArrayInputStream(frame), body.length)).isEqualTo(body);
        }
    }

    @Test
    void concatenatedFrames_readAsOneBody_asBefore() throws IOException {
        byte[] first = ZstdBodies.compress(body(100), 3);
        byte[] second = ZstdBodies.compress(body(200), 3);
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        for (int i = 0; i < 3; i++) {
            assertThat(zstd.readAll(new ByteArrayInputStream(both), 1 << 20))
                    .isEqualTo(ZstdBodies.readAll(new ByteArrayInputStream(both), 1 << 20));
        }
    }

    /** JSON-like text: compressible, as sync bodies are. */
    private byte[] body(int size) {
        StringBuilder text = new StringBuilder(size + 32);
        while (text.length() < size) {
            text.append("[").append(random.nextInt(1_000_000)).append(",\"note ").append(random.nextInt(50)).append("\"],");
        }
        return text.substring(0, size).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
