package dev.deckhand.adapter.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A listener of its own for {@code GET /metrics}, on an address only scrapers reach (by default
 * 127.0.0.1). One thread serves it, apart from the sync server's threads, so a scrape never queues
 * behind syncs and a busy scraper never takes a sync's thread.
 */
public final class PrivateMetricsListener implements AutoCloseable {

    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService thread;

    private PrivateMetricsListener(HttpServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    /** Listens on {@code host:port} (0: a free port) and serves {@code page} at {@code /metrics}. */
    public static PrivateMetricsListener start(String host, int port, Supplier<String> page) {
        Objects.requireNonNull(page, "page");
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            String problem = "cannot listen on " + host + ":" + port + " for metrics: " + host + " is not an address";
            throw new UncheckedIOException(problem, new IOException(problem));
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " for metrics: " + e.getMessage(), e);
        }
        server.createContext("/metrics", exchange -> serve(exchange, page));
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "deckhand-metrics");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(thread);
        server.start();
        return new PrivateMetricsListener(server, thread);
    }

    private static void serve(HttpExchange exchange, Supplier<String> page) throws IOException {
        try (exchange) {
            if (!"/metrics".equals(exchange.getRequestURI().getPath()) || !"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = page.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The bound port (useful when started with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        thread.shutdownNow();
    }
}
