package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.deckhand.ports.testing.ParserContract;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

/**
 * zstd request bodies, as {@link RequestBodies#json} reads them (a cap on the decoded size) and as a
 * full upload streams them: any bytes decode to at most the cap or fail with an {@link IOException}
 * (which the routes answer with 400 or 413), in bounded time and memory, whatever window or size the
 * frame claims. And what Anki's encoder would send comes back exactly.
 */
class ZstdBodiesFuzzTest {

    private static final int CAP = 256 * 1024;
    private static final ParserContract CONTRACT = ParserContract.refusingOnlyWith(IOException.class)
            .within(Duration.ofSeconds(5), 8L * CAP + (8L << 20));

    @FuzzTest
    void decode(byte[] input) throws Exception {
        Optional<byte[]> whole = CONTRACT.check(() -> ZstdBodies.readAll(new ByteArrayInputStream(input), CAP));
        whole.ifPresent(decoded -> assertThat(decoded.length).isLessThanOrEqualTo(CAP));

        Optional<Long> streamed = CONTRACT.check(() -> drain(ZstdBodies.decoding(new ByteArrayInputStream(input))));
        whole.ifPresent(decoded -> assertThat(streamed).as("streamed like a full upload").contains((long) decoded.length));

        byte[] compressed = ZstdBodies.compress(input, 3);
        assertThat(ZstdBodies.readAll(new ByteArrayInputStream(compressed), input.length)).isEqualTo(input);
    }

    /** Reads like the full-upload path: in blocks, counting, stopping past the cap. */
    private static long drain(InputStream decoded) throws IOException {
        try (InputStream in = new LimitedInputStream(decoded, CAP)) {
            byte[] block = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(block)) >= 0) {
                total += n;
            }
            return total;
        }
    }
}
