package dev.deckhand.adapter.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards connections before any request handler runs, where a slow client costs a socket rather
 * than a thread: a client address may hold only so many connections (trusted proxies, which carry
 * everyone, excepted), and an HTTP/1 connection must deliver each request's line and headers
 * within the header timeout, however slowly it trickles them (the idle timeout alone never fires
 * while bytes keep coming). The header timeout runs from a request's first byte, never over a
 * silence before it: clients keep idle connections pooled (the official client for 90 s), open
 * spare ones they may use only later, and send on them without warning, so closing a silent
 * connection makes a request cross the close on the wire and fail. A silent connection is closed
 * by the connector's keep-alive timeout instead. A TLS handshake, which has no request bytes to
 * start the clock, must finish within the header timeout of the connection's opening. Registered
 * as a bean on each connector, with {@link GuardedHttpConnectionFactory} reporting the first bytes.
 */
final class ConnectionGuard implements Connection.Listener, HttpChannel.Listener, SslHandshakeListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    private final RequestLimits limits;
    private final ProxySettings proxies;
    private final ScheduledExecutorService timers;
    private final Map<String, Integer> connectionsByAddress = new ConcurrentHashMap<>();
    /** The address each counted connection was counted under: a closed socket no longer tells it. */
    private final Map<Connection, String> counted = new ConcurrentHashMap<>();
    /** Keyed by the endpoint awaiting a request's headers, or by the engine of a TLS handshake under way. */
    private final Map<Object, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();

    ConnectionGuard(RequestLimits limits, ProxySettings proxies) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.proxies = Objects.requireNonNull(proxies, "proxies");
        this.timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deckhand-header-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void onOpened(Connection connection) {
        EndPoint endPoint = connection.getEndPoint();
        if (endPoint instanceof SocketChannelEndPoint) {
            String address = address(endPoint.getRemoteSocketAddress());
            if (!proxies.trusts(address)) {
                counted.put(connection, address);
                if (connectionsByAddress.merge(address, 1, Integer::sum) > limits.connectionsPerAddress()) {
                    endPoint.close();
                    return;
                }
            }
        }
        if (connection instanceof SslConnection tls) {
            arm(tls.getSSLEngine(), endPoint, "no TLS handshake");
        }
    }

    @Override
    public void handshakeSucceeded(Event event) {
        cancel(event.getSSLEngine());
    }

    @Override
    public void handshakeFailed(Event event, Throwable failure) {
        cancel(event.getSSLEngine());
    }

    @Override
    public void onClosed(Connection connection) {
        String address = counted.remove(connection);
        if (address != null) {
            connectionsByAddress.computeIfPresent(address, (key, open) -> open == 1 ? null : open - 1);
        }
        cancel(connection.getEndPoint());
        if (connection instanceof SslConnection tls) {
            cancel(tls.getSSLEngine());
        }
    }

    @Override
    public void onRequestBegin(Request request) {
        cancel(request.getHttpChannel().getEndPoint());
    }

    /** Bytes arrived while the connection waits for a request's headers; starts their clock if it is not running. */
    void requestBytesArrived(EndPoint endPoint) {
        arm(endPoint, endPoint, "no complete request headers");
    }

    private void arm(Object key, EndPoint toClose, String missing) {
        deadlines.computeIfAbsent(key, armed -> timers.schedule(() -> {
            if (deadlines.remove(armed) != null) {
                LOG.info("closed a connection from {}: {} within {} s", address(toClose.getRemoteSocketAddress()), missing,
                        limits.headerTimeout().toSeconds());
                toClose.close();
            }
        }, limits.headerTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }

    private void cancel(Object key) {
        ScheduledFuture<?> deadline = deadlines.remove(key);
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private static String address(SocketAddress socket) {
        return socket instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(socket);
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
