package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.Objects;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per request: id, client address, method, path, status, user, request body bytes read (as
 * sent), uncompressed bytes sent, duration.
 */
final class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("deckhand.requests");
    private static final Pattern CONTROLS = Pattern.compile("\\p{Cntrl}");

    private final ClientAddresses addresses;
    private final RecentRequests recent;
    private final Clock clock;

    /** Also keeps each request but the dashboard's own in {@code recent}. */
    RequestLog(ClientAddresses addresses, RecentRequests recent, Clock clock) {
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.recent = Objects.requireNonNull(recent, "recent");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Client-chosen text (a path, a reason quoting it) without line breaks or other controls, so no line can be forged. */
    private static String printable(String text) {
        return text == null ? null : CONTROLS.matcher(text).replaceAll("?");
    }

    /** Logs the request; in the JSON log format each field is also a key of its own. */
    void log(Context ctx, float millis) {
        String user = ctx.attribute(CollectionSyncRoutes.USER_ATTRIBUTE);
        Long bytesOut = ctx.attribute(SyncResponses.BYTES_OUT_ATTRIBUTE);
        String error = printable(ctx.attribute(RequestIds.ERROR_ATTRIBUTE));
        String path = printable(ctx.path());
        String request = RequestIds.of(ctx);
        String client = addresses.of(ctx);
        // Jetty's own count of the body received, as sent: a zstd body counts compressed.
        long received = Request.getBaseRequest(ctx.req()).getHttpInput().getContentReceived();
        long sent = bytesOut == null ? 0 : bytesOut;
        long duration = Math.round(millis);
        LoggingEventBuilder line = LOG.atInfo()
                .addKeyValue("request", request)
                .addKeyValue("client", client)
                .addKeyValue("method", ctx.method().name())
                .addKeyValue("path", path)
                .addKeyValue("status", ctx.statusCode())
                .addKeyValue("user", user == null ? "-" : user)
                .addKeyValue("bytes_in", received)
                .addKeyValue("bytes_out", sent)
                .addKeyValue("duration_ms", duration);
        if (error != null) {
            line = line.addKeyValue("error", error);
        }
        if (AdminRoutes.shown(path)) {
            recent.add(new RecentRequests.Request(clock.instant(), ctx.method().name(), path, ctx.statusCode(), duration,
                    user == null ? "-" : user));
        }
        line.log("{} {} {} {} {} user={} in={} out={} {}ms{}", request, client, ctx.method(), path, ctx.statusCode(),
                user == null ? "-" : user, received, sent, duration, error == null ? "" : " error=\"" + error + "\"");
    }
}
