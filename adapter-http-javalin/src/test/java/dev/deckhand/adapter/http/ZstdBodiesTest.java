package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZstdBodiesTest {

    @Test
    void aLargeBody_isCompressedOnWorkerThreads_intoOneFrameWithTheSameContent() throws IOException {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "zstd's workers are used from two cores");
        byte[] body = compressibleBody((int) ZstdBodies.PARALLEL_FROM_BYTES + 3_000_000);

        byte[] parallel = encode(body, body.length);
        byte[] single = encode(body, 0);

        assertThat(parallel).as("workers cut the input into jobs, so the frame differs").isNotEqualTo(single);
        assertThat(Zstd.findFrameCompressedSize(parallel)).as("one frame, as clients expect").isEqualTo(parallel.length);
        assertThat(ZstdBodies.readAll(new ByteArrayInputStream(parallel), body.length)).isEqualTo(body);
    }

    @Test
    void aBodyBelowTheThreshold_isCompressedOnTheCallingThreadAlone() throws IOException {
        byte[] body = compressibleBody(1_000_000);

        assertThat(encode(body, body.length)).isEqualTo(encode(body, 0));
    }

    private static byte[] encode(byte[] body, long announcedSize) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = ZstdBodies.encoding(sink, 3, announcedSize)) {
            for (int offset = 0; offset < body.length; offset += 65_536) {
                out.write(body, offset, Math.min(65_536, body.length - offset));
            }
        }
        return sink.toByteArray();
    }

    /** Text-like bytes: repetitive enough to compress, varied enough that jobs matter. */
    private static byte[] compressibleBody(int size) {
        Random random = new Random(7);
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) ('a' + (random.nextInt(4) == 0 ? random.nextInt(26) : i % 7));
        }
        return body;
    }
}
