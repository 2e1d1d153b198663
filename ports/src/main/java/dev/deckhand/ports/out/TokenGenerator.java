package dev.deckhand.ports.out;

import java.security.SecureRandom;
import java.util.Base64;

/** A source of unguessable tokens, injected so the cores hold no randomness of their own. */
public interface TokenGenerator {

    /** A new random token with at least 256 bits of entropy, URL-safe. */
    String newToken();

    /**
     * 256-bit tokens from the operating system's CSPRNG, Base64url without padding (43 characters):
     * what a server should use; tests inject predictable ones instead.
     */
    static TokenGenerator secureRandom() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        };
    }
}
