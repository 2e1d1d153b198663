package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request bodies: every handler reads its body through {@link #stream}, which ends it once the
 * longest time a body may take has passed since the request arrived; {@link #json} also decodes a
 * zstd-compressed JSON body, turning size and encoding problems into 413 and 400.
 */
final class RequestBodies {

    private static final String CLOCK = "deckhand.bodyClock";

    /**
     * When the request's body must have arrived, how long that allows (for the refusal), and how
     * many bytes of it were read, as sent (compressed bodies are counted compressed).
     */
    private record BodyClock(long deadlineNanos, long allowedSeconds, AtomicLong bytesRead) {}

    private RequestBodies() {}

    /** Starts the request's body clock; registered as a before-handler for every route. */
    static void startClock(Context ctx, Duration maxBodyTime) {
        ctx.attribute(CLOCK, new BodyClock(System.nanoTime() + maxBodyTime.toNanos(), maxBodyTime.toSeconds(),
                new AtomicLong()));
    }

    /** Bytes of the request's body read so far: 0 for a request no handler read a body of. */
    static long bytesRead(Context ctx) {
        BodyClock clock = ctx.attribute(CLOCK);
        return clock == null ? 0 : clock.bytesRead().get();
    }

    /** The raw request body, cut off when it arrives too slowly or takes longer than allowed. */
    static InputStream stream(Context ctx) throws IOException {
        BodyClock clock = ctx.attribute(CLOCK);
        if (clock == null) {
            throw new IllegalStateException("the body clock was not started for " + ctx.path());
        }
        return new CountedBody(new TimedBody(ctx.req().getInputStream(), clock.deadlineNanos(), clock.allowedSeconds()),
                clock.bytesRead());
    }

    static byte[] json(Context ctx, long maxBytes) throws IOException {
        try {
            return ZstdBodies.readAll(stream(ctx), maxBytes);
        } catch (LimitedInputStream.BodyTooLargeException e) {
            throw new HttpStatusException(413, "request body is larger than " + e.limit() + " bytes");
        } catch (TimedBody.BodyTooSlowException e) {
            throw new HttpStatusException(408, e.getMessage());
        } catch (IOException e) {
            throw new BadRequestException("could not decode the zstd request body: " + e.getMessage(), e);
        }
    }
}
