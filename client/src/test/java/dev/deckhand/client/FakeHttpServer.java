package dev.deckhand.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A loopback HTTP server answering each path from a script, and remembering every request. */
final class FakeHttpServer implements AutoCloseable {

    record Received(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().get(0)).orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    record Answer(int status, Map<String, String> headers, byte[] body) {
        static Answer of(int status, String body) {
            return new Answer(status, Map.of(), body.getBytes(StandardCharsets.UTF_8));
        }

        static Answer json(String body) {
            return new Answer(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private final Map<String, Deque<Function<Received, Answer>>> scripts = new HashMap<>();

    FakeHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes());
            Answer answer = answer(request);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                exchange.getResponseBody().write(answer.body());
            }
            exchange.close();
        });
        server.start();
    }

    /** Answers requests to {@code path} (without query) with these, in turn; the last one again once they run out. */
    @SafeVarargs
    final synchronized FakeHttpServer on(String path, Function<Received, Answer>... answers) {
        Deque<Function<Received, Answer>> script = new ArrayDeque<>();
        for (Function<Received, Answer> answer : answers) {
            script.add(answer);
        }
        scripts.put(path, script);
        return this;
    }

    synchronized FakeHttpServer on(String path, Answer answer) {
        return on(path, request -> answer);
    }

    private synchronized Answer answer(Received request) {
        received.add(request);
        String path = request.pathAndQuery().replaceFirst("\\?.*", "");
        Deque<Function<Received, Answer>> script = scripts.get(path);
        if (script == null) {
            return Answer.of(404, "no script for " + path);
        }
        Function<Received, Answer> next = script.size() > 1 ? script.poll() : script.peek();
        return next.apply(request);
    }

    synchronized List<Received> received(String path) {
        return received.stream().filter(r -> r.pathAndQuery().replaceFirst("\\?.*", "").equals(path)).toList();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String url(String path) {
        return uri() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
