package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Successful sync responses: the payload as one zstd frame, with {@code anki-original-size} giving
 * the uncompressed length. Clients fail with "missing original size" without that header.
 */
final class SyncResponses {

    static final String ORIGINAL_SIZE = "anki-original-size";
    static final String BYTES_OUT_ATTRIBUTE = "deckhand.bytesOut";

    private final ZstdContexts zstd;
    private final int level;

    SyncResponses(ZstdContexts zstd, int level) {
        this.zstd = Objects.requireNonNull(zstd, "zstd");
        this.level = level;
    }

    void send(Context ctx, byte[] payload) {
        byte[] compressed = zstd.compress(payload);
        ctx.status(200);
        ctx.header(ORIGINAL_SIZE, Integer.toString(payload.length));
        ctx.header(RequestIds.HEADER, RequestIds.of(ctx));
        ctx.contentType("application/octet-stream");
        ctx.attribute(BYTES_OUT_ATTRIBUTE, (long) payload.length);
        ctx.result(compressed);
    }

    /** Streams {@code size} bytes from {@code content} as one zstd frame, with bounded memory. */
    void stream(Context ctx, long size, InputStream content) throws IOException {
        if (size > 0xFFFF_FFFFL) {
            // Clients parse anki-original-size as a u32.
            throw new ProblemException(Problem.SERVER_ERROR, "the collection is larger than the protocol can describe (4 GiB)");
        }
        ctx.status(200);
        ctx.header(ORIGINAL_SIZE, Long.toString(size));
        ctx.header(RequestIds.HEADER, RequestIds.of(ctx));
        ctx.contentType("application/octet-stream");
        long sent;
        try (OutputStream out = ZstdBodies.encoding(ctx.res().getOutputStream(), level, size)) {
            sent = content.transferTo(out);
        }
        ctx.attribute(BYTES_OUT_ATTRIBUTE, sent);
        if (sent != size) {
            throw new IllegalStateException("sent " + sent + " bytes but announced " + size);
        }
    }
}
