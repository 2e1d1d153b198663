package dev.deckhand.adapter.http;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * zstd contexts reused from request to request for the small JSON bodies of the sync protocol.
 * Creating a context (its window and tables allocated and cleared, a 128 KiB input buffer) costs
 * far more than decoding or encoding a typical body of a few hundred bytes: about 20 us and 10 us
 * per body with fresh contexts against about 1 us with reused ones ({@code EnvelopeBenchmark},
 * docs/performance.md). At most {@code maxIdle} of each kind are kept, so the native memory they
 * hold stays bounded; a context that failed is closed, never reused.
 */
final class ZstdContexts {

    private final int level;
    private final BlockingQueue<ZstdCompressCtx> compressors;
    private final BlockingQueue<ZstdInputStreamNoFinalizer> decoders;

    ZstdContexts(int level, int maxIdle) {
        if (maxIdle < 1) {
            throw new IllegalArgumentException("maxIdle must be positive, got " + maxIdle);
        }
        this.level = level;
        this.compressors = new ArrayBlockingQueue<>(maxIdle);
        this.decoders = new ArrayBlockingQueue<>(maxIdle);
    }

    /** The payload as one zstd frame, as {@link ZstdBodies#compress} writes it. */
    byte[] compress(byte[] payload) {
        ZstdCompressCtx context = compressors.poll();
        if (context == null) {
            context = new ZstdCompressCtx();
            context.setLevel(level);
        }
        boolean reusable = false;
        try {
            byte[] frame = context.compress(payload);
            reusable = true;
            return frame;
        } finally {
            if (!reusable || !compressors.offer(context)) {
                context.close();
            }
        }
    }

    /** Reads a whole decoded body, at most {@code limit} bytes, as {@link ZstdBodies#readAll} does. */
    byte[] readAll(InputStream compressed, long limit) throws IOException {
        ZstdInputStreamNoFinalizer decoder = decoders.poll();
        boolean reusable = false;
        try (InputStream source = compressed) {
            if (decoder == null) {
                decoder = ZstdBodies.decoder(source);
            } else {
                decoder.resetSession(source);
            }
            byte[] body = new LimitedInputStream(decoder, limit).readAllBytes();
            // Let go of the request's stream now rather than when the decoder is next used.
            decoder.resetSession(InputStream.nullInputStream());
            reusable = true;
            return body;
        } finally {
            if (decoder != null && (!reusable || !decoders.offer(decoder))) {
                decoder.close();
            }
        }
    }
}
