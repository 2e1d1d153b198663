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
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.Request;

/**
 * Guards connections before any request handler runs, where a slow client costs a socket rather
 * than a thread: a client address may hold only so many connections (trusted proxies, which carry
 * everyone, excepted), and an HTTP/1 connection must deliver each request's line and headers
 * within the header timeout, however slowly it trickles them (the idle timeout alone never fires
 * while bytes keep coming). The header timeout runs from a fresh connection's opening and from a
 * kept-alive connection's next first byte, never over the silence between requests: clients keep
 * idle connections pooled (the official client for 90 s) and send on them without warning, so
 * closing one early makes a request cross the close on the wire and fail. Registered as a bean on
 * each connector, with {@link GuardedHttpConnectionFactory} reporting the first bytes.
 */
final class ConnectionGuard implements Connection.Listener, HttpChannel.Listener, AutoCloseable {

    private final RequestLimits limits;
    private final ProxySettings proxies;
    private final ScheduledExecutorService timers;
    private final Map<String, Integer> connectionsByAddress = new ConcurrentHashMap<>();
    /** The address each counted connection was counted under: a closed socket no longer tells it. */
    private final Map<Connection, String> counted = new ConcurrentHashMap<>();
    private final Map<EndPoint, ScheduledFuture<?>> headerDeadlines = new ConcurrentHashMap<>();

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
                }
            }
        }
        if (connection instanceof HttpConnection) {
            armHeaderDeadline(endPoint);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        String address = counted.remove(connection);
        if (address != null) {
            connectionsByAddress.computeIfPresent(address, (key, open) -> open == 1 ? null : open - 1);
        }
        cancelHeaderDeadline(connection.getEndPoint());
    }

    @Override
    public void onRequestBegin(Request request) {
        cancelHeaderDeadline(request.getHttpChannel().getEndPoint());
    }

    /** Bytes arrived while the connection waits for a request's headers; starts their clock if it is not running. */
    void requestBytesArrived(EndPoint endPoint) {
        armHeaderDeadline(endPoint);
    }

    private void armHeaderDeadline(EndPoint endPoint) {
        headerDeadlines.computeIfAbsent(endPoint, open -> timers.schedule(() -> {
            if (headerDeadlines.remove(open) != null) {
                open.close();
            }
        }, limits.headerTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }

    private void cancelHeaderDeadline(EndPoint endPoint) {
        ScheduledFuture<?> deadline = headerDeadlines.remove(endPoint);
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
