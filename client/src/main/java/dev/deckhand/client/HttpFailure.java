package dev.deckhand.client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A non-2xx answer, from the API or the object store; 429 and 5xx are worth another attempt. */
final class HttpFailure extends IOException {

    private final int status;
    private final ErrorBody body;
    private final Optional<Duration> retryAfter;

    HttpFailure(int status, ErrorBody body, Optional<Duration> retryAfter) {
        super("HTTP " + status + (body.message().isEmpty() ? "" : ": " + body.message()));
        this.status = status;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    static HttpFailure of(HttpResponse<?> response, byte[] body) {
        return new HttpFailure(response.statusCode(), ErrorBody.read(response, body), retryAfter(response));
    }

    int status() {
        return status;
    }

    ErrorBody body() {
        return body;
    }

    Optional<Duration> retryAfter() {
        return retryAfter;
    }

    boolean isTransient() {
        return status == 429 || status >= 500;
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
