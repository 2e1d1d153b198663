package dev.deckhand.ports.model.decks;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request a client may make straight to the object store until {@code expiresAt}: the
 * method, the signed URL, and the headers it must send exactly as given (they are part of the
 * signature, e.g. the content length and SHA-256 checksum of an upload).
 */
public record PresignedRequest(String method, URI url, Map<String, String> headers, Instant expiresAt) {

    public PresignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
