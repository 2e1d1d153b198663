package dev.deckhand.adapter.http;

import java.util.Objects;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * HTTP/1.1 connections that tell the {@link ConnectionGuard} when bytes arrive while the connection
 * waits for a request's line and headers: the moment the header timeout starts. Jetty reads a
 * request's body through a callback of its own, so only a request's first bytes (or the
 * peer's close) come this way.
 */
final class GuardedHttpConnectionFactory extends HttpConnectionFactory {

    private final ConnectionGuard guard;

    GuardedHttpConnectionFactory(HttpConfiguration configuration, ConnectionGuard guard) {
        super(Objects.requireNonNull(configuration, "configuration"));
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint,
                isRecordHttpComplianceViolations()) {
            @Override
            public void onFillable() {
                guard.requestBytesArrived(getEndPoint());
                super.onFillable();
            }
        };
        connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
        connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
        return configure(connection, connector, endPoint);
    }
}
