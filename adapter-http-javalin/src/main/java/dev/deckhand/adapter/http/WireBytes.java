package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import org.eclipse.jetty.server.Request;

/** Bytes of a request and its response as they crossed the network: compressed, as the client sent them. */
final class WireBytes {

    private WireBytes() {}

    static long received(Context ctx) {
        return Request.getBaseRequest(ctx.req()).getHttpInput().getContentReceived();
    }

    static long sent(Context ctx) {
        return Request.getBaseRequest(ctx.req()).getHttpChannel().getBytesWritten();
    }
}
