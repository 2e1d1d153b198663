package dev.deckhand.adapter.http;

import java.util.Objects;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;

/**
 * Counts the body bytes of each request and its response once the exchange is complete: only then
 * has Jetty written the whole response (a short one sits in its output buffer until the end).
 */
final class WireBytes implements HttpChannel.Listener {

    private final HttpMetrics metrics;

    WireBytes(HttpMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void onComplete(Request request) {
        if (request.getAttribute(HttpMetrics.ENDPOINT_ATTRIBUTE) instanceof String endpoint) {
            metrics.bytesTransferred(endpoint, request.getHttpInput().getContentReceived(),
                    request.getHttpChannel().getBytesWritten());
        }
    }
}
