package dev.deckhand.adapter.http;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * zstd at the application level, as sync version 11 uses it. Requests arrive as a zstd stream
 * (chunked, frame header without a content size), so they are decoded as a stream; responses are one
 * frame.
 */
final class ZstdBodies {

    /**
     * Largest back-reference window a request may demand: 16 MiB. Anki's encoder (level 3) uses
     * 2 MiB; the zstd default limit of 128 MiB would let each hostile request pin that much memory.
     */
    private static final int MAX_WINDOW_LOG = 24;

    static final long PARALLEL_FROM_BYTES = 8L << 20;
    private static final int PARALLEL_WORKERS = 2;
    private static final int PARALLEL_JOB_BYTES = 2 << 20;

    private ZstdBodies() {}

    /** Decodes a streamed request body; reading fails with an {@link IOException} if it is not zstd. */
    static InputStream decoding(InputStream compressed) throws IOException {
        return decoder(compressed);
    }

    /** The decoder {@link #decoding} returns, for callers that reuse it ({@link ZstdContexts}). */
    static ZstdInputStreamNoFinalizer decoder(InputStream compressed) throws IOException {
        ZstdInputStreamNoFinalizer decoder = new ZstdInputStreamNoFinalizer(compressed);
        decoder.setLongMax(MAX_WINDOW_LOG);
        decoder.setContinuous(false);
        return decoder;
    }

    /** Reads a whole decoded body into memory, at most {@code limit} bytes. */
    static byte[] readAll(InputStream compressed, long limit) throws IOException {
        try (InputStream decoded = new LimitedInputStream(decoding(compressed), limit)) {
            return decoded.readAllBytes();
        }
    }

    static byte[] compress(byte[] payload, int level) {
        return Zstd.compress(payload, level);
    }

    /** A stream that writes one zstd frame to {@code out}; closing it finishes the frame. */
    static OutputStream encoding(OutputStream out, int level) throws IOException {
        return encoding(out, level, 0);
    }

    /**
     * As {@link #encoding(OutputStream, int)}, for a body of {@code size} bytes: one of at least
     * {@link #PARALLEL_FROM_BYTES} is compressed by {@link #PARALLEL_WORKERS} zstd threads when the
     * machine has two cores or more. A full download's client waits for every byte, and on an
     * otherwise idle machine this halves the compression's share of that wait (90 MiB at level 3:
     * 290 ms on one thread, 150 ms on two); it costs about 20 MiB of buffers while it runs, and the
     * frame is a few per mille larger.
     */
    static OutputStream encoding(OutputStream out, int level, long size) throws IOException {
        ZstdOutputStreamNoFinalizer encoder = new ZstdOutputStreamNoFinalizer(out, level);
        encoder.setCloseFrameOnFlush(false);
        if (size >= PARALLEL_FROM_BYTES && Runtime.getRuntime().availableProcessors() >= 2) {
            encoder.setWorkers(PARALLEL_WORKERS);
            // zstd's default job for level 3 is 8 MiB, and it holds several jobs in flight: about 65 MiB.
            encoder.setJobSize(PARALLEL_JOB_BYTES);
        }
        return encoder;
    }
}
