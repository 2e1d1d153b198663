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
        ZstdOutputStreamNoFinalizer encoder = new ZstdOutputStreamNoFinalizer(out, level);
        encoder.setCloseFrameOnFlush(false);
        return encoder;
    }
}
