package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per request: id, client address, method, path, status, user, uncompressed bytes sent, duration. */
final class RequestLog {

    private static final Logger LOG = LoggerFactory.getLogger("deckhand.requests");

    private final ClientAddresses addresses;

    RequestLog(ClientAddresses addresses) {
        this.addresses = Objects.requireNonNull(addresses, "addresses");
    }

    void log(Context ctx, float millis) {
        String user = ctx.attribute(CollectionSyncRoutes.USER_ATTRIBUTE);
        Long bytesOut = ctx.attribute(SyncResponses.BYTES_OUT_ATTRIBUTE);
        String error = ctx.attribute(RequestIds.ERROR_ATTRIBUTE);
        LOG.info("{} {} {} {} {} user={} out={} {}ms{}",
                RequestIds.of(ctx),
                addresses.of(ctx),
                ctx.method(),
                ctx.path(),
                ctx.statusCode(),
                user == null ? "-" : user,
                bytesOut == null ? 0 : bytesOut,
                Math.round(millis),
                error == null ? "" : " error=\"" + error + "\"");
    }
}
