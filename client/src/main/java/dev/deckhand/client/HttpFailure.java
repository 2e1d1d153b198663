package dev.deckhand.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** A non-2xx answer, from the API or the object store; 429 and 5xx are worth another attempt. */
final class HttpFailure extends IOException {

    private static final int LONGEST_MESSAGE = 300;

    private final int status;
    private final String body;
    private final Optional<Duration> retryAfter;

    HttpFailure(int status, String body, Optional<Duration> retryAfter) {
        super("HTTP " + status + (body.isEmpty() ? "" : ": " + body));
        this.status = status;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    static HttpFailure of(HttpResponse<?> response, byte[] body) {
        return new HttpFailure(response.statusCode(), excerpt(body), retryAfter(response));
    }

    int status() {
        return status;
    }

    String body() {
        return body;
    }

    Optional<Duration> retryAfter() {
        return retryAfter;
    }

    boolean isTransient() {
        return status == 429 || status >= 500;
    }

    /** The first line-collapsed characters of an error body: enough to explain, never a whole page. */
    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.length() <= LONGEST_MESSAGE ? text : text.substring(0, LONGEST_MESSAGE) + "...";
    }

    /** Retry-After in seconds; the HTTP-date form is rare enough to fall back to the backoff. */
    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
