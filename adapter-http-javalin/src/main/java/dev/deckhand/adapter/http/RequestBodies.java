package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Request bodies: every handler reads its body through {@link #stream}, which ends it once the
 * longest time a body may take has passed since the request arrived; {@link #json} also decodes a
 * zstd-compressed JSON body, turning size and encoding problems into 413 and 400.
 */
final class RequestBodies {

    private static final String DEADLINE = "deckhand.bodyDeadline";
    private static final String ALLOWED = "deckhand.bodySeconds";

    private RequestBodies() {}

    /** Starts the request's body clock; registered as a before-handler for every route. */
    static void startClock(Context ctx, Duration maxBodyTime) {
        ctx.attribute(DEADLINE, System.nanoTime() + maxBodyTime.toNanos());
        ctx.attribute(ALLOWED, maxBodyTime.toSeconds());
    }

    /** The raw request body, cut off when it arrives too slowly or takes longer than allowed. */
    static InputStream stream(Context ctx) throws IOException {
        Long deadline = ctx.attribute(DEADLINE);
        Long allowed = ctx.attribute(ALLOWED);
        if (deadline == null || allowed == null) {
            throw new IllegalStateException("the body clock was not started for " + ctx.path());
        }
        return new TimedBody(ctx.req().getInputStream(), deadline, allowed);
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
