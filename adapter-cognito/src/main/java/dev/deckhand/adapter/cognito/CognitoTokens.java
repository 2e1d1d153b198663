package dev.deckhand.adapter.cognito;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;

/**
 * Reads the Cognito user name from the tokens of a sign-in answer: the access token's
 * {@code username} claim, else the ID token's {@code cognito:username}.
 *
 * <p>The signatures are not checked: the tokens arrive in the answer to our own TLS call to
 * Cognito, so they are exactly as trustworthy as that answer, and they are never accepted from
 * anyone else.
 */
final class CognitoTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far above any real Cognito token; a bigger one is not parsed. */
    private static final int MAX_TOKEN_CHARS = 64 * 1024;

    private CognitoTokens() {}

    static Optional<String> username(AuthenticationResultType tokens) {
        return claim(tokens.accessToken(), "username").or(() -> claim(tokens.idToken(), "cognito:username"));
    }

    private static Optional<String> claim(String jwt, String name) {
        if (jwt == null || jwt.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        String[] parts = jwt.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode value = payload == null ? null : payload.get(name);
            return value != null && value.isTextual() && !value.asText().isEmpty()
                    ? Optional.of(value.asText())
                    : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
