package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** A short id per request, sent back in {@code x-request-id} and written to the request log. */
final class RequestIds {

    static final String HEADER = "x-request-id";
    static final String ERROR_ATTRIBUTE = "deckhand.error";
    private static final String ATTRIBUTE = "deckhand.requestId";
    private static final String PREFIX = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
    private static final AtomicLong COUNTER = new AtomicLong();

    private RequestIds() {}

    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            id = PREFIX + "-" + Long.toString(COUNTER.incrementAndGet(), 36);
            ctx.attribute(ATTRIBUTE, id);
        }
        return id;
    }
}
