package dev.deckhand.adapter.cognito;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cognito's {@code SECRET_HASH} for an app client with a secret: Base64 of HMAC-SHA256 keyed with
 * the client secret over the user name followed by the client id.
 */
final class SecretHash {

    private static final String HMAC = "HmacSHA256";

    private final String clientId;
    private final SecretKeySpec key;

    SecretHash(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.key = new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), HMAC);
    }

    String of(String username) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(clientId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
