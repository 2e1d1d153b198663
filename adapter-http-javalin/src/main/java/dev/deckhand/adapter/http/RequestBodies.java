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

    private static final String CLOCK = "deckhand.bodyClock";

    /** When the request's body must have arrived, how long that allows (for the refusal), and how fast it must come. */
    private record BodyClock(long deadlineNanos, long allowedSeconds, long minBytesPerSecond) {}

    private RequestBodies() {}

    /** Starts the request's body clock; registered as a before-handler for every route. */
    static void startClock(Context ctx, RequestLimits limits) {
        Duration maxBodyTime = limits.maxBodyTime();
        ctx.attribute(CLOCK, new BodyClock(System.nanoTime() + maxBodyTime.toNanos(), maxBodyTime.toSeconds(),
                limits.minDataRateBytesPerSecond()));
    }

    /** The raw request body, cut off when it arrives too slowly (after {@link TimedBody#RATE_GRACE_MILLIS}) or takes longer than allowed. */
    static InputStream stream(Context ctx) throws IOException {
        BodyClock clock = ctx.attribute(CLOCK);
        if (clock == null) {
            throw new IllegalStateException("the body clock was not started for " + ctx.path());
        }
        return new TimedBody(ctx.req().getInputStream(), clock.deadlineNanos(), clock.allowedSeconds(), clock.minBytesPerSecond(),
                System::nanoTime);
    }

    static byte[] json(Context ctx, long maxBytes, ZstdContexts zstd) throws IOException {
        try {
            return zstd.readAll(stream(ctx), maxBytes);
        } catch (LimitedInputStream.BodyTooLargeException e) {
            throw new ProblemException(Problem.TOO_LARGE, "request body is larger than " + e.limit() + " bytes");
        } catch (TimedBody.BodyTooSlowException e) {
            throw new ProblemException(Problem.REQUEST_TIMEOUT, e.getMessage());
        } catch (IOException e) {
            throw new BadRequestException("could not decode the zstd request body: " + e.getMessage(), e);
        }
    }
}
