package dev.deckhand.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * What the body of a refusal says: from the API, RFC 9457 problem details (its {@code detail},
 * {@code type} and {@code requestId}); from anything else (the object store, a proxy), an excerpt.
 */
record ErrorBody(String message, Optional<String> problemType, Optional<String> requestId) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LONGEST_MESSAGE = 300;

    static ErrorBody read(HttpResponse<?> response, byte[] body) {
        Optional<String> headerId = response.headers().firstValue("x-request-id");
        boolean problem = response.headers().firstValue("Content-Type")
                .map(type -> type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")).orElse(false);
        if (problem) {
            try {
                JsonNode details = JSON.readTree(body);
                if (details != null && details.isObject()) {
                    return new ErrorBody(excerpt(text(details, "detail").or(() -> text(details, "title")).orElse("")),
                            text(details, "type"), text(details, "requestId").or(() -> headerId));
                }
            } catch (IOException e) {
                // not the JSON it claims to be: shown as text below
            }
        }
        return new ErrorBody(excerpt(new String(body, StandardCharsets.UTF_8)), Optional.empty(), headerId);
    }

    private static Optional<String> text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value != null && value.isTextual() ? Optional.of(value.textValue()) : Optional.empty();
    }

    /** The first line-collapsed characters: enough to explain, never a whole page. */
    private static String excerpt(String text) {
        String collapsed = text.strip().replaceAll("\\s+", " ");
        return collapsed.length() <= LONGEST_MESSAGE ? collapsed : collapsed.substring(0, LONGEST_MESSAGE) + "...";
    }
}
