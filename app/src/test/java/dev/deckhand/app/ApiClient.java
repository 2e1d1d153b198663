package dev.deckhand.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Calls the shared-media API as any HTTP client would, and makes the pre-signed requests it hands out. */
final class ApiClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private final String base;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port + "/api/v1";
    }

    record Reply(int status, byte[] body, HttpResponse<byte[]> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    String login(String user) {
        Reply reply = send("POST", "/login", null, "{\"username\":\"" + user + "\",\"password\":\"" + RunningServer.PASSWORD + "\"}");
        if (reply.status() != 200) {
            throw new IllegalStateException("login failed: " + reply.status() + " " + reply.text());
        }
        return reply.json().get("token").asText();
    }

    Reply send(String method, String path, String token, String body) {
        return send(method, path, token, body == null ? new byte[0] : body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Reply send(String method, String path, String token, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body.length > 0) {
            request.header("Content-Type", "application/json");
        }
        return exchange(request.build());
    }

    Reply json(String method, String path, String token, Object body) {
        try {
            return send(method, path, token, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a pre-signed request exactly as the API described it ({@code method}, {@code url}, {@code headers}). */
    Reply presigned(JsonNode request, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(request.get("url").asText())).timeout(TIMEOUT)
                .method(request.get("method").asText(),
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, JsonNode> header : request.get("headers").properties()) {
            // The HTTP client sets content-length itself, from the body.
            if (!header.getKey().equalsIgnoreCase("content-length")) {
                builder.header(header.getKey(), header.getValue().asText());
            }
        }
        return exchange(builder.build());
    }

    private Reply exchange(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
