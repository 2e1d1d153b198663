package dev.deckhand.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** The JSON calls of {@code /api/v1}: one method per call, errors as {@link DeckhandApiException}. */
final class MediaApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http;
    private final String api;
    private final Optional<String> token;
    private final Retry retry;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    MediaApi(HttpClient http, URI baseUrl, Optional<String> token, Retry retry) {
        this.http = http;
        this.api = baseUrl.toString().replaceAll("/+$", "") + "/api/v1";
        this.token = token;
        this.retry = retry;
    }

    String login(String user, String password) {
        return call("POST", "/login", Map.of("username", user, "password", password), Wire.Token.class, Retry.TRANSIENT,
                new AtomicInteger()).token();
    }

    /** Announcing again is harmless (unused tickets expire), so failures are retried. */
    Wire.Check check(String deck, List<Wire.Announced> files) {
        return call("POST", deckPath(deck) + "/media/check", Map.of("files", files), Wire.Check.class, Retry.TRANSIENT,
                new AtomicInteger());
    }

    /**
     * Only a 429 is retried: after a 5xx or a lost answer the server may have stored the files
     * already, and confirming again would report their tickets as used.
     */
    Wire.Confirm confirm(String deck, List<String> tickets) {
        return call("POST", deckPath(deck) + "/media/confirm", Map.of("tickets", tickets), Wire.Confirm.class,
                Retry.RATE_LIMITED, new AtomicInteger());
    }

    /** One page of the deck's files in name order; {@code requests} counts every HTTP request made. */
    Wire.Page page(String deck, Optional<String> after, int limit, AtomicInteger requests) {
        String query = "?limit=" + limit + after.map(name -> "&after=" + encode(name)).orElse("");
        return call("GET", deckPath(deck) + "/media" + query, null, Wire.Page.class, Retry.TRANSIENT, requests);
    }

    /** The decks the signed-in user holds a role in. */
    Wire.Decks decks() {
        return call("GET", "/decks", null, Wire.Decks.class, Retry.TRANSIENT, new AtomicInteger());
    }

    private <T> T call(String method, String path, Object body, Class<T> answer, Predicate<IOException> worthRetrying,
            AtomicInteger requests) {
        HttpRequest request = request(method, path, body);
        byte[] reply;
        try {
            reply = retry.run(() -> {
                requests.incrementAndGet();
                return exchange(request);
            }, worthRetrying);
        } catch (HttpFailure e) {
            throw new DeckhandApiException(method + " " + api + path, e.status(), e.body().message(), e.body().problemType(),
                    e.body().requestId());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + api + " for " + method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            throw Workers.cancelled(e);
        }
        T value;
        try {
            value = json.readValue(reply, answer);
        } catch (IOException e) {
            throw new UncheckedIOException("an answer to " + method + " " + path + " that is not the expected JSON", e);
        }
        if (value == null) {
            throw new IllegalStateException("an empty answer to " + method + " " + path);
        }
        return value;
    }

    private HttpRequest request(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            try {
                request.method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                        .header("Content-Type", "application/json");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a request body as JSON", e);
            }
        }
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return request.build();
    }

    private byte[] exchange(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw HttpFailure.of(response, response.body());
        }
        return response.body();
    }

    private static String deckPath(String deck) {
        if (deck.isEmpty() || deck.equals(".") || deck.equals("..")) {
            throw new IllegalArgumentException("not a deck id: '" + deck + "'");
        }
        return "/decks/" + encode(deck);
    }

    /** Percent-encodes a path segment or query value; a space as %20, which both readings agree on. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
